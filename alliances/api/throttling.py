"""Anonymous clients are throttled per address (settings: API_ANON_RATE); curators are not."""

import logging

from django.core.cache import cache
from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class AnonymousRateThrottle(AnonRateThrottle):
    """A count per address in windows of the rate's period, one round trip to the shared cache.

    DRF's own throttle keeps the time of every request in the period as one list, read and
    written whole on every request: two round trips, and a list as long as the rate allows (all
    of a benchmark's requests, which come from one address). Here a counter: an address's first
    request starts a window of the rate's period (60 s for "120/min"), and a request past the
    rate within it answers 429 with `Retry-After` telling the seconds left in the window. A client
    can so make at most twice the rate across the end of one window and the start of the next.
    Addresses are told apart as DRF does (NUM_PROXIES).

    Counting needs the cache; refusing every reader because Redis restarted would be worse than
    serving a few requests unthrottled, so a request the cache cannot count goes through.
    """

    # Not DRF's key: its old lists must not meet the counters while both versions run.
    cache_format = "throttle:%(scope)s:%(ident)s"

    def allow_request(self, request, view):
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        try:
            count, self.seconds_left = count_in_window(self.key, self.duration)
        except Exception:
            logger.warning("cache unreachable while throttling; letting the request through", exc_info=True)
            return True
        return count <= self.num_requests

    def wait(self):
        return self.seconds_left


def count_in_window(key, period):
    """Count one more request under `key`: (the count in its window, seconds left in the window).

    The first count starts a window of `period` seconds. The production cache does it in one
    round trip (config.cache_backend.FailSafeRedisCache.count_in_window); another cache in two,
    and it answers the whole period as the time left.
    """
    if hasattr(cache, "count_in_window"):
        return cache.count_in_window(key, period)
    cache.add(key, 0, period)
    return cache.incr(key), period
