"""Whole responses kept in the shared cache under the register version: public pages and the API alike.

`SharedResponseCacheMiddleware` answers an anonymous GET or HEAD from the shared cache before
the URL is resolved, so a hit costs one round trip to Redis and no query, no view, no DRF.
The key is made of what a public response depends on:

- today's date (pages and API lists "as of today" move at midnight),
- scheme, host, path and query (the API writes absolute links; every filter is in the query),
- the language the request resolved to (LocaleMiddleware: the /ru/ prefix; every unprefixed
  address, the API's included, resolves to English whatever the cookie or Accept-Language say).
  Keying on the resolved language rather than the raw Accept-Language header keeps one entry
  per language, not one per browser's header, so `Vary: Accept-Language` costs nothing,
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

Each app server also keeps its own copies of the entries it last read from Redis, a few
megabytes (`LocalCopies`): a hit on one of them reads only the version from Redis, a few
bytes instead of the whole response (235 KB for an alliance page), and serves it only when
the version is the one it was made at. A response is copied when it is read back, not when
it is made, so addresses asked once (a crawler, a new filter) do not churn the copies. The
version in Redis stays the only truth: a publish shows at once on every app server, and
with Redis out of reach no copy is served.

A publish makes every entry stale at once, and a crowd asking for one address would have
every worker render it at once. The first request to miss takes a short render lock in
Redis (`add`, a few seconds) and renders; the others wait for its entry (polling, at most
`RENDER_WAIT`) and serve it, or render themselves when it does not come in time, when the
response is not kept, or when Redis fails. Nothing waits for a lock without Redis.

When the cache is out of reach `register_version()` is None and every request goes to the
views and the database, uncached: slower, never an error.
"""

import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from .cache import (
    cache_key,
    register_version,
    register_version_and_get,
    register_version_and_get_many,
    safe_add,
    safe_delete,
    safe_get,
    safe_set,
)

# Addresses never shared: the curators' side, the health check, language switching.
NEVER_SHARED = ("/admin/", "/healthz", "/i18n/")
# Request headers a kept response may vary on: the key holds them, or the rules exclude them.
HANDLED_VARY = {"accept", "accept-language", "cookie", "authorization", "origin"}
# Seconds a render lock lives: one left by a worker killed mid-render frees itself after this.
RENDER_LOCK_TIMEOUT = 5
# The longest a request waits for another worker's render before making the response itself,
# and the pauses between its looks at the cache (doubling from the first to the last).
RENDER_WAIT = 1.5
RENDER_POLL = (0.005, 0.05)


def etag_for(key, version):
    return f'"{cache_key("etag", key, version).split(":", 1)[1]}"'


def not_modified_or_none(request, etag):
    """A 304 carrying the ETag when the request's If-None-Match holds it, else None."""
    if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
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
        request.META.get("HTTP_ACCEPT", ""),  # not request.headers: building it costs a hit ~10 µs
    )


def request_shared_key(request):
    """`shared_key(request)` as the middleware worked it out for this request, else worked out now."""
    try:
        return request.shared_response_key
    except AttributeError:
        return shared_key(request)


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


def _from_cache(entry):
    """A response from a kept entry: its headers hold the ETag of its key and version, and Vary: Cookie."""
    _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


def _varies_on_cookie(response):
    """Whether a response is shared depends on the session cookie: say so to caches downstream."""
    patch_vary_headers(response, ("Cookie",))
    return response


class LocalCopies:
    """This process's copies of the shared entries it read last, at most `max_bytes` of bodies.

    An entry is (version, content, headers), as in the shared cache; whoever reads one serves
    it only when its version is the register's current one. The least recently used go first;
    an entry bigger than a quarter of the budget is not kept. Safe to share between threads.
    """

    OVERHEAD = 1024  # bytes counted for the key, the headers and the tuple beside each body

    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0
        self._entries = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key, entry):
        size = self._size(entry)
        if size > self.max_bytes // 4:
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= self._size(old)
            self._entries[key] = entry
            self.size += size
            while self.size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self.size -= self._size(dropped)

    def discard(self, key):
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= self._size(old)

    def __len__(self):
        return len(self._entries)

    def _size(self, entry):
        return len(entry[1]) + self.OVERHEAD


class SharedResponseCacheMiddleware:
    """Serve anonymous GETs from the shared cache, keep the shareable responses: see the module's text.

    Sits right after LocaleMiddleware (the language must be known) and before everything
    that resolves the URL, authenticates or runs a view: a hit skips the inner middleware,
    the view and DRF (its authentication and throttling: a hit costs less than counting it
    would). A response is kept with every header the inner middleware gave it (Content-Length,
    X-Frame-Options...), so a hit leaves this middleware as the fresh response did; the
    middleware outside (security headers, CSP, CORS, Vary: Accept-Language, the request log)
    treats both alike. One instance serves a whole process, and holds its local copies.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local_copies = LocalCopies(settings.RESPONSE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        key = request.shared_response_key = shared_key(request)  # the API's views ask again
        if key is None:
            return self.get_response(request)
        version, entry = self._version_and_entry(key)
        request.register_version = version  # the view need not ask the cache again (None: it is down)
        if version is None:
            return self.get_response(request)
        etag = etag_for(key, version)
        not_modified = not_modified_or_none(request, etag)
        if not_modified is not None:
            return not_modified
        if entry is not None and entry[0] == version:
            return _from_cache(entry)
        return self._make(request, key, version, etag)

    def _version_and_entry(self, key):
        """The register version and the entry kept under `key`, in one round trip to the cache.

        With a local copy only the version travels. A copy made at another version is dropped
        and the shared cache asked for the entry in a second trip (another app server may
        have made it since).
        """
        local = self.local_copies.get(key)
        if local is not None:
            version = register_version()
            if version is None or local[0] == version:
                return version, local
            self.local_copies.discard(key)
            entry = safe_get(key)
        else:
            version, entry = register_version_and_get(key)
        if entry is not None and entry[0] == version:
            self.local_copies.put(key, entry)
        return version, entry

    def _make(self, request, key, version, etag):
        """The response of a miss: made here, or by the request that took the render lock first."""
        lock = f"{key}:render:{version}"
        locked = safe_add(lock, 1, RENDER_LOCK_TIMEOUT)
        if not locked:
            entry = _wait_for_entry(key, version, lock)
            if entry is not None:
                self.local_copies.put(key, entry)
                return _from_cache(entry)
        started = time.monotonic()
        response = self.get_response(request)
        if is_shareable(request, response):
            response["ETag"] = etag
            _varies_on_cookie(response)
            safe_set(key, (version, response.content, list(response.items())))
        elif locked and time.monotonic() - started < RENDER_LOCK_TIMEOUT:
            safe_delete(lock)  # nothing kept: the requests waiting make their own at once
        return response


def _wait_for_entry(key, version, lock):
    """The entry of `key` made at `version` by the holder of the render lock `lock`, or None.

    None (make it yourself) when the version moves on, the cache is out of reach, the lock
    goes without an entry (the response was not shareable) or RENDER_WAIT runs out.
    """
    deadline = time.monotonic() + RENDER_WAIT
    pause, longest = RENDER_POLL
    while True:
        current, found = register_version_and_get_many([key, lock])
        if current != version:
            return None
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return entry
        if lock not in found or time.monotonic() + pause > deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, longest)


def mark_private(response):
    """Keep `response` out of the shared cache (it holds something of one reader's)."""
    patch_cache_control(response, private=True)
    return response
