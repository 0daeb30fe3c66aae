"""Small pieces the page views share."""

from django.core.paginator import Paginator

PAGE_SIZE = 25


def paginate(request, rows, per_page=PAGE_SIZE):
    """The requested page of `rows`; a page number out of range or not a number shows the nearest page."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def filter_status(*forms):
    """400 when a visitor's filter values were wrong (the page still shows the form and its messages)."""
    return 400 if any(form.is_bound and not form.is_valid() for form in forms) else 200
