"""The shared cache (Redis by django-redis in production, local memory elsewhere): the one place its errors are met.
A read that fails is a miss, a write is skipped, a count lets its request through; its breaker: README.md."""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Entries of old versions are never read again; this is how long Redis keeps them if it never needs the room.
TIMEOUT = 24 * 60 * 60
# What a cache that does not answer raises: redis-py's errors, and the socket's (ConnectionError is an OSError).
ERRORS = (RedisError, OSError)
_open_until = 0.0  # the breaker: nothing is asked of the cache before this monotonic time


def _breaker(operation):
    """`operation`, but None at once while the breaker is open, and None when the cache does not answer (it opens)."""

    @functools.wraps(operation)
    def guarded(*args):
        global _open_until
        if time.monotonic() < _open_until:
            return None
        try:
            return operation(*args)
        except ERRORS:
            _open_until = time.monotonic() + settings.CACHE_BREAKER_SECONDS
            logger.warning(
                "shared cache unreachable (%s): not asked for %s s", operation.__name__, settings.CACHE_BREAKER_SECONDS
            )
            return None

    return guarded


def _redis():
    """The redis-py client when the cache is django-redis, else None."""
    client = getattr(cache, "client", None)
    return client.get_client(write=True) if hasattr(client, "get_client") else None


@_breaker
def read(keys):
    """{key: value} of the keys found, in one round trip; None when the cache does not answer."""
    return cache.get_many(keys)


@_breaker
def write(key, value, timeout=TIMEOUT):
    cache.set(key, value, timeout)


def clear():
    """Empty the whole cache and close the breaker (tests, and after a restore)."""
    global _open_until
    _open_until = 0.0
    cache.clear()


@_breaker
def count_in_window(key, amount, period):
    """Add `amount` to the counter under `key`: (its total, seconds left in its window); None when not counted. The
    first count starts a window of `period` seconds: one round trip on Redis (SET NX EX, INCRBY, TTL)."""
    redis = _redis()
    if redis is None:
        cache.add(key, 0, period)
        return cache.incr(key, amount), period
    name = cache.make_key(key)
    _, total, seconds_left = redis.pipeline().set(name, 0, ex=period, nx=True).incrby(name, amount).ttl(name).execute()
    if seconds_left == -1:  # a Redis before 7.0 expired it between SET and INCRBY (redis/redis#3397)
        redis.expire(name, period)
    return total, period if seconds_left < 0 else max(seconds_left, 1)


@_breaker
def read_texts(group, names):
    """The texts `keep_texts` kept in `group` under `names`, None where there is none; None when the cache is away."""
    redis = _redis()
    if redis is None:
        found = cache.get_many([f"{group}:{name}" for name in names])
        return [found.get(f"{group}:{name}") for name in names]
    return [None if value is None else value.decode() for value in redis.hmget(cache.make_key(group), names)]


@_breaker
def keep_texts(group, texts):
    """Keep {name: text} in `group`, which lives a day from this write: one HSET and one EXPIRE on Redis. A Redis hash
    because a page reads 100 small texts at once: HMGET takes 1.5 µs a text, get_many 9 µs."""
    redis = _redis()
    if redis is None:
        return cache.set_many({f"{group}:{name}": text for name, text in texts.items()}, TIMEOUT)
    key = cache.make_key(group)
    redis.pipeline(transaction=False).hset(key, mapping=texts).expire(key, TIMEOUT).execute()


@_breaker
def answers():
    """Whether the cache answers a write and a read of a probe key (readiness); not while the breaker is open."""
    cache.set("health:probe", "ok", 10)
    return cache.get("health:probe") == "ok"
