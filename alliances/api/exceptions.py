"""Errors as JSON that name what was wrong: never a 500 for a curator's or a client's input."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from ..caching.store import Unreachable
from ..conflicts import is_write_conflict
from .serializers import as_drf_errors


def exception_handler(exc, context):
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
    elif isinstance(exc, Unreachable):
        # A write the shared cache could not be told of would leave its kept answers stale: refused.
        set_rollback()
        message = _("Nothing was saved: the shared cache cannot be reached. Please try again in a minute.")
        response = Response({"detail": message}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        response["Retry-After"] = "30"
        return response
    return drf_exception_handler(exc, context)
