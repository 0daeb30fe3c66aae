"""Whole anonymous answers: what the edge may keep (their headers), the app's own copies (README: key, never shared)."""

import functools
import hashlib
import re
import threading
from datetime import datetime, time, timedelta
from urllib.parse import parse_qsl, urlencode

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse, HttpResponseNotModified, QueryDict
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import cc_delim_re, get_max_age, patch_cache_control, patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import get_language

from . import store
from .kept import cache_key
from .keys import REGISTER, SITE, answer_keys
from .versions import answering, current_version

NEVER_SHARED = ("/admin/", "/healthz", "/readyz", "/i18n/")  # the curators' side, health checks, language switching
# Request headers a kept response may vary on: the key holds them, or the rules exclude them.
HANDLED_VARY = {"accept", "accept-encoding", "accept-language", "cookie", "authorization", "origin"}
SESSION_KEY_SHAPE = re.compile(r"[a-z0-9]{32}")  # a cookie of another shape names no session, and is ignored
LOCAL_COPIES = 32  # answers each process keeps of those it read from the shared cache
API_MEDIA_TYPES = re.compile(r"(application|text|\*)/(json|csv|html|\*)")  # what the API's renderers answer


def not_modified_or_none(request, etag):
    """A 304 carrying the ETag when the request's If-None-Match holds it, else None."""
    if etag in parse_etags(request.META.get("HTTP_IF_NONE_MATCH", "")):
        return HttpResponseNotModified(headers={"ETag": etag})
    return None


def is_anonymous_request(request):
    """Nobody the site knows: no curator's session, no API token, no messages waiting. A cookie or header that
    cannot be one of those (a session key of another shape, a forged messages cookie, no Token) changes nothing."""
    cookies, token = request.COOKIES, request.META.get("HTTP_AUTHORIZATION", "")[:6].lower() == "token "
    if (token and request.path_info.startswith("/api/")) or (
        cookies.get("messages") and CookieStorage(request)._decode(cookies["messages"])
    ):
        return False
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if session_key and SESSION_KEY_SHAPE.fullmatch(session_key):
        session = getattr(request, "session", None)
        return session is not None and session.get(SESSION_KEY) is None  # one query, only for a well-formed key
    return True


def _accepted(request):
    """The API's part of the Accept header (DRF picks JSON, CSV or the browsable HTML from it); pages ignore it."""
    if not request.path_info.startswith("/api/"):
        return ""
    kept = []
    for part in request.META.get("HTTP_ACCEPT", "").lower().replace(" ", "").split(","):
        media_type, *parameters = part.split(";")
        entry = ";".join([media_type, *(p for p in parameters if not p.startswith("q="))])
        if API_MEDIA_TYPES.fullmatch(media_type) and entry not in kept:
            kept.append(entry)
    return ",".join(kept)


def shared_key(request, query=None):
    """The key of the answer every anonymous reader of this address gets; None when there is none."""
    shared = request.method in ("GET", "HEAD") and not request.path_info.startswith(NEVER_SHARED)
    if not shared or not is_anonymous_request(request):
        return None
    query = request.META.get("QUERY_STRING", "") if query is None else query
    gzip = "gzip" if "gzip" in request.META.get("HTTP_ACCEPT_ENCODING", "") else ""
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    parts = (timezone.localdate(), request.scheme, request.get_host(), request.path, query, language, gzip)
    return cache_key("response", *parts, _accepted(request))


def canonical_query(request, match):
    """The query without the parameters the address does not read (`page(...)` in alliances/urls.py, the API
    views' `query_parameters`); None when it reads them all, or says nothing."""
    raw = request.META.get("QUERY_STRING", "")
    if not raw or match is None:
        return None
    names, reader = getattr(match.func, "query_parameters", None), getattr(match.func, "cls", None)
    names = reader.query_parameters(match) if names is None and hasattr(reader, "query_parameters") else names
    if names is None:
        return None
    pairs = parse_qsl(raw, keep_blank_values=True)
    read = [(name, value) for name, value in pairs if name in names]
    return None if len(read) == len(pairs) else urlencode(read)


