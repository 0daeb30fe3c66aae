"""Per-address limits on the work a client may cause: the pages and the admin login here, the API through DRF. What
reaches the app (hits never do) costs 1, plus 1 for every `COST_UNIT_MS` it took; over its rate (`RATE_LIMITS`) an
address gets 429 with `Retry-After`. One counter in Redis a window; with Redis away nothing is counted. The edge limits
misses per address (vsthrottle, config/edge.vcl)."""

import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from alliances.caching import store

from .clients import client_address

COST_UNIT_MS = 50
PERIODS = {"s": 1, "sec": 1, "min": 60, "m": 60, "hour": 3600, "h": 3600, "day": 86400, "d": 86400}


def parse_rate(rate):
    """ "120/min" -> (120, 60); None or "" -> None (no limit). A period may carry a number: "10/5min"."""
    if not rate:
        return None
    number, period = rate.split("/")
    digits = period.rstrip("abcdefghijklmnopqrstuvwxyz")
    return int(number), int(digits or 1) * PERIODS[period[len(digits) :]]


def count(request, scope):
    """Count one request of `scope` for the client's address: (allowed, seconds until its window ends)."""
    rate = parse_rate(settings.RATE_LIMITS.get(scope))
    key = f"limit:{scope}:{client_address(request)}"
    counted = rate and store.count_in_window(key, 1, rate[1])
    if not counted:
        return True, 0
    request.address_limit = (key, rate[1])  # what it costs beyond its first unit is added when it is done
    return counted[0] <= rate[0], counted[1]


def _scope(request):
    path = request.path_info
    if request.method == "POST" and path == "/admin/login/":
        return "login"
    if path.startswith(("/api/", "/admin/", "/static/")) or request.user.is_authenticated:
        return None  # the API counts in its throttle (alliances/api/throttling.py); curators are not counted
    return "pages"


class AddressLimitMiddleware:
    """The page and login limits; and, for whatever was counted (the API's throttle too), the charge for its time. After
    AuthenticationMiddleware (curators' page views are not counted) and after the shared response cache (its hits never
    get here)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _scope(request)
        if scope is not None:
            allowed, seconds_left = count(request, scope)
            if not allowed:
                message = _("Too many requests from your address. Please try again in a minute.")
                headers = {"Retry-After": str(seconds_left), "Content-Type": "text/plain; charset=utf-8"}
                return HttpResponse(message, status=429, headers=headers)
        started = time.monotonic()
        response = self.get_response(request)
        extra, limit = int((time.monotonic() - started) * 1000) // COST_UNIT_MS, getattr(request, "address_limit", None)
        if limit and extra:
            store.count_in_window(limit[0], extra, limit[1])
        return response
