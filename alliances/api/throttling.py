"""Anonymous clients are throttled per address (settings: API_ANON_RATE); curators are not."""

import logging

from rest_framework.throttling import AnonRateThrottle

logger = logging.getLogger(__name__)


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, which lets requests through when the shared cache is down.

    Counting needs the cache; refusing every reader because Redis restarted would be worse
    than serving a few requests unthrottled.
    """

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception:
            logger.warning("cache unreachable while throttling; letting the request through", exc_info=True)
            return True
