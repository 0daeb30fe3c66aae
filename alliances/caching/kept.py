"""Values that change only with the register (a list's count, a form's choices, an alliance's summary of a day),
kept under their answer's versions; outside an answer (a management command) computed every time."""

import hashlib

from . import store
from .versions import current_version


def cache_key(prefix, *parts):
    """A short key for the shared cache from any parts."""
    return f"{prefix}:{hashlib.sha256('|'.join(str(part) for part in parts).encode()).hexdigest()[:32]}"


def kept(parts, compute):
    """`compute()` (never None), kept under the answer's version and `parts`, which name all else it depends on."""
    version = current_version()
    if version is None:
        return compute()
    key = cache_key("kept", version, *parts)
    found = store.read([key])
    value = found.get(key) if found else None
    if value is None:
        value = compute()
        if found is not None:
            store.write(key, value)
    return value


def kept_texts(names, write_missing, *, parts):
    """{name: text} for `names`, kept under the answer's version and `parts` in one group (a Redis hash, read in
    one round trip); `write_missing(names)` makes the rest."""
    version = current_version()
    if version is None:
        return write_missing(names)
    group = cache_key("texts", version, *parts)
    texts = dict(zip(names, store.read_texts(group, names) or [None] * len(names), strict=True))
    missing = [name for name, text in texts.items() if text is None]
    written = write_missing(missing) if missing else {}
    if written:
        store.keep_texts(group, written)
    texts.update(written)
    return texts
