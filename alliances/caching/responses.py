"""Whole responses kept under the register version: public pages, the map and the API alike.

`SharedResponseCacheMiddleware` answers an anonymous GET or HEAD from the shared cache before
the URL is resolved: a hit is one round trip to Redis, no query, no view, no DRF. It also sets
the request's register version (context.py) for everything the request runs. See README.md for
the key, the rules of what is shared, the canonical address and the render lock.
"""

import re
import socket
import threading
import time
from collections import OrderedDict
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags

from . import store
from .context import version_for_request
from .kept import cache_key
from .version import read_state, replaced_lately

# Addresses never shared: the curators' side, the health checks, language switching.
NEVER_SHARED = ("/admin/", "/healthz", "/readyz", "/i18n/")
# Request headers a kept response may vary on: the key holds them, or the rules exclude them.
HANDLED_VARY = {"accept", "accept-encoding", "accept-language", "cookie", "authorization", "origin"}
# What Django's session keys look like: a cookie of another shape names no session and is ignored.
SESSION_KEY_SHAPE = re.compile(r"[a-z0-9]{32}")
# The media types the API's renderers answer; other parts of an Accept header change nothing.
API_MEDIA_TYPES = re.compile(r"(application|text|\*)/(json|csv|html|\*)")
# Seconds a render lock lives: one left by a worker killed mid-render frees itself after this.
RENDER_LOCK_TIMEOUT = 5
# The longest a request waits for another worker's render before making the response itself,
# and the pauses between its looks at the cache (doubling from the first to the last).
RENDER_WAIT = 1.5
RENDER_POLL = (0.005, 0.05)
# Seconds a render holds its place among its app server's renders at most (a killed worker's place ends then).
RENDER_SLOT_LEASE = 30


def reads_query(*names):
    """Declare the query parameters a page reads: the others are left out of its shared key (see README)."""

    def declare(view):
        view.query_parameters = frozenset(names)
        return view

    return declare


def etag_for(key, version):
    return f'"{cache_key("etag", key, version).split(":", 1)[1]}"'


def not_modified_or_none(request, etag):
    """A 304 carrying the ETag when the request's If-None-Match holds it, else None."""
    if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    return None


def carries_api_token(request):
    """An API request with a token (`Authorization: Token …`); any other Authorization header is nobody's."""
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    return request.path_info.startswith("/api/") and authorization[:6].lower() == "token "


def is_anonymous_request(request):
    """Nobody the site knows: no curator's session, no API token, no messages waiting.

    A cookie or header that cannot be one of those (a session key of the wrong shape or naming
    no logged-in session, a messages cookie whose signature fails, an Authorization header on a
    page, or not a Token on the API) changes nothing: junk must not buy a miss.
    """
    if carries_api_token(request):
        return False
    cookies = request.COOKIES
    if "messages" in cookies and CookieStorage(request)._decode(cookies["messages"]):
        return False
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if session_key and SESSION_KEY_SHAPE.fullmatch(session_key):
        session = getattr(request, "session", None)
        if session is None or session.get(SESSION_KEY) is not None:  # one query, only for a well-formed key
            return False
    return True


def _accepted(request):
    """The API's part of the Accept header (DRF picks JSON, CSV or the browsable HTML from it); pages ignore it."""
    if not request.path_info.startswith("/api/"):
        return ""
    kept = []
    for part in request.META.get("HTTP_ACCEPT", "").lower().replace(" ", "").split(","):
        media_type, *parameters = part.split(";")
        if API_MEDIA_TYPES.fullmatch(media_type):
            entry = ";".join([media_type, *(p for p in parameters if not p.startswith("q="))])
            if entry not in kept:
                kept.append(entry)
    return ",".join(kept)


def shared_key(request, query=None):
    """The key of the response every anonymous reader of this address gets; None when there is none."""
    if request.method not in ("GET", "HEAD") or request.path_info.startswith(NEVER_SHARED):
        return None
    if not is_anonymous_request(request):
        return None
    if query is None:
        query = request.META.get("QUERY_STRING", "")
    return cache_key(
        "response",
        timezone.localdate().isoformat(),
        request.scheme,
        request.get_host(),
        request.path,
        query,
        getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        _accepted(request),
        "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else "",
    )


def canonical_query(request):
    """The query without the parameters the address does not read; None when it reads them all (or is unknown).

    Pages declare what they read (`reads_query`, in alliances/urls.py); the API's views derive it
    from their FilterSet and pagination (`query_parameters`). Asked only on a miss: it resolves the URL.
    """
    raw = request.META.get("QUERY_STRING", "")
    if not raw:
        return None
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    names = getattr(match.func, "query_parameters", None)
    reader = getattr(getattr(match.func, "cls", None), "query_parameters", None)
    if names is None and reader is not None:
        names = reader(match)
    if names is None:
        return None
    pairs = parse_qsl(raw, keep_blank_values=True)
    read = [(name, value) for name, value in pairs if name in names]
    return None if len(read) == len(pairs) else urlencode(read)


def is_shareable(request, response, *, streamed=False):
    """True when `response` is the same for every anonymous reader and may be kept (`streamed`: is, though streamed)."""
    if response.status_code != 200 or response.streaming != streamed or response.cookies:
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


def mark_private(response):
    """Keep `response` out of the shared cache (it holds something of one reader's)."""
    patch_cache_control(response, private=True)
    return response


