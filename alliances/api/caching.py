"""Conditional GETs and counted pages, keyed by the register version.

Anonymous responses are kept whole by the shared response cache (alliances.response_cache),
the same mechanism as the public pages': it answers hits and 304s before DRF runs. Here,
curators' reads get ETags of their own (per user, never shared) and a 304 before any query.
The register version (alliances.cache) changes after every committed write, so a key that
holds it can never serve stale data and no timer is needed. When the cache is out of reach
`register_version()` is None and every request is served from the database, uncached.
"""

from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..cache import cache_key, kept, register_version
from ..response_cache import etag_for, mark_private, not_modified_or_none, request_shared_key

SHARED_FORMATS = ("json", "csv")


def can_see_drafts(request, model):
    """Curators with the model's view permission see drafts; everyone else sees published records."""
    user = request.user
    opts = model._meta
    return user.is_authenticated and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")


class ConditionalGetMixin:
    """ETags on every GET: shared ones for anonymous readers, per-user ones for curators.

    An anonymous request that reaches the view missed the shared response cache, which keeps
    the response on its way out; the browsable API's HTML carries a CSRF token for its reader
    and is marked private so it is never kept. A curator's request gets an ETag made of the
    date, the address, the format, the user and the register version: an If-None-Match that
    matches answers 304 before any query runs.
    """

    def conditional(self, request, produce):
        if request_shared_key(request) is not None and not request.user.is_authenticated:
            response = produce()
            if request.accepted_renderer.format not in SHARED_FORMATS:
                mark_private(response)
            return response
        version = register_version()
        if version is None:
            return produce()
        key = cache_key(
            "api:user",
            timezone.localdate().isoformat(),
            request.scheme,
            request.get_host(),
            request.get_full_path(),
            request.accepted_renderer.format,
            request.user.pk,
        )
        etag = etag_for(key, version)
        not_modified = not_modified_or_none(request, etag)
        if not_modified is not None:
            return not_modified
        response = produce()
        if response.status_code == 200:
            response["ETag"] = etag
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
        return list(self.page_slice(queryset, request, view))

    def page_slice(self, queryset, request, view=None):
        """The page's slice of `queryset`, not evaluated; the checks and the count of `paginate_queryset`."""
        self.request = request
        self.page_size = self._positive_int(request, self.page_size_query_param, default=type(self).page_size)
        self.page_size = min(self.page_size, self.max_page_size)
        self.number = self._positive_int(request, self.page_query_param, default=1)
        self.count = self._count(queryset, request, view)
        start = (self.number - 1) * self.page_size
        if self.number > 1 and start >= self.count:
            raise NotFound({self.page_query_param: _("There is no page %(number)s.") % {"number": self.number}})
        return queryset[start : start + self.page_size]

    @staticmethod
    def _positive_int(request, name, default):
        raw = request.query_params.get(name)
        if raw in (None, ""):
            return default
        if not (raw.isascii() and raw.isdigit()) or len(raw) > 9 or int(raw) < 1:
            raise ValidationError({name: [_("Give a whole number, 1 or more.")]})
        return int(raw)

    def _count(self, queryset, request, view):
        # Only the filters change a count: not ordering, pages, formats or unknown parameters, so
        # junk added to the query string cannot force a COUNT(*) on every request.
        filterset_class = getattr(view, "filterset_class", None)
        names = set(filterset_class.base_filters) - {"ordering"} if filterset_class else set()
        params = sorted((name, values) for name, values in request.query_params.lists() if name in names)
        drafts = can_see_drafts(request, queryset.model)
        parts = ("api:count", timezone.localdate().isoformat(), request.path, params, drafts)
        return kept(request, parts, queryset.count)

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
