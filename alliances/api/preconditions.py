"""Writes from a stale read refused: a record's ETag names its revision, and a write honours If-Match (412).

A curator's (a token's or a session's) read of a writable record answers an ETag of two parts,
`"<the cache's tag>~<revision>"`: the first is the tag of the response (alliances/caching: it
changes with any write to the register and answers If-None-Match with a 304 before any query),
the second the record's revision (alliances/revisions.py: its own columns, its many-to-many
relations and, for a membership, its citations). A PUT, PATCH or DELETE sent with `If-Match`
is made only when one of the tags it names holds the record's revision now (or `*`), and
answers 412 otherwise, writing nothing; the check and the write share a transaction with the
record's row locked. A write answers the ETag of the record it left, good for the next write.
Without If-Match a write is made as before.
"""

from django.db import transaction
from django.utils.http import parse_etags
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import status
from rest_framework.exceptions import APIException

from ..revisions import revision

SEPARATOR = "~"

IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "The ETag a read of this record gave you (GET with your token), or the ETag of your last write to it: "
        "the write is made only if nobody changed the record since, else it answers 412 and writes nothing. "
        "Without it the write is made whatever changed."
    ),
)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"


def etag(cache_tag, current):
    """The ETag of a curator's read: the cache's tag (when there is one) and the record's revision."""
    return f'"{(cache_tag or "").strip(chr(34))}{SEPARATOR}{current}"'


def revision_in(tag):
    """The revision an ETag names ("" for one that names none)."""
    return tag.strip('"').rpartition(SEPARATOR)[2] if SEPARATOR in tag and not tag.startswith("W/") else ""


def cache_tag_in(tag):
    """The cache's part of an ETag, as alliances/caching made it (a tag of another shape is left as it is)."""
    return f'"{tag.strip(chr(34)).rpartition(SEPARATOR)[0]}"' if SEPARATOR in tag else tag


class IfMatchMixin:
    """For a ModelViewSet of register records: revision ETags on curators' reads, If-Match on writes."""

    # The relations whose rows a write of this resource sets (a membership's citations).
    revision_parts = ()

    def revision_of(self, record, *, lock=False):
        return revision(type(record), record.pk, parts=self.revision_parts, lock=lock)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        sent = request.META.get("HTTP_IF_NONE_MATCH")
        if sent and self.action == "retrieve" and request.user.is_authenticated:
            # The cache answers a 304 on its own part of the tag, before any query.
            self._revision_tags = {cache_tag_in(tag): tag for tag in parse_etags(sent)}
            request.META["HTTP_IF_NONE_MATCH"] = ", ".join(self._revision_tags)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if self.action != "retrieve" or not request.user.is_authenticated:
            return response
        if response.status_code == 304:
            response["ETag"] = getattr(self, "_revision_tags", {}).get(response.get("ETag"), response.get("ETag"))
        elif response.status_code == 200:
            response["ETag"] = etag(response.get("ETag"), self.revision_of(self._record_read()))
        return response

    def _record_read(self):
        """The record a retrieve answered, its primary key only (get_object would load what the answer showed)."""
        lookup = self.lookup_url_kwarg or self.lookup_field
        records = self.get_queryset().model._default_manager.only("pk")
        return records.get(**{self.lookup_field: self.kwargs[lookup]})

    def update(self, request, *args, **kwargs):
        with transaction.atomic():
            self.check_if_match(request)
            response = super().update(request, *args, **kwargs)
        if response.status_code == 200:
            response["ETag"] = etag(None, self.revision_of(self.get_object()))
        return response

    def destroy(self, request, *args, **kwargs):
        with transaction.atomic():
            self.check_if_match(request)
            return super().destroy(request, *args, **kwargs)

    def check_if_match(self, request):
        sent = request.META.get("HTTP_IF_MATCH")
        if not sent:
            return
        record = self.get_object()
        current = self.revision_of(record, lock=True)
        if sent.strip() == "*" or current in {revision_in(tag) for tag in parse_etags(sent)}:
            return
        error = PreconditionFailed(
            _(
                "This record changed since you read it (or the ETag in If-Match is not one it had): nothing was "
                "written. Read it again, and send the ETag of that read in If-Match."
            )
        )
        error.current_etag = etag(None, current)
        raise error
