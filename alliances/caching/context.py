"""The register version as read once for the request being served, in a context variable the middleware sets.

Code that keeps something under the version (`kept`, the API's membership texts, the map's
address) asks `current_version()` and never needs the request. Inside a request the version is
read at most once (by the shared response cache, together with the kept response); outside one
(a management command, a test calling a function) it is read each time it is asked for.
"""

import contextlib
from contextvars import ContextVar

_UNREAD = object()


class _Slot:
    __slots__ = ("version",)

    def __init__(self, version):
        self.version = version


_slot = ContextVar("register_version", default=None)


def current_version():
    """The register version for this request (read now if nobody has yet), or None: keep nothing."""
    from .version import read_version

    slot = _slot.get()
    if slot is None:
        return read_version()
    if slot.version is _UNREAD:
        slot.version = read_version()
    return slot.version


@contextlib.contextmanager
def version_for_request(version=_UNREAD):
    """Within the block, `current_version()` is `version` (None: keep nothing), or read once when first asked."""
    token = _slot.set(_Slot(version))
    try:
        yield
    finally:
        _slot.reset(token)


def forget_version():
    """After this request's own write: the version it read is stale, read it again when next asked."""
    slot = _slot.get()
    if slot is not None:
        slot.version = _UNREAD
