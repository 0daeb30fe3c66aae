"""Django's Redis cache, made to fail open and to keep its Redis client.

When Redis is away the site serves from the database.

Django's RedisCache raises on a refused or timed-out connection. Every use of the cache
in this project is an optimisation (cached pages and responses, the register version,
throttling counters), so a read that cannot reach Redis is a miss and a write is skipped,
with a warning in the log. `incr`, `decr`, `count_in_window` and `clear` still raise: their
callers decide.

Django's RedisCacheClient makes a new `redis.Redis` for every operation, and making one
fills its table of about 170 response callbacks: 294 µs per get_many against 128 µs with
one client kept (measured on the benchmark machine). A cached page costs one operation, an
API list that misses the cache five. A `redis.Redis` may be shared by threads (each command
borrows a connection from the pool), so one is made per connection pool and kept.

hiredis (requirements.txt), when installed, reads Redis's replies in C: reading a page's 100
membership texts costs 0.13 ms of the app's CPU with it, 0.43 ms with redis-py's own reader.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError, TimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)


def _fail_open(fallback):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except UNREACHABLE:
                logger.warning("cache unreachable in %s; serving without it", method.__name__, exc_info=True)
                return fallback(*args, **kwargs)

        return wrapper

    return decorate


def _default(key, default=None, *args, **kwargs):
    return default


class KeptClientRedisCacheClient(RedisCacheClient):
    """RedisCacheClient with one `redis.Redis` per connection pool instead of one per operation."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class FailSafeRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient

    def get_texts(self, key, fields):
        """The texts `set_texts` kept in the group `key` under `fields`, None where there is none: one HMGET.

        For many small texts at once (a page's 100 memberships), kept together in one Redis hash:
        get_many spends about 9 µs a key validating it for memcached's sake and unpickling its
        value, this about 1.5 µs a field (with hiredis). Fields are short strings.
        """
        values = self._cache.get_client().hmget(self.make_key(key), fields)
        return [None if value is None else value.decode() for value in values]

    def set_texts(self, key, texts, timeout):
        """Keep {field: text} in the group `key`, which lives `timeout` seconds from this write: one round trip.

        One HSET and one EXPIRE whatever the number of texts (100 SETs with their expiry cost the
        app 0.5 ms and Redis 0.3 ms). The group goes as a whole, when it expires or Redis evicts it.
        """
        pipeline = self._cache.get_client(write=True).pipeline(transaction=False)
        pipeline.hset(self.make_key(key), mapping={field: text.encode() for field, text in texts.items()})
        pipeline.expire(self.make_key(key), timeout)
        pipeline.execute()

    def count_in_window(self, key, period):
        """Add one to the counter under `key`: (its count, seconds left in its window), one round trip.

        The first count starts a window of `period` seconds, at whose end the counter is gone. The
        three commands run as one transaction; a counter found without its expiry gets one back.
        Raises when Redis is away, as `incr` does: the caller (the API's throttle) decides.
        """
        key = self.make_key(key)
        pipeline = self._cache.get_client(key, write=True).pipeline(transaction=True)
        pipeline.set(key, 0, ex=period, nx=True).incr(key).ttl(key)
        _, count, seconds_left = pipeline.execute()
        if seconds_left == -1:
            # No expiry: a Redis before 7.0 expired the counter between the SET and the INCR
            # (redis/redis#3397) and the INCR made one that would never end. A second trip, rarely.
            self._cache.get_client(key, write=True).expire(key, period)
            return count, period
        return count, max(seconds_left, 1)

    get = _fail_open(_default)(RedisCache.get)
    get_many = _fail_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fail_open(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    add = _fail_open(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    set_many = _fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
    get_texts = _fail_open(lambda key, fields: [None] * len(fields))(get_texts)
    set_texts = _fail_open(lambda *args, **kwargs: None)(set_texts)
