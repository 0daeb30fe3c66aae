"""Anonymous clients of the API are limited per address (RATE_LIMITS["api"], config/ratelimit.py); curators are not."""

from rest_framework.throttling import BaseThrottle

from config import ratelimit


class AnonymousRateThrottle(BaseThrottle):
    """DRF's throttle hook onto the site's per-address limits: the same counter, cost and Retry-After as the pages."""

    seconds_left = None

    def allow_request(self, request, view):
        if request.user.is_authenticated:
            return True
        allowed, self.seconds_left = ratelimit.count(request._request, "api")
        return allowed

    def wait(self):
        return self.seconds_left
