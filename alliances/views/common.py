"""Small pieces the page views share."""

import functools

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.utils.functional import SimpleLazyObject

from ..caching.kept import kept
from ..summaries import Tally

PAGE_SIZE = 25
# What a page answers: it reads, and changes nothing.
PAGE_METHODS = "GET, HEAD, OPTIONS"


def page(*reads, shows=None):
    """Declare a public page (alliances/urls.py): the query parameters it `reads`, the record it `shows` by address.

    The shared response cache leaves the parameters a page does not read out of its key, and its
    answer carries the surrogate key of what it `shows` (alliances/caching/keys.py; None: the
    register). A page answers GET and HEAD; OPTIONS says so (`Allow`) without running the view,
    and any other method (TRACE, POST) is 405.
    """

    def declare(view):
        @functools.wraps(view)
        def answer(request, *args, **kwargs):
            if request.method in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            response = HttpResponse(status=200 if request.method == "OPTIONS" else 405)
            response["Allow"] = PAGE_METHODS
            return response

        answer.query_parameters, answer.shows = frozenset(reads), shows
        return answer

    return declare


def paginate(request, rows, per_page=PAGE_SIZE, parameter="page", count=None):
    """The requested page of `rows`; a page number out of range or not a number shows the nearest page.

    The count of a query is kept under the register version, keyed by its SQL and parameters:
    every page of the same list, and every request that misses the response cache, share it.
    A caller that has counted the rows already gives `count`.
    """
    paginator = Paginator(rows, per_page)
    if count is not None:
        paginator.count = count
    elif hasattr(rows, "query"):
        paginator.count = kept_count(rows)
    page = paginator.get_page(request.GET.get(parameter))
    page.previous_query = _query_with(request, parameter, page.previous_page_number() if page.has_previous() else None)
    page.next_query = _query_with(request, parameter, page.next_page_number() if page.has_next() else None)
    return page


class RowsOnDemand:
    """Rows for `paginate` made only when a page of them is read: a page part kept rendered never makes them.

    `make()` builds the rows (a queryset or EventRows); `count()` counts them, which a caller
    keeps under a key of its own so that counting compiles no SQL. A page's slice is lazy too.
    """

    ordered = True  # what Paginator asks of a queryset: the rows `make` builds are ordered

    def __init__(self, make, count):
        self.make, self._count = make, count

    def count(self):
        return self._count()

    def __getitem__(self, index):
        return SimpleLazyObject(lambda: list(self.make()[index]))


def _query_with(request, parameter, number):
    """This page's query string with another page number; None when there is no such page."""
    if number is None:
        return None
    query = request.GET.copy()
    query[parameter] = number
    return "?" + query.urlencode()


def filter_status(*forms):
    """400 when a visitor's filter values were wrong (the page still shows the form and its messages)."""
    return 400 if any(form.is_bound and not form.is_valid() for form in forms) else 200


def kept_tally(rows, certainty):
    """A Tally of `rows` by their `certainty` annotation and `disputed`: one grouped query, kept like a count."""
    grouped = rows.with_disputed().values_list(certainty, "disputed").annotate(n=Count("id")).order_by()
    try:
        sql, params = grouped.query.sql_with_params()
    except EmptyResultSet:
        return Tally()
    counted = kept(("tally", sql, params), lambda: [tuple(row) for row in grouped])
    tally = Tally()
    for value, disputed, n in counted:
        tally.add(value, disputed, n)
    return tally


def kept_count(rows):
    """`rows.count()` (a queryset, or anything with a query and a count), kept under the register version."""
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # .none(): nothing to count
        return rows.count()
    return kept(("count", sql, params), rows.count)
