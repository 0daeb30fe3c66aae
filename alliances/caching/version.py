"""The register version: one number for the whole register, changed by every write, and the marks of writes in flight.

Everything kept (whole responses, values, membership texts) is kept under the version it was
made at and served only at that version, so a committed write makes all of it unreachable at
once on every app server. A version is not handed out twice, even by a Redis that lost its keys
or came back from an older snapshot: it starts from the clock in microseconds and every change
adds a random step below 2**32.

A write must never leave old entries trusted, even when Redis stops answering in the middle of
it. So a write is marked before it reaches the database and confirmed after it commits:

- mark (before the first row is written): add one to the count of writes in flight
  (`register:writes`, which lives `LEASE` seconds) and change the version. If Redis does not
  answer, the write is refused (`Unreachable`): nothing is saved, nothing goes stale.
- confirm (after the commit): change the version again, take one from the count.

While the count is above zero nobody reads or keeps anything under the version (`read_state`
answers None, as when Redis is away): what a request would keep might have been made from the
rows before the write. If the confirmation is lost (Redis paused after the mark), the count
stays until its lease ends, then caching resumes under the version the mark made, which no
entry of the old rows carries. A transaction that lasts longer than the lease is the one case
left: its marks refresh the lease while it writes.

Answers just replaced. When the first of the writes in flight is confirmed, the version the
answers were kept at before they began (`register:settled`, noted by the mark that found no other
write in flight, and taken away by that confirmation) is noted as replaced
(`register:replaced:<version>`) for `STALE_WINDOW` seconds; it is read only once no write is in
flight. While one request makes an address's new answer, the others may be given that address's
answer of a version replaced so lately (responses.py) rather than wait: so an answer is never
more than `STALE_WINDOW` seconds behind a committed write. Nothing is noted for a lost confirmation, so
its old answers never stand in; while a write is in flight nothing is read under any version.
"""

import random
import threading
import time

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from . import context, store

VERSION_KEY = "register:version"
WRITES_KEY = "register:writes"
SETTLED_KEY = "register:settled"
# Seconds after a confirmed write during which the answers it replaced may stand in for new ones being made.
STALE_WINDOW = 5
# Seconds a mark keeps caching off when its confirmation never comes; marks refresh it while a transaction writes.
LEASE = 30
# Steps this wide leave about four billion writes before Redis's 64-bit counter would overflow.
MAX_STEP = 2**32


def _first_version():
    return time.time_ns() // 1000


def read_state(*keys):
    """(version, {key: value} of `keys` found), in one round trip.

    The version is None, and nothing is found, when the cache does not answer or a write is in
    flight: then nothing may be read or kept under a version.
    """
    found = store.read([VERSION_KEY, WRITES_KEY, *keys])
    if found is None or found.pop(WRITES_KEY, 0) > 0:
        return None, {}
    version = found.pop(VERSION_KEY, None)
    if version is None:
        # A new or emptied cache: start from the clock, so a lost cache does not walk through old versions.
        store.add(VERSION_KEY, _first_version(), None)
        found = store.read([VERSION_KEY, WRITES_KEY])
        if found is None or found.get(WRITES_KEY, 0) > 0:
            return None, {}
        version = found.get(VERSION_KEY)
    return version, found


def read_version():
    """The register version now, or None (cache away, or a write in flight)."""
    return read_state()[0]


def _replaced_key(version):
    return f"register:replaced:{version}"


def replaced_lately(version):
    """Whether a confirmed write replaced the answers of `version` less than STALE_WINDOW seconds ago."""
    return bool((store.read([_replaced_key(version)]) or {}).get(_replaced_key(version)))


def _change_version():
    """A new version; returns (the version before, the version now)."""
    step = random.randrange(1, MAX_STEP)
    now = store.increment(VERSION_KEY, step, start=_first_version())
    return now - step, now


