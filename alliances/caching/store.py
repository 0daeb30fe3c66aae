"""The shared cache (Redis in production, Django's local-memory cache in tests): the one place its errors are met.

Everything the site keeps is an optimisation, so a read that cannot reach Redis is a miss and a
write is skipped, with one warning in the log. The two operations whose callers must know that
Redis did not answer, counting (the rate limits) and marking a write (version.py), raise
`Unreachable` instead.

Two operations are Redis commands when the cache is Redis (django-redis) and plain cache calls
elsewhere: a group of texts in one hash (one HMGET for a page's 100 memberships) and a counter
in a window (SET NX EX + INCRBY + TTL in one round trip).
"""

import contextlib
import logging
import time
import uuid

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Entries of old versions are never read again; this is how long Redis keeps them if it never needs the room.
TIMEOUT = 24 * 60 * 60
# What a cache that does not answer raises: redis-py's errors, and the socket's (ConnectionError is an OSError).
ERRORS = (RedisError, OSError)


class Unreachable(Exception):
    """The shared cache did not answer."""


def _warn(what):
    logger.warning("shared cache unreachable while %s", what, exc_info=True)


def _redis():
    """The redis-py client when the cache is django-redis, else None."""
    client = getattr(cache, "client", None)
    return client.get_client(write=True) if hasattr(client, "get_client") else None


def read(keys):
    """{key: value} of the keys found, in one round trip; None when the cache does not answer."""
    try:
        return cache.get_many(keys)
    except ERRORS:
        _warn(f"reading {len(keys)} keys")
        return None


def write(key, value, timeout=TIMEOUT):
    with contextlib.suppress(Unreachable):
        write_or_raise(key, value, timeout)


def write_or_raise(key, value, timeout=TIMEOUT):
    """`write` for a caller that must know it failed: raises Unreachable."""
    try:
        cache.set(key, value, timeout)
    except ERRORS as error:
        _warn("writing")
        raise Unreachable from error


def add(key, value, timeout):
    """True when `key` was free and now holds `value`; False when taken or the cache does not answer."""
    try:
        return cache.add(key, value, timeout)
    except ERRORS:
        _warn("adding")
        return False


def delete(key):
    try:
        cache.delete(key)
    except ERRORS:
        _warn("deleting")


def clear():
    """Empty the whole cache (tests, and after a restore)."""
    cache.clear()


def increment(key, amount=1, *, start=0, timeout=None):
    """Add `amount` to the number under `key` (made `start` first, living `timeout` seconds, when missing).

    Returns the new number. Raises Unreachable: its callers (version.py) decide what a lost
    increment means.
    """
    try:
        try:
            return cache.incr(key, amount)
        except ValueError:  # not there yet (or gone): start it
            cache.add(key, start, timeout)
            return cache.incr(key, amount)
    except ERRORS as error:
        _warn("counting")
        raise Unreachable from error


# Take one from a count that is there and above zero, in one step: a late confirmation must not
# take another write's mark (a count at -1 would let the next write's mark leave caching on).
_DECREMENT_IF_ABOVE_ZERO = """
local n = tonumber(redis.call('GET', KEYS[1]))
if n == nil then return nil end
if n <= 0 then return 0 end
return redis.call('DECR', KEYS[1])
"""


def decrement_if_present(key):
    """Take one from the number under `key` if there and above zero: the number after, or None. Raises Unreachable."""
    redis = _redis()
    try:
        if redis is not None:
            return redis.eval(_DECREMENT_IF_ABOVE_ZERO, 1, cache.make_key(key))
        value = cache.get(key)
        if value is None:
            return None
        return cache.decr(key) if value > 0 else 0
    except ValueError:
        return None
    except ERRORS as error:
        _warn("counting down")
        raise Unreachable from error


def extend(key, timeout):
    """Make `key` live `timeout` seconds from now. Raises Unreachable."""
    try:
        cache.touch(key, timeout)
    except ERRORS as error:
        _warn("extending")
        raise Unreachable from error