def is_shareable(request, response):
    """True when `response` is the same for every anonymous reader (and may be kept, unless it is streamed)."""
    if response.status_code != 200 or response.cookies:
        return False
    user, session = getattr(request, "user", None), getattr(request, "session", None)
    if (user is not None and user.is_authenticated) or (session is not None and session.modified):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(getattr(request, "_messages", None), "added_new", False):
        return False  # the page holds this reader's CSRF token, or a message for them
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")) or get_max_age(response) == 0:
        return False
    varies = {header.strip().lower() for header in cc_delim_re.split(response.get("Vary", "")) if header.strip()}
    return varies <= HANDLED_VARY


def for_the_edge(response, keys):
    """Mark a shareable answer for the edge: public, kept until the day changes at most, and its keys."""
    now = timezone.localtime()
    midnight = timezone.make_aware(datetime.combine(now.date() + timedelta(days=1), time()))
    lifetime = min(settings.EDGE_MAX_AGE, int((midnight - now).total_seconds()) + 1)
    browsers = {} if "max-age" in response.get("Cache-Control", "") else {"max_age": 0}  # ask again, with the ETag
    patch_cache_control(
        response,
        public=True,
        s_maxage=lifetime,
        stale_while_revalidate=settings.EDGE_STALE_WHILE_REVALIDATE,
        stale_if_error=settings.EDGE_STALE_IF_ERROR,
        **browsers,
    )
    response["xkey"] = " ".join([*keys, SITE])
    return response


@functools.lru_cache(maxsize=4096)
def view_at(language, path):
    """The view at `path` (its keys come from it), remembered: a warm hit spent a tenth of its time resolving."""
    try:
        return resolve(path)
    except Resolver404:  # a 404: it shows nothing but the register's absence of that address
        return None


class SharedResponseCacheMiddleware:
    """Read the versions of the address's keys; answer anonymous GETs from the shared cache; keep and mark the rest.
    Right after LocaleMiddleware (the language is known), before all that authenticates or runs a view."""

    def __init__(self, get_response):
        self.get_response, self.copies, self.lock = get_response, {}, threading.Lock()

    def __call__(self, request):
        match = view_at(get_language(), request.path_info)  # a /ru/ address resolves in Russian only
        keys = answer_keys(match) if match else [REGISTER]
        key = shared_key(request)
        if key is None:
            with answering(keys, shared=False):  # read when first asked (a curator's ETag, a kept count)
                return self.get_response(request)
        with answering(keys, held="HTTP_X_VARNISH" not in request.META):  # an edge's fetch reads them from the database
            if current_version() is None:  # the database away: from the view, which says so
                return self.get_response(request)
            query = canonical_query(request, match)
            if query is not None:  # parameters the address does not read: the answer of the address without them
                key = shared_key(request, query)
                request.GET, request.META["QUERY_STRING"] = QueryDict(query), query
            response = self._answer(request, f"{key}:{current_version()}")
            return for_the_edge(response, keys) if response.has_header("ETag") else response

    def _answer(self, request, key):
        etag = f'"{hashlib.sha256(key.encode()).hexdigest()[:24]}"'
        not_modified = not_modified_or_none(request, etag)
        if not_modified is not None:
            return not_modified
        entry = self.copies.get(key) or (store.read([key]) or {}).get(key)
        if entry is not None:
            with self.lock:  # this process's copies of the answers it read last: their keys hold their versions
                self.copies[key] = self.copies.pop(key, entry)
                while len(self.copies) > LOCAL_COPIES:
                    self.copies.pop(next(iter(self.copies)))
            return HttpResponse(entry[0], headers=dict(entry[1]))
        response = self.get_response(request)
        if is_shareable(request, response):
            response["ETag"] = etag
            patch_vary_headers(response, ("Cookie",))  # whether it is shared depends on the session cookie
            if not response.streaming:  # a whole list streamed as CSV is too big to keep; its ETag still answers 304
                store.write(key, (response.content, list(response.items())))
        return response
