"""Small pieces the page views share."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, rows, per_page=PAGE_SIZE, parameter="page"):
    """The requested page of `rows`; a page number out of range or not a number shows the nearest page."""
    page = Paginator(rows, per_page).get_page(request.GET.get(parameter))
    page.previous_query = _query_with(request, parameter, page.previous_page_number() if page.has_previous() else None)
    page.next_query = _query_with(request, parameter, page.next_page_number() if page.has_next() else None)
    return page


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