def count_in_window(key, amount, period):
    """Add `amount` to the counter under `key`: (its total, seconds left in its window), one round trip on Redis.

    The first count starts a window of `period` seconds, at whose end the counter is gone. Raises
    Unreachable: a rate limit decides whether to let a request it cannot count through.
    """
    redis = _redis()
    try:
        if redis is None:
            cache.add(key, 0, period)
            return cache.incr(key, amount), period
        key = cache.make_key(key)
        pipeline = redis.pipeline(transaction=True)
        pipeline.set(key, 0, ex=period, nx=True).incrby(key, amount).ttl(key)
        _, total, seconds_left = pipeline.execute()
        if seconds_left == -1:
            # A Redis before 7.0 expired the counter between the SET and the INCRBY (redis/redis#3397)
            # and the INCRBY made one that would never end. A second trip, rarely.
            redis.expire(key, period)
            return total, period
        return total, max(seconds_left, 1)
    except ERRORS as error:
        _warn("counting in a window")
        raise Unreachable from error


def hold(key, lease):
    """Take a place among those held under `key`, for at most `lease` seconds: (places held now, yours).

    Each place ends on its own when its lease does, so a worker killed while holding one never
    takes it back and costs nobody more than `lease`. A Redis sorted set of places by the time
    they were taken, one round trip; `release` gives a place back. Raises Unreachable.
    """
    place, now = uuid.uuid4().hex, time.time()
    redis = _redis()
    try:
        if redis is None:
            places = {held: at for held, at in (cache.get(key) or {}).items() if at > now - lease}
            places[place] = now
            cache.set(key, places, lease)
            return len(places), place
        name = cache.make_key(key)
        pipeline = redis.pipeline(transaction=True)
        pipeline.zremrangebyscore(name, 0, now - lease).zadd(name, {place: now}).zcard(name).expire(name, lease)
        return pipeline.execute()[2], place
    except ERRORS as error:
        _warn("holding")
        raise Unreachable from error


def release(key, place):
    """Give back a place `hold` gave. Raises Unreachable."""
    redis = _redis()
    try:
        if redis is None:
            places = cache.get(key) or {}
            places.pop(place, None)
            cache.set(key, places)
            return
        redis.zrem(cache.make_key(key), place)
    except ERRORS as error:
        _warn("releasing")
        raise Unreachable from error


@contextlib.contextmanager
def given_back(slot):
    """Run the block holding `slot` ((key, place) from `hold`, or None: nothing held), given back after it."""
    try:
        yield
    finally:
        if slot is not None:
            with contextlib.suppress(Unreachable):
                release(*slot)


def read_texts(group, names):
    """The texts `keep_texts` kept in `group` under `names`, None where there is none or the cache is away."""
    redis = _redis()
    try:
        if redis is not None:
            values = redis.hmget(cache.make_key(group), names)
            return [None if value is None else value.decode() for value in values]
        found = cache.get_many([f"{group}:{name}" for name in names])
        return [found.get(f"{group}:{name}") for name in names]
    except ERRORS:
        _warn(f"reading {len(names)} texts")
        return [None] * len(names)


def keep_texts(group, texts):
    """Keep {name: text} in `group`, which lives a day from this write: one HSET and one EXPIRE on Redis.

    A Redis hash because a page reads 100 small texts at once: get_many spends about 9 µs a key
    validating and unpickling it, HMGET about 1.5 µs (with hiredis). The group goes as a whole.
    """
    redis = _redis()
    try:
        if redis is not None:
            key = cache.make_key(group)
            pipeline = redis.pipeline(transaction=False)
            pipeline.hset(key, mapping={name: text.encode() for name, text in texts.items()})
            pipeline.expire(key, TIMEOUT)
            pipeline.execute()
        else:
            cache.set_many({f"{group}:{name}": text for name, text in texts.items()}, TIMEOUT)
    except ERRORS:
        _warn(f"writing {len(texts)} texts")


def answers():
    """True when the cache answers a write and a read of a probe key (the readiness check)."""
    try:
        cache.set("health:probe", "ok", 10)
        return cache.get("health:probe") == "ok"
    except ERRORS:
        _warn("probing")
        return False
