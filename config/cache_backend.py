"""Django's Redis cache, made to fail open: when Redis is away the site serves from the database.

Django's RedisCache raises on a refused or timed-out connection. Every use of the cache
in this project is an optimisation (cached pages and responses, the register version,
throttling counters), so a read that cannot reach Redis is a miss and a write is skipped,
with a warning in the log. `incr`, `decr` and `clear` still raise: their callers decide.
"""

import functools
import logging

from django.core.cache.backends.redis import RedisCache
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


class FailSafeRedisCache(RedisCache):
    get = _fail_open(_default)(RedisCache.get)
    get_many = _fail_open(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _fail_open(lambda *args, **kwargs: False)(RedisCache.has_key)
    set = _fail_open(lambda *args, **kwargs: None)(RedisCache.set)
    add = _fail_open(lambda *args, **kwargs: False)(RedisCache.add)
    touch = _fail_open(lambda *args, **kwargs: False)(RedisCache.touch)
    set_many = _fail_open(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete = _fail_open(lambda *args, **kwargs: False)(RedisCache.delete)
    delete_many = _fail_open(lambda *args, **kwargs: None)(RedisCache.delete_many)
