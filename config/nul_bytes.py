"""Refuse a NUL character anywhere in the address or the query string: 400 naming where, never a 500.

No value on this site may hold one, and PostgreSQL refuses NUL in text outright, so a `%00`
that reached a query (an admin search, a list filter) would end as a database error. One
check here covers every page, the API and the admin.
"""

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


def _where_nul(request):
    """The name of the first parameter that holds a NUL ("" for the address itself), or None."""
    if "\x00" in request.path:
        return ""
    for name, values in request.GET.lists():
        if "\x00" in name or any("\x00" in value for value in values):
            return name.replace("\x00", "")
    return None


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = _where_nul(request)
        if where is None:
            return self.get_response(request)
        if where:
            message = _("%(name)s holds a NUL character (%%00); no value on this site may contain one.") % {
                "name": where
            }
        else:
            message = _("The address holds a NUL character (%00); no address on this site may contain one.")
        if request.path.startswith("/api/"):
            return JsonResponse({where or "detail": [message] if where else message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
