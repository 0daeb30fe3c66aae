"""Page-number pages of the API whose counts are kept under the register version."""

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from ..caching.kept import kept
from .permissions import can_see_drafts


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
        self.count = self.count_of(queryset, request, view)
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

    def restore(self, request, page):
        """The state `page_slice` leaves, from a kept page ({"count", "number", "page_size"}): for the links."""
        self.request = request
        self.count, self.number, self.page_size = page["count"], page["number"], page["page_size"]

    def count_of(self, queryset, request, view):
        """The count of `queryset` as filtered for `request`, kept under the register version."""
        # Only the filters change a count: not ordering, pages, formats or unknown parameters, so
        # junk added to the query string cannot force a COUNT(*) on every request.
        filterset_class = getattr(view, "filterset_class", None)
        names = set(filterset_class.base_filters) - {"ordering"} if filterset_class else set()
        params = sorted((name, values) for name, values in request.query_params.lists() if name in names)
        drafts = can_see_drafts(request, queryset.model)
        parts = ("api:count", timezone.localdate().isoformat(), request.path, params, drafts)
        return kept(parts, queryset.count)

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
