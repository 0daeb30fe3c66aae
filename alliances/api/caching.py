"""Conditional GETs, shared response caching and counted pages, all keyed by the register version.

The register version (alliances.cache) changes after every committed write, so a key that
holds it can never serve stale data and no timer is needed. When the cache is out of reach
`register_version()` is None and every request is served from the database, uncached.
"""

import hashlib
import logging

from django.core.cache import cache
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..cache import register_version, register_version_and_get

logger = logging.getLogger(__name__)

SHARED_FORMATS = ("json", "csv")
RESPONSE_TIMEOUT = 24 * 60 * 60  # a new version makes old entries unreachable long before this


def _safe_get(key):
    try:
        return cache.get(key)
    except Exception:
        logger.warning("cache unreachable while reading %s", key, exc_info=True)
        return None


def _safe_set(key, value):
    try:
        cache.set(key, value, RESPONSE_TIMEOUT)
    except Exception:
        logger.warning("cache unreachable while writing %s", key, exc_info=True)


def _key(prefix, *parts):
    digest = hashlib.sha256("|".join(str(part) for part in parts).encode()).hexdigest()[:32]
    return f"api:{prefix}:{digest}"


def can_see_drafts(request, model):
    """Curators with the model's view permission see drafts; everyone else sees published records."""
    user = request.user
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class ConditionalGetMixin:
    """ETags on every GET; anonymous responses kept whole in the shared cache.

    The key holds today's date ("as of today" moves at midnight), the address, the query, the
    format and who asks (anonymous, or which user); the ETag adds the register version, and a
    kept response is served only if it was made at the current version. So an If-None-Match
    that matches answers 304 before any query runs or anything is rendered, and a write makes
    every kept response stale at once (the next request replaces it).
    """

    def conditional(self, request, produce):
        anonymous = not request.user.is_authenticated
        # The browsable API's HTML carries a CSRF token for its reader: never share it.
        shareable = anonymous and request.accepted_renderer.format in SHARED_FORMATS
        key = _key(
            "response",
            timezone.localdate().isoformat(),
            request.scheme,
            request.get_host(),
            request.path,
            request.META.get("QUERY_STRING", ""),
            request.accepted_renderer.format,
            "anonymous" if anonymous else f"user-{request.user.pk}",
        )
        # One round trip: the version, and the response kept with the version it was made at.
        version, hit = register_version_and_get(key)
        if version is None:
            return produce()
        etag = f'"{_key("etag", key, version).rsplit(":", 1)[1]}"'
        if etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            return response
        if shareable and hit is not None and hit[0] == version:
            _, content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["ETag"] = etag
            return response
        response = produce()
        if response.status_code != 200:
            return response
        response["ETag"] = etag
        if shareable:
            response.add_post_render_callback(
                lambda rendered: _safe_set(key, (version, rendered.content, rendered["Content-Type"]))
            )
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        return response


class CountedPagination(PageNumberPagination):
    """Page-number pages whose COUNT(*) is computed once per register version and filter.

    `page` and `page_size` are checked: a value that is not a positive whole number answers
    400 naming it, a page past the end 404.
    """

    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._positive_int(request, self.page_size_query_param, default=type(self).page_size)
        self.page_size = min(self.page_size, self.max_page_size)
        self.number = self._positive_int(request, self.page_query_param, default=1)
        self.count = self._count(queryset, request, view)
        start = (self.number - 1) * self.page_size
        if self.number > 1 and start >= self.count:
            raise NotFound({self.page_query_param: _("There is no page %(number)s.") % {"number": self.number}})
        return list(queryset[start : start + self.page_size])

    @staticmethod
    def _positive_int(request, name, default):
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
            raise ValidationError({name: [_("Give a whole number, 1 or more.")]})
        return int(raw)

    def _count(self, queryset, request, view):
        version = register_version()
        if version is None:
            return queryset.count()
        # Only the filters change a count: not ordering, pages, formats or unknown parameters, so
        # junk added to the query string cannot force a COUNT(*) on every request.
        filterset_class = getattr(view, "filterset_class", None)
        names = set(filterset_class.base_filters) - {"ordering"} if filterset_class else set()
        params = sorted((name, values) for name, values in request.query_params.lists() if name in names)
        drafts = can_see_drafts(request, queryset.model)
        key = _key("count", version, timezone.localdate().isoformat(), request.path, params, drafts)
        count = _safe_get(key)
        if count is None:
            count = queryset.count()
            _safe_set(key, count)
        return count

    def get_next_link(self):
        if self.number * self.page_size >= self.count:
            return None
        return self._link(self.number + 1)

    def get_previous_link(self):
        if self.number <= 1:
            return None
        return self._link(self.number - 1)

    def _link(self, number):
        url = self.request.build_absolute_uri()
        if number == 1:
            return remove_query_param(url, self.page_query_param)
        return replace_query_param(url, self.page_query_param, number)

    def get_paginated_response(self, data):
        return Response(
            {"count": self.count, "next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )
