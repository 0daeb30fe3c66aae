"""Per-address limits on the work a client may cause: the pages and the admin login here, the API through DRF.

Only what reaches the app is counted: the edge and the shared response cache answer their hits
before this middleware, so a reader who reads what others read costs nothing, and a client who
forces misses (new addresses, new filters) spends its budget, whatever the method (a TRACE or an
OPTIONS counts as a GET does). Each request counts 1, plus 1 for every `COST_UNIT_MS` it took.
Over its rate an address gets 429 with `Retry-After`. Rates (`RATE_LIMITS` in the settings,
"N/period", None for none) are counted in windows that start at an address's first request, one
counter in Redis; with Redis away a request cannot be counted and goes through. In front of the
app the edge holds the same line on misses per address (vsthrottle, config/edge.vcl).
"""

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
    if rate is None:
        return True, 0
    allowed, period = rate
    key = f"limit:{scope}:{client_address(request)}"
    counted = store.count_in_window(key, 1, period)
    if counted is None:
        return True, 0
    request.address_limit = (key, period)
    return counted[0] <= allowed, counted[1]


def charge_time(request, seconds):
    """Add what a counted request cost beyond its first unit: one unit every COST_UNIT_MS."""
    limit = getattr(request, "address_limit", None)
    extra = int(seconds * 1000) // COST_UNIT_MS
    if limit is not None and extra:
        store.count_in_window(limit[0], extra, limit[1])


def _scope(request):
    path = request.path_info
    if request.method == "POST" and path == "/admin/login/":
        return "login"
    if path.startswith(("/api/", "/admin/", "/static/")) or request.user.is_authenticated:
        return None  # the API counts in its throttle (alliances/api/throttling.py); curators are not counted
    return "pages"


class AddressLimitMiddleware:
    """The page and login limits; and, for whatever was counted (the API's throttle too), the charge for its time.

    After AuthenticationMiddleware (curators' page views are not counted) and after the shared
    response cache (its hits never get here).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        scope = _scope(request)
        if scope is not None:
            allowed, seconds_left = count(request, scope)
            if not allowed:
                response = HttpResponse(
                    _("Too many requests from your address. Please try again in a minute."),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(seconds_left)
                return response
        started = time.monotonic()
        response = self.get_response(request)
        charge_time(request, time.monotonic() - started)
        return response
