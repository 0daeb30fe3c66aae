"""Per-address limits on the work a client may cause: the pages and the admin login here, the API through DRF.

Only what reaches the app is counted: the shared response cache answers its hits before this
middleware, so a reader who reads what others read costs nothing, and a client who forces
misses (new addresses, new filters) spends its budget. Each request counts 1, plus 1 for every
`COST_UNIT_MS` it took (a slow page or the browsable API costs more than a quick list). Over its
rate an address gets 429 with `Retry-After`. Rates (`RATE_LIMITS` in the settings, "N/period",
None for none) are counted in windows that start at an address's first request, one counter in
Redis. With Redis away a request cannot be counted and goes through: refusing every reader
because Redis restarted would be worse.

An address also has at most `CONCURRENT_PER_ADDRESS` requests in the app at once (the pages and
the API alike, anonymous ones; 0 for no cap): a client that sends many misses at once would
otherwise hold every worker while each of them renders, and everyone's hits would queue behind
them. The next one is refused with 429 and `Retry-After: 1`. A browser asks for a page and then
its map; two at once is what a reader needs.
"""

import contextlib
import time

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

from alliances.caching import store
from alliances.caching.responses import carries_api_token

from .clients import client_address

COST_UNIT_MS = 50
# Seconds a request holds its place among its address's requests in the app at most: a worker
# killed mid-request never gives its place back, and this is how long that place counts.
IN_APP_LEASE = 30
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
    try:
        total, seconds_left = store.count_in_window(key, 1, period)
    except store.Unreachable:
        return True, 0
    request.address_limit = (key, period)
    return total <= allowed, seconds_left


def charge_time(request, seconds):
    """Add what a counted request cost beyond its first unit: one unit every COST_UNIT_MS."""
    limit = getattr(request, "address_limit", None)
    extra = int(seconds * 1000) // COST_UNIT_MS
    if limit is None or not extra:
        return
    with contextlib.suppress(store.Unreachable):
        store.count_in_window(limit[0], extra, limit[1])


def _held_slot(request):
    """(slot, refused): the address's place among its requests in the app ((key, place), None when not
    counted); refused when the address already had its cap of requests in the app."""
    cap = settings.CONCURRENT_PER_ADDRESS
    if not cap or not _shares_a_cap(request):
        return None, False
    key = f"in-app:{client_address(request)}"
    try:
        held, place = store.hold(key, IN_APP_LEASE)
        if held > cap:
            store.release(key, place)
            return None, True
    except store.Unreachable:
        return None, False
    return (key, place), False


def _shares_a_cap(request):
    """Anonymous reads of the pages and the API: curators and API tokens are not capped (any other
    Authorization header is nobody's: it buys neither a miss nor an escape from the cap)."""
    if request.method not in ("GET", "HEAD") or request.path_info.startswith(("/admin/", "/static/")):
        return False
    return not request.user.is_authenticated and not carries_api_token(request)


def _refusal(request, message, seconds):
    """429 with Retry-After: JSON on the API's addresses, text elsewhere."""
    # Here, not at the top: the API's exceptions load DRF's settings, whose throttle imports this module.
    from alliances.api.exceptions import api_error, is_api_address

    if is_api_address(request):
        response = api_error(429, message)
    else:
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(seconds)
    return response


def _scope(request):
    path = request.path_info
    if request.method == "POST" and path == "/admin/login/":
        return "login"
    if request.method in ("GET", "HEAD") and not path.startswith(("/api/", "/admin/", "/static/")):
        return None if request.user.is_authenticated else "pages"
    return None


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
                message = _("Too many requests from your address. Please try again in a minute.")
                return _refusal(request, message, seconds_left)
        slot, refused = _held_slot(request)
        if refused:
            return _refusal(request, _("Too many requests from your address at once. Please try again in a moment."), 1)
        started = time.monotonic()
        with store.given_back(slot):
            response = self.get_response(request)
        charge_time(request, time.monotonic() - started)
        return response
