"""An API address answers 400 to a query parameter it does not read, naming the parameters it reads.

`?since=` on a list that has no such filter used to be ignored, and the client got everything. What an
address reads is declared once, by its view (`query_parameters`: its FilterSet's filters, pages and format;
the same declaration keys the shared response cache, alliances/caching/). A middleware, before the
shared cache: a hit never needs the check, and a parameter no address reads never makes a cache entry.
"""

from django.http import JsonResponse
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from .exceptions import is_api_address


def parameters_read(request):
    """The names of the query parameters the address of `request` reads; None when its view does not say."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    names = getattr(match.func, "query_parameters", None)
    reader = getattr(getattr(match.func, "cls", None), "query_parameters", None)
    if names is None and reader is not None:
        names = reader(match)
    return names


class UnknownParametersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_api_address(request) and request.GET:
            names = parameters_read(request)
            if names is not None and request.method not in ("GET", "HEAD", "OPTIONS"):
                names = {*names, "change_reason"}  # a DELETE has no body for the reason a write gives
            unknown = sorted(set(request.GET) - set(names)) if names is not None else []
            if unknown:
                reads = ", ".join(sorted(names)) or _("none")
                message = _("This address does not read this parameter. It reads: %(names)s.") % {"names": reads}
                return JsonResponse({name: [message] for name in unknown}, status=400)
        return self.get_response(request)
