"""Keeping a copy of the register in step, and citing it: /api/v1/changes/ and /api/v1/cite/.

A client downloads register.zip, notes its `version`, and later asks /api/v1/changes/?since=<version> for
every row added, changed or withdrawn since (alliances/dataset/changes.py reads the log); applying them to
its copy gives it the published register as it is now (tests/api/test_sync.py replays it).
"""

import uuid

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param
from rest_framework.views import APIView

from ..caching.conditional import ConditionalGetMixin
from ..dataset import about
from ..dataset.changes import changes_since
from ..dataset.citation import citation
from ..dataset.version import register_version, version_moment
from ..models import Alliance, Country, Membership, Organization
from .filters import UTCDateTimeField
from .pagination import CountedPagination
from .renderers import FastJSONRenderer

SINCE_HELP = gettext_lazy(
    "The register version your copy is of (datapackage.json's version, e.g. 2026.01.02.100000), or a time "
    "(2026-01-02T10:00:00Z), or a day (2026-01-02, 2026-01 or 2026: its first moment)."
)


def since_moment(text):
    """The moment `since` names: a register version, or a time or a day as `updated_since` reads them."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(
            {"since": [_("Required. %(help)s The whole register is /api/v1/register.zip.") % {"help": SINCE_HELP}]}
        )
    try:
        return version_moment(text)
    except ValueError:
        pass
    try:
        moment = UTCDateTimeField().clean(text)
    except DjangoValidationError:
        moment = None
    if moment is None:
        raise ValidationError({"since": [_("Not a version, a time or a day. %(help)s") % {"help": SINCE_HELP}]})
    return moment


class RegisterChangesView(ConditionalGetMixin, APIView):
    """What the published register gained, changed and lost since a version or a time: a page of rows, in order."""

    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    permission_classes = [AllowAny]  # read-only: the view answers GET alone

    @classmethod
    def query_parameters(cls, match):
        return frozenset({"since", "after", "page_size", "format"})

    @extend_schema(
        operation_id="changes_list",
        parameters=[
            OpenApiParameter("since", str, required=True, description=str(SINCE_HELP), examples=[]),
            OpenApiParameter("after", int, description="The cursor `next` carries: leave it to the links."),
            OpenApiParameter("page_size", int, description="Rows a page (default 100, at most 1000)."),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description="Each row of the download (register.zip's tables) added, changed or withdrawn since "
        "`since` (reaching a minute further back, so a write that committed late is not missed), once, in "
        "the order of its latest change: `record` as the table gives it now, or, withdrawn (unpublished, "
        "deleted, or renamed: a new key replaces it), a tombstone with `at`, `why`, the curator's `reason` "
        "and `replaced_by`. Follow `next` to the last page, then keep `version` for your next `since`.",
    )
    def get(self, request):
        def produce():
            moment = since_moment(request.query_params.get("since"))
            paginator = CountedPagination()
            size = min(
                paginator._positive_int(request, "page_size", default=paginator.page_size), paginator.max_page_size
            )
            after = 0
            if request.query_params.get("after"):
                after = paginator._positive_int(request, "after", default=0)
            version = register_version()
            entries, following = changes_since(moment, after=after, limit=size)
            url = request.build_absolute_uri()
            return Response(
                {
                    "since": moment.isoformat().replace("+00:00", "Z"),
                    "version": version.name,
                    "next": replace_query_param(url, "after", following) if following else None,
                    "first": remove_query_param(url, "after") if after else None,
                    "results": entries,
                }
            )

        return self.conditional(request, produce)


# What a citation can be of: the parameter naming it, how to find it, its title and its page's address.
CITABLE = {
    "alliance": (lambda slug: get_object_or_404(Alliance, slug=slug.lower()), str, lambda a: a.get_absolute_url()),
    "country": (lambda code: get_object_or_404(Country, code=code.upper()), str, lambda c: c.get_absolute_url()),
    "organization": (
        lambda slug: get_object_or_404(Organization, slug=slug.lower()),
        str,
        lambda o: o.get_absolute_url(),
    ),
    "membership": (lambda uid: _membership(uid), str, lambda m: m.place_url()),
}


def _membership(uid):
    try:
        uid = uuid.UUID(uid)
    except ValueError:
        raise ValidationError({"membership": [_("Give the membership's uid.")]}) from None
    memberships = Membership.objects.published().select_related("alliance", "organization", "country")
    return get_object_or_404(memberships, uid=uid)


class CiteView(ConditionalGetMixin, APIView):
    """How to cite the register or one record of it: the register's version, the day, a permanent address."""

    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    permission_classes = [AllowAny]  # read-only: the view answers GET alone

    @classmethod
    def query_parameters(cls, match):
        return frozenset({*CITABLE, "format"})

    @extend_schema(
        operation_id="cite_retrieve",
        parameters=[
            OpenApiParameter("alliance", str, description="An alliance's slug, e.g. brics."),
            OpenApiParameter("country", str, description="A country's ISO code, e.g. ru."),
            OpenApiParameter("organization", str, description="An organization's slug."),
            OpenApiParameter("membership", str, description="A membership's uid."),
        ],
        responses={200: OpenApiTypes.OBJECT},
        description="With none of the parameters, the whole register; with one, that record. `text` is a "
        "reference ready to paste; `url` its page (a membership's place on its alliance's page), which a "
        "renamed record keeps answering at. The data is CC BY 4.0.",
    )
    def get(self, request):
        def produce():
            asked = [name for name in CITABLE if request.query_params.get(name)]
            if len(asked) > 1:
                raise ValidationError({asked[1]: [_("Name one record at a time.")]})
            if not asked:
                return Response(citation(title=about.TITLE, address=request.build_absolute_uri("/")))
            find, title, place = CITABLE[asked[0]]
            record = find(request.query_params[asked[0]])
            return Response(citation(title=title(record), address=request.build_absolute_uri(place(record))))

        return self.conditional(request, produce)
