"""The API's side of caching: what each view reads and `shows` (keys.py), and curators' own ETags (date, address,
format, user and versions, never shared). Anonymous answers are kept whole by responses.py, before DRF runs."""

from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers

from .kept import cache_key
from .responses import not_modified_or_none
from .versions import current_version

SHARED_FORMATS = ("json", "csv")
API_PARAMETERS = frozenset({"format", "page", "page_size"})  # what every list and detail reads besides its filters


class ConditionalGetMixin:
    """ETags on every GET: shared ones for anonymous readers (made by the shared cache), per-user ones for curators."""

    shows = None  # the kind of record named in the address (keys.py); None: the register

    @classmethod
    def query_parameters(cls, match):  # what this view reads at the resolved address `match`: its FilterSet's, pages
        filterset_class = match.func.initkwargs.get("filterset_class", getattr(cls, "filterset_class", None))
        return API_PARAMETERS | set(filterset_class.base_filters if filterset_class else ())

    def conditional(self, request, produce):
        if not request.user.is_authenticated:
            response = produce()
            if request.accepted_renderer.format not in SHARED_FORMATS:  # the browsable API holds a CSRF token
                patch_cache_control(response, private=True)
            return response
        parts = (timezone.localdate(), request.get_full_path(), request.accepted_renderer.format, request.user.pk)
        etag = f'"{cache_key("etag", request.get_host(), *parts, current_version()).split(":")[1][:24]}"'
        response = not_modified_or_none(request, etag) or produce()
        if response.status_code == 200:
            response["ETag"] = etag
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ["Accept", "Authorization", "Cookie"])
        return response