def _from_cache(entry):
    """A response from a kept entry: its headers hold the ETag of its key and version, and Vary: Cookie."""
    _, content, headers = entry
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
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
    """Serve anonymous GETs from the shared cache, keep the shareable responses, set the request's version.

    Sits right after LocaleMiddleware (the language must be known) and before everything that
    resolves the URL, authenticates or runs a view: a hit skips the inner middleware (the rate
    limit among them: a hit is cheaper than counting it), the view and DRF. A response is kept
    with every header the inner middleware gave it, so a hit leaves this middleware as the
    fresh response did. One instance serves a whole process, and holds its local copies.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.local_copies = LocalCopies(settings.RESPONSE_CACHE_LOCAL_BYTES)

    def __call__(self, request):
        key = shared_key(request)
        if key is None:
            with version_for_request():  # read when first needed (a curator's ETag, a kept count)
                return self.get_response(request)
        version, entry, older = self._version_and_entry(key)
        with version_for_request(version):
            if version is None:  # Redis away, or a write in flight: from the database, nothing kept
                return self.get_response(request)
            if entry is not None:
                return _answer_from(request, key, entry)
            query = canonical_query(request)
            if query is not None:
                # Parameters the address does not read: the entry of the address without them is the answer.
                key = shared_key(request, query)
                entry, older = self._entry(key, version)
                request.GET = QueryDict(query)
                request.META["QUERY_STRING"] = query
            etag = etag_for(key, version)
            not_modified = not_modified_or_none(request, etag)
            if not_modified is not None:
                return not_modified
            if entry is not None:
                return _from_cache(entry)
            return self._make(request, key, version, etag, older)

    def _version_and_entry(self, key):
        """(the register version, the entry of `key` at it, else None, the entry of an older version, else None).

        One round trip; with a local copy of the version only the version travels.
        """
        local = self.local_copies.get(key)
        version, found = read_state() if local is not None else read_state(key)
        if version is None:
            return None, None, None
        if local is None:
            return version, *self._current_or_older(key, found.get(key), version)
        if local[0] == version:
            return version, local, None
        self.local_copies.discard(key)
        entry, older = self._entry(key, version)
        return version, entry, older or (local if entry is None else None)

    def _entry(self, key, version):
        """(the entry of `key` at `version`, else None; an entry of an older version, else None)."""
        local = self.local_copies.get(key)
        if local is not None and local[0] == version:
            return local, None
        return self._current_or_older(key, (store.read([key]) or {}).get(key), version)

    def _current_or_older(self, key, entry, version):
        if entry is not None and entry[0] == version:
            self.local_copies.put(key, entry)
            return entry, None
        return None, entry

    def _make(self, request, key, version, etag, older=None):
        """The response of a miss: made here, or by the request that took the render lock first.

        An entry of an older version (`older`) that a confirmed write replaced lately may stand
        in (README: "A crowd after a write"): it is served at once while another request makes
        the new one, and also when this app server already makes RENDERS_AT_ONCE responses, so
        that a publish does not set every worker rendering at once. Otherwise the request waits
        for the render of the lock's holder, or renders.
        """
        lock = f"{key}:render:{version}"
        locked = store.add(lock, 1, RENDER_LOCK_TIMEOUT)
        stand_in = older if older is not None and replaced_lately(older[0]) else None
        if not locked:
            if stand_in is not None:
                return _answer_from(request, key, stand_in)
            entry = _wait_for_entry(key, version, lock)
            if entry is not None:
                self.local_copies.put(key, entry)
                return _from_cache(entry)
        slot = _render_slot(give_way=stand_in is not None)
        if slot is False:
            store.delete(lock)  # the next request for the address makes it, when a render ends
            return _answer_from(request, key, stand_in)
        started = time.monotonic()
        with store.given_back(slot):
            response = self.get_response(request)
        if is_shareable(request, response):
            response["ETag"] = etag
            patch_vary_headers(response, ("Cookie",))  # whether it is shared depends on the session cookie
            # Kept only if no write began meanwhile: a render that straddled a publish must not
            # overwrite the answer a render after it kept (nor stand in for it later).
            if read_state()[0] == version:
                store.write(key, (version, response.content, list(response.items())))
            if locked:
                store.delete(lock)
        elif is_shareable(request, response, streamed=True):
            # A whole list streamed as CSV is too big to keep; its ETag still answers a 304 above.
            response["ETag"] = etag
            patch_vary_headers(response, ("Cookie",))
            if locked:
                store.delete(lock)
        elif locked and time.monotonic() - started < RENDER_LOCK_TIMEOUT:
            store.delete(lock)  # nothing kept: the requests waiting make their own at once
        return response


def _answer_from(request, key, entry):
    """A kept entry (of any version) as the answer: 304 when the reader holds its ETag."""
    return not_modified_or_none(request, etag_for(key, entry[0])) or _from_cache(entry)


def _render_slot(give_way):
    """This app server's place among its renders: (key, place); None when not counted (the cache away).

    False when the server already makes RENDERS_AT_ONCE responses and the caller may `give_way`
    (it has a stand-in to serve): then it takes no place.
    """
    key = f"renders:{socket.gethostname()}"
    try:
        held, place = store.hold(key, RENDER_SLOT_LEASE)
        if give_way and held > settings.RENDERS_AT_ONCE:
            store.release(key, place)
            return False
    except store.Unreachable:
        return None
    return key, place


def _wait_for_entry(key, version, lock):
    """The entry of `key` made at `version` by the holder of the render lock `lock`, or None.

    None (make it yourself) when the version moves on, the cache is out of reach, the lock goes
    without an entry (the response was not shareable) or RENDER_WAIT runs out.
    """
    deadline = time.monotonic() + RENDER_WAIT
    pause, longest = RENDER_POLL
    while True:
        current, found = read_state(key, lock)
        if current != version:
            return None
        entry = found.get(key)
        if entry is not None and entry[0] == version:
            return entry
        if lock not in found or time.monotonic() + pause > deadline:
            return None
        time.sleep(pause)
        pause = min(pause * 2, longest)
