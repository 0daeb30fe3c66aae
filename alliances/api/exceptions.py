"""Errors as JSON that name what was wrong: never a 500 for a curator's or a client's input, never an HTML page.

Every error body is an object: `{"detail": "..."}`, or `{"<field or parameter>": ["message", ...]}`
for input that was wrong. ERROR_SCHEMA declares that shape once; the OpenAPI schema documents
each error answer with it (schema.py).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ..conflicts import is_write_conflict
from ..renames import Renamed, renamed_address
from .serializers import as_drf_errors

API_PREFIX = "/api/"
API_NOT_FOUND = "No such address in the API. /api/v1/ lists its addresses."

# The shape of every error body: a `detail`, or messages under the names of the fields or parameters at fault
# (a list of messages; nested objects for the items of a list or an object sent).
ERROR_SCHEMA = {
    "type": "object",
    "description": "An error. `detail` says what went wrong; or each field or query parameter at fault names "
    'its messages, e.g. `{"as_of": ["Enter a valid date."]}`.',
    "properties": {"detail": {"type": "string", "description": "What went wrong, when no one field is at fault."}},
    "additionalProperties": {
        "oneOf": [
            {"type": "array", "items": {"type": "string"}},
            {"type": "string"},
            {"type": "object"},
        ]
    },
}


def is_api_address(request):
    return request.path_info.startswith(API_PREFIX)


def api_error(status, detail):
    """An error of an API address that no view of the API answered (no such address, a refused request)."""
    return JsonResponse({"detail": detail}, status=status)


def exception_handler(exc, context):
    if isinstance(exc, Renamed):
        # A renamed record's old address: the same address with its slug now (alliances/renames.py).
        address = renamed_address(context["request"], exc)
        response = Response({"detail": _("Renamed: its address is now %(address)s.") % {"address": address}})
        response.status_code = status.HTTP_301_MOVED_PERMANENTLY
        response["Location"] = address
        return response
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(as_drf_errors(exc))
    elif isinstance(exc, ProtectedError | RestrictedError):
        set_rollback()
        message = _("Other records still refer to this one (for example memberships or sources); remove those first.")
        return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
    elif is_write_conflict(exc):
        # Validation ran first, so this is another write that landed between our check and our save.
        set_rollback()
        message = _(
            "Nothing was saved: another change made at the same moment conflicts with this one "
            "(for example an overlapping membership). Reload the record and try again."
        )
        return Response({"detail": message}, status=status.HTTP_409_CONFLICT)
    response = drf_exception_handler(exc, context)
    if response is not None and getattr(exc, "current_etag", None):
        response["ETag"] = exc.current_etag  # a 412: the record's tag now
    if response is not None and not isinstance(response.data, dict):
        # DRF writes a ValidationError of a list as a bare list: one shape for every error instead.
        response.data = {"non_field_errors": response.data}
    return response