def mark_write():
    """Before a write reaches the database: caching off, the version changed. Raises Unreachable (refuse the write)."""
    in_flight = store.increment(WRITES_KEY, timeout=LEASE)
    store.extend(WRITES_KEY, LEASE)  # each mark's lease is its own LEASE from now, not what is left of the first's
    settled, _ = _change_version()
    if in_flight == 1:  # no other write in flight: answers were kept at `settled` until now
        store.write_or_raise(SETTLED_KEY, settled, LEASE)
    context.forget_version()


def confirm_write():
    """After the write committed: the version changed again, the mark taken back. A lost confirmation waits LEASE."""
    try:
        _change_version()
        if store.decrement_if_present(WRITES_KEY) is not None:
            # The first confirmation of writes that overlapped starts the window and takes the note
            # away, so the last does not start it anew: an answer of before them is never served
            # more than STALE_WINDOW after the first of their commits.
            settled = (store.read([SETTLED_KEY]) or {}).get(SETTLED_KEY)
            if settled is not None:
                store.add(_replaced_key(settled), 1, STALE_WINDOW)
                store.delete(SETTLED_KEY)
    except store.Unreachable:
        pass  # logged by the store; the mark's lease keeps old entries untrusted
    context.forget_version()


def _in_transaction(connection):
    """Whether a write on `connection` waits for a commit.

    Not inside a test's own transaction (Django's TestCase wraps each test in one that never
    commits): there every write is seen at once by what the test reads next, as if committed.
    """
    return connection.in_atomic_block and not getattr(connection.atomic_blocks[0], "_from_testcase", False)


class _Refreshed(threading.local):
    at = 0.0  # when this thread last marked or extended a mark


_refreshed = _Refreshed()


def before_write(**kwargs):
    """pre_save, pre_delete, m2m pre_*: mark once a transaction (refreshing the lease now and then), confirm at commit.

    A transaction is marked while its confirmation waits among its on_commit callbacks; Django
    drops them at commit or rollback, so the next transaction marks again.
    """
    if kwargs.get("action", "pre_").startswith("post_"):
        return
    connection = connections[DEFAULT_DB_ALIAS]
    if not _in_transaction(connection):
        mark_write()  # autocommit: the post_ signal confirms, once the row is written
        return
    if any(callback is confirm_write for _, callback, _ in connection.run_on_commit):
        if time.monotonic() - _refreshed.at > LEASE / 3:
            store.extend(WRITES_KEY, LEASE)
            _refreshed.at = time.monotonic()
        return
    mark_write()
    _refreshed.at = time.monotonic()
    transaction.on_commit(confirm_write)


def after_write(**kwargs):
    """post_save, post_delete, m2m post_*: in autocommit the row is committed now; confirm the mark of before_write."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return
    if not _in_transaction(connections[DEFAULT_DB_ALIAS]):
        confirm_write()


class register_write:
    """`with register_write():` around writes that send no signals (bulk_create, update()): marked, then confirmed."""

    def __enter__(self):
        mark_write()

    def __exit__(self, *exc):
        transaction.on_commit(confirm_write)  # at once in autocommit


def connect_signals(app_config):
    """Every model of the app, history tables aside, marks and confirms its writes."""
    for model in app_config.get_models():
        if model.__name__.startswith("Historical"):
            continue
        name = model.__name__
        pre_save.connect(before_write, sender=model, dispatch_uid=f"register-write-pre-save-{name}")
        post_save.connect(after_write, sender=model, dispatch_uid=f"register-write-post-save-{name}")
        pre_delete.connect(before_write, sender=model, dispatch_uid=f"register-write-pre-delete-{name}")
        post_delete.connect(after_write, sender=model, dispatch_uid=f"register-write-post-delete-{name}")
    for model in app_config.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(before_write, sender=through, dispatch_uid=f"register-write-m2m-pre-{through.__name__}")
            m2m_changed.connect(after_write, sender=through, dispatch_uid=f"register-write-m2m-post-{through.__name__}")
