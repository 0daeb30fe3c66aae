"""Whole responses kept in the shared cache under the register version: public pages and the API alike.

`SharedResponseCacheMiddleware` answers an anonymous GET or HEAD from the shared cache before
the URL is resolved, so a hit costs one round trip to Redis and no query, no view, no DRF.
The key is made of what a public response depends on:

- today's date (pages and API lists "as of today" move at midnight),
- scheme, host, path and query (the API writes absolute links; every filter is in the query),
- the language the request resolved to (LocaleMiddleware: the /ru/ prefix for pages, the
  language cookie or Accept-Language for the API). Keying on the resolved language rather than
  the raw Accept-Language header keeps one entry per language, not one per browser's header;
  unprefixed pages always resolve to English, so their `Vary: Accept-Language` costs nothing,
- the Accept header (DRF picks JSON, CSV or HTML from it).

The register version (alliances.cache) is kept beside each response, and a response made at
an older version is never served: every committed write makes every kept response stale at
once, on every app server, with no timer. The ETag is the key and the version hashed, so an
If-None-Match that matches answers 304 before anything else runs.

Only what is the same for every anonymous reader is kept: requests without a session cookie,
an Authorization header or pending messages; 200 responses that set no cookie, used no CSRF
token, are not marked private or no-store, and vary on nothing the key does not hold (the
gzipped map, which varies on Accept-Encoding, is left to the browsers' year-long cache).
Logged-in curators never read or fill these entries.

When the cache is out of reach `register_version()` is None and every request goes to the
views and the database, uncached: slower, never an error.
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from .cache import cache_key, register_version_and_get, safe_set

# Addresses never shared: the curators' side, the health check, language switching.
NEVER_SHARED = ("/admin/", "/healthz", "/i18n/")
# Request headers a kept response may vary on: the key holds them, or the rules exclude them.
HANDLED_VARY = {"accept", "accept-language", "cookie", "authorization", "origin"}


def etag_for(key, version):
    return f'"{cache_key("etag", key, version).split(":", 1)[1]}"'


def not_modified_or_none(request, etag):
    """A 304 carrying the ETag when the request's If-None-Match holds it, else None."""
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None


def is_anonymous_request(request):
    """No session, no token, no messages waiting: the request of someone the site does not know.

    Decided from the request's headers alone, with no query: a session cookie may belong to
    a logged-in curator, so it is never shared, whoever it belongs to.
    """
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def shared_key(request):
    """The key of the response every anonymous reader of this address gets; None when there is none."""
    if request.method not in ("GET", "HEAD") or not is_anonymous_request(request):
        return None
    if request.path_info.startswith(NEVER_SHARED):  # static files never get here: WhiteNoise answers them
        return None
    return cache_key(
        "response",
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        request.headers.get("Accept", ""),
    )


def is_shareable(request, response):
    """True when `response` is the same for every anonymous reader and may be kept."""
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:  # authenticated some other way than the headers tell
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):  # the page holds this reader's CSRF token
        return False
    session = getattr(request, "session", None)
    if session is not None and session.modified:
        return False
    messages = getattr(request, "_messages", None)
    if messages is not None and getattr(messages, "added_new", False):
        return False
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")) or get_max_age(response) == 0:
        return False
    varies = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return varies <= HANDLED_VARY


def _from_cache(entry, etag):
    _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response["ETag"] = etag
    return _varies_on_cookie(response)


def _varies_on_cookie(response):
    """Whether a response is shared depends on the session cookie: say so to caches downstream."""
    patch_vary_headers(response, ("Cookie",))
    return response


class SharedResponseCacheMiddleware:
    """Serve anonymous GETs from the shared cache, keep the shareable responses: see the module's text.

    Sits right after LocaleMiddleware (the language must be known) and before everything
    that resolves the URL, authenticates or runs a view: a hit skips the inner middleware,
    the view and DRF (its authentication and throttling: a hit costs less than counting it
    would). A response is kept with every header the inner middleware gave it (Content-Length,
    X-Frame-Options...), so a hit leaves this middleware as the fresh response did; the
    middleware outside (security headers, CSP, CORS, Vary: Accept-Language, the request log)
    treats both alike.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = shared_key(request)
        if key is None:
            return self.get_response(request)
        # One round trip: the version, and the response kept with the version it was made at.
        version, entry = register_version_and_get(key)
        request.register_version = version  # the view need not ask the cache again (None: it is down)
        if version is None:
            return self.get_response(request)
        etag = etag_for(key, version)
        not_modified = not_modified_or_none(request, etag)
        if not_modified is not None:
            return not_modified
        if entry is not None and entry[0] == version:
            return _from_cache(entry, etag)
        response = self.get_response(request)
        if is_shareable(request, response):
            response["ETag"] = etag
            _varies_on_cookie(response)
            safe_set(key, (version, response.content, list(response.items())))
        return response


def mark_private(response):
    """Keep `response` out of the shared cache (it holds something of one reader's)."""
    patch_cache_control(response, private=True)
    return response
