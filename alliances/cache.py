"""One version number for the whole register, bumped on every write, and values kept under it.

Cached pages and API responses put the version in their keys and ETags, so a curator's
change is seen at once on every app server that shares the cache: nothing waits for a
timer to expire. What only changes with the register (the count of a filtered list, the
choices of a filter form) is kept under the version too (`kept`), so it is worked out once
per version rather than on every request that misses the response cache. When the cache
cannot be reached, the site serves from the database.

A version is not handed out twice, even by a Redis that lost its keys or came back from an
older snapshot (which a counter bumped by one would walk through again, with other data
behind the same numbers): it starts from the clock in microseconds and every write adds a
random step below 2**32, so a version made before comes back only by a chance in billions.
ETags held by browsers and the copies each app server keeps of recent responses
(alliances.response_cache) are good only for the version they were made at.
"""

import hashlib
import logging
import random
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

logger = logging.getLogger(__name__)

VERSION_KEY = "register:version"
# Steps this wide leave about four billion writes before Redis's 64-bit counter would overflow.
MAX_STEP = 2**32


def _first_version():
    return time.time_ns() // 1000


TIMEOUT = 24 * 60 * 60  # a new version makes old entries unreachable long before this


def cache_key(prefix, *parts):
    """A short key for the shared cache from any parts."""
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"{prefix}:{digest}"


def safe_get(key):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unreachable while reading %s", key, exc_info=True)
        return None


def safe_set(key, value):
    try:
        cache.set(key, value, TIMEOUT)
    except Exception:
        logger.warning("cache unreachable while writing %s", key, exc_info=True)


def safe_add(key, value, timeout):
    """True when `key` was free and now holds `value`; False when it was taken or the cache is out of reach."""
    try:
        return cache.add(key, value, timeout)
    except Exception:
        logger.warning("cache unreachable while writing %s", key, exc_info=True)
        return False


def safe_delete(key):
    try:
        cache.delete(key)
    except Exception:
        logger.warning("cache unreachable while deleting %s", key, exc_info=True)


def kept_texts(group, names):
    """The texts `keep_texts` kept in `group` under `names`, None where there is none or the cache is away.

    One round trip, with a cache that keeps a group of texts together (config.cache_backend:
    a Redis hash); another cache keeps each text under its own key.
    """
    try:
        if hasattr(cache, "get_texts"):
            return cache.get_texts(group, names)
        found = cache.get_many([f"{group}:{name}" for name in names])
    except Exception:
        logger.warning("cache unreachable while reading %s texts of %s", len(names), group, exc_info=True)
        return [None] * len(names)
    return [found.get(f"{group}:{name}") for name in names]


def keep_texts(group, texts):
    """Keep {name: text} in `group` of the shared cache, in one round trip."""
    try:
        if hasattr(cache, "set_texts"):
            cache.set_texts(group, texts, TIMEOUT)
        else:
            cache.set_many({f"{group}:{name}": text for name, text in texts.items()}, TIMEOUT)
    except Exception:
        logger.warning("cache unreachable while writing %s texts of %s", len(texts), group, exc_info=True)


def register_version():
    """The current version of the register's data, or None when the cache is out of reach."""
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # Start from the clock so a cache that lost its keys does not walk through old versions.
            cache.add(VERSION_KEY, _first_version(), timeout=None)
            version = cache.get(VERSION_KEY)
        return version
    except Exception:  # the cache is down: callers fall back to the database
        logger.warning("cache unreachable while reading the register version", exc_info=True)
        return None


def request_register_version(request):
    """The register version as read once for this request (by the shared response cache), else read now.

    None when the shared response cache found the cache out of reach: the request does not ask
    again for each value it would have kept, and is served from the database.
    """
    if hasattr(request, "register_version"):
        return request.register_version
    return register_version()


def kept(request, parts, compute):
    """`compute()`, kept in the shared cache under the register version and `parts`.

    The first request after a write computes it, the others read it, until the next write;
    `parts` must name everything the value depends on besides the register's data. Computed
    afresh, uncached, when the cache is out of reach. `compute()` must not return None.
    """
    version = request_register_version(request)
    if version is None:
        return compute()
    key = cache_key("kept", version, *parts)
    value = safe_get(key)
    if value is None:
        value = compute()
        safe_set(key, value)
    return value


def register_version_and_get(key):
    """The register version and the value cached under `key`, in one round trip to the cache.

    (None, None) when the cache is out of reach.
    """
    version, found = register_version_and_get_many([key])
    return version, found.get(key)


def register_version_and_get_many(keys):
    """The register version and a dict of the values cached under `keys`, in one round trip.

    (None, {}) when the cache is out of reach.
    """
    try:
        found = cache.get_many([VERSION_KEY, *keys])
    except Exception:
        logger.warning("cache unreachable while reading the register version", exc_info=True)
        return None, {}
    version = found.pop(VERSION_KEY, None)
    if version is None:
        version = register_version()
    return version, found


def bump_register_version():
    """Mark every cached page and response stale. Runs after the writing transaction commits."""

    def bump():
        try:
            cache.incr(VERSION_KEY, random.randrange(1, MAX_STEP))
        except ValueError:  # no version yet
            cache.add(VERSION_KEY, _first_version(), timeout=None)
        except Exception:
            logger.warning("cache unreachable while bumping the register version", exc_info=True)

    transaction.on_commit(bump)


def _on_write(sender, **kwargs):
    bump_register_version()


def connect_signals(app_config):
    """Every model of the app, history tables aside, bumps the version when it changes."""
    for model in app_config.get_models():
        if model.__name__.startswith("Historical"):
            continue
        post_save.connect(_on_write, sender=model, dispatch_uid=f"register-version-save-{model.__name__}")
        post_delete.connect(_on_write, sender=model, dispatch_uid=f"register-version-delete-{model.__name__}")
    for through in _m2m_through_models(app_config):
        m2m_changed.connect(_on_write, sender=through, dispatch_uid=f"register-version-m2m-{through.__name__}")


def _m2m_through_models(app_config):
    for model in app_config.get_models():
        for field in model._meta.local_many_to_many:
            yield field.remote_field.through
