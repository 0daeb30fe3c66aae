"""The versions of the surrogate keys (keys.py), in the database: changed in each write's own transaction, with the
purges it owes (purges.py); read once a request (`answering`), or held by the process between notices. README.md."""

import contextlib
import hashlib
import os
import random
import select
import threading
import time
from contextvars import ContextVar

import psycopg
from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from ..models import KeyVersion, PendingPurge
from . import purges
from .keys import REGISTER, SITE, link_keys, new_record_keys, record_keys

_answer = ContextVar("answer", default=None)  # [keys, version or None, replica allowed, held ones allowed]
# The versions this process read for shared answers, held till its LISTEN connection hears a write (README.md).
_lock, _held = threading.Lock(), {"listener": None, "versions": {}, "until": 0.0}
os.register_at_fork(after_in_child=lambda: _held.update(listener=None, versions={}))  # a worker listens on its own


def bump(keys):
    """New versions for `keys` and the register, in the current transaction; the purges owed to the edges recorded."""
    keys = sorted({*keys, REGISTER}, key=lambda name: (name != REGISTER, name))  # every write locks the register first
    new = [KeyVersion(key=name, version=random.getrandbits(62)) for name in keys]
    KeyVersion.objects.bulk_create(new, update_conflicts=True, unique_fields=["key"], update_fields=["version"])
    purges.owe(keys)
    transaction.on_commit(lambda: _held.update(versions={}))  # this process knows at once; the others at the notice


def _listening(connection):
    """Whether this process's LISTEN connection is up, its notices taken in: each drops the held versions."""
    now, listener = time.monotonic(), _held["listener"]
    if now >= _held["until"]:  # held long enough: a notice lost on the way costs no more than this
        _held.update(versions={}, until=now + settings.VERSIONS_HELD_SECONDS)
    try:
        if listener is None:
            listener = psycopg.connect(**connection.get_connection_params(), autocommit=True)
            listener.execute("LISTEN key_versions")  # the trigger of migration 0027 sends them
            _held.update(listener=listener, versions={})
        while select.select([listener.pgconn.socket], [], [], 0)[0]:
            listener.pgconn.consume_input()  # raises at the end of a connection the server closed
            while listener.pgconn.notifies():
                _held["versions"] = {}
        return True
    except (psycopg.Error, OSError):
        _held.update(listener=None, versions={})
        return False


def read(keys, using="default", held=False):
    """{key: version} of `keys` as the database `using` holds them (0: never written), or as this process holds them
    where `held` (a shared answer's, outside a transaction, on PostgreSQL with VERSIONS_HELD_SECONDS)."""
    connection = connections[using]
    if held and settings.VERSIONS_HELD_SECONDS and connection.vendor == "postgresql" and not connection.in_atomic_block:
        with _lock:
            versions = _held["versions"] if _listening(connection) else {}
        if any(name not in versions for name in keys):
            versions.update(read(keys, using))  # into a dict dropped meanwhile if a notice came: nobody reads it then
        return {name: versions[name] for name in keys}
    with connection.cursor() as cursor:
        table, places = KeyVersion._meta.db_table, ", ".join(["%s"] * len(keys))
        cursor.execute(f'SELECT "key", version FROM {table} WHERE "key" IN ({places})', keys)
        found = dict(cursor.fetchall())
    return {name: found.get(name, 0) for name in keys}


@contextlib.contextmanager
def answering(keys, *, shared=True, held=True):
    """Within the block `current_version()` is the version of an answer with `keys`: a shared answer's read now (held
    ones if `held`; and whether the replica holds it), a curator's when first asked, never from the replica."""
    token = _answer.set([sorted({*keys, SITE}), None, shared, held and shared])
    try:
        if shared:
            current_version()
        yield
    finally:
        _answer.reset(token)


def current_version():
    """The version of the answer being made (a short text); None outside one, or with the database away."""
    answer = _answer.get()
    if answer is not None and answer[1] is None:
        try:
            keys, versions, answer[1] = answer[0], read(answer[0], held=answer[3]), ""
            answer[2] = answer[2] and "replica" in settings.DATABASES and read(keys, "replica") == versions
            answer[1] = hashlib.sha256(",".join(f"{key}={versions[key]}" for key in keys).encode()).hexdigest()[:20]
        except DatabaseError:  # the view will meet it too, and answer 503 (config/health.py)
            answer[2] = False
    return answer[1] or None if answer else None


def replica_allowed():
    """Whether the answer being made may read the replica: it holds the versions the primary holds."""
    return bool(_answer.get() and _answer.get()[2])


def _before(sender, instance, **kwargs):
    """pre_save, pre_delete of a row that exists: what showed it changes; a save notes what could move it."""
    if instance.pk is None or kwargs.get("raw"):
        return
    if "update_fields" in kwargs:  # pre_save
        moving = [field.attname for field in sender._meta.concrete_fields if field.is_relation or field.name == "slug"]
        instance._was = sender._base_manager.filter(pk=instance.pk).values(*moving).first()
        if instance._was is None:
            return  # a new row with a key of its own (a country's code): post_save says so
    bump(record_keys(sender, [instance.pk]))


def _after(sender, instance, created, raw=False, **kwargs):
    """post_save: a new row's keys, or, when a link or a slug moved it, the keys of where it is now."""
    was = instance.__dict__.pop("_was", None)
    if raw:
        return
    if created or was is None:
        bump(new_record_keys(instance))
    elif any(getattr(instance, name) != value for name, value in was.items()):
        bump(record_keys(sender, [instance.pk]))


def _related(sender, instance, action, model, pk_set, **kwargs):
    """m2m_changed: after a link is added or removed, the answers of both ends; before a clear, all of this end's."""
    if action in ("post_add", "post_remove") and pk_set:
        bump(link_keys(type(instance), [instance.pk]) | link_keys(model, pk_set))
    elif action == "pre_clear":
        bump(record_keys(type(instance), [instance.pk]))


def connect_signals(app_config):
    """Every model of the app but history and these tables reports its writes (a receiver connects once a sender)."""
    for model in app_config.get_models():
        if model.__name__.startswith("Historical") or model in (KeyVersion, PendingPurge):
            continue
        for signal, receiver in ((pre_save, _before), (post_save, _after), (pre_delete, _before)):
            signal.connect(receiver, sender=model)
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(_related, sender=field.remote_field.through)
