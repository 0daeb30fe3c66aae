"""/api/v1/: what the API has, where, in a line each; and the JSON answer of an address it does not have."""

from django.http import HttpResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..caching.conditional import ConditionalGetMixin
from ..dataset import about
from ..dataset.citation import citation
from .datapackage import register_zip
from .renderers import FastJSONRenderer

# The API's version: its addresses' /v1/, the root's "version" and the OpenAPI document's (schema.py).
API_VERSION = "v1"

# (route name, keyword arguments as placeholders, one line on what it answers), in the README's order.
ENDPOINTS = [
    ("api:alliance-list", {}, "Alliances and blocs, with today's member counts."),
    ("api:alliance-detail", {"slug": "{slug}"}, "One alliance."),
    (
        "api:alliance-members",
        {"slug": "{slug}"},
        "Its memberships in force on ?as_of=YYYY-MM-DD (default today); ?format=csv for a spreadsheet.",
    ),
    (
        "api:alliance-changes",
        {"slug": "{slug}"},
        "What changed between ?from=YYYY-MM-DD and ?to=YYYY-MM-DD: joined, left, invited, "
        "invitations that ended, role changes.",
    ),
    ("api:alliance-popolo", {"slug": "{slug}"}, "Its members as a Popolo document."),
    ("api:membership-list", {}, "Memberships with member, alliance and sources embedded; filters; ?format=csv."),
    ("api:membership-detail", {"pk": "{id}"}, "One membership, by its id or its uid."),
    ("api:organization-list", {}, "Member organizations; ?country= and ?kind=; ?format=csv."),
    ("api:organization-detail", {"slug": "{slug}"}, "One organization with its memberships."),
    ("api:country-list", {}, "ISO 3166-1 countries."),
    ("api:country-detail", {"code": "{code}"}, "One country: its organizations, memberships and rankings."),
    ("api:announcement-list", {}, "Announcements, the sources memberships cite; newest first; filters."),
    ("api:announcement-detail", {"slug": "{slug}"}, "One announcement, by its slug (an id redirects to the slug)."),
    ("api:register-download", {}, "The whole register as a Frictionless Data Package: one zip of CSVs."),
    (
        "api:changes",
        {},
        "What the published register gained, changed and lost (withdrawals as tombstones) since ?since=, a "
        "register version or a time: to keep a copy of the download in step.",
    ),
    (
        "api:cite",
        {},
        "How to cite the register, or one alliance, country, organization or membership (?alliance=, "
        "?country=, ?organization=, ?membership=): its version, the day, a permanent address.",
    ),
]


# A value each route's pattern accepts, unlike anything else in an address: replaced by the placeholder.
SAMPLES = {"slug": "sample-slug-0", "pk": "987654320", "code": "QZ"}


def address(name, kwargs):
    """The route's path, with `{placeholder}` where a value goes."""
    path = reverse(name, kwargs={key: SAMPLES[key] for key in kwargs})
    for key, placeholder in kwargs.items():
        path = path.replace(SAMPLES[key], placeholder)
    return path


class ApiRootView(ConditionalGetMixin, APIView):
    """The API's addresses, each with a line on what it answers, and where its schema, docs and whole download are."""

    renderer_classes = [FastJSONRenderer, BrowsableAPIRenderer]
    permission_classes = [AllowAny]  # read-only: the view answers GET alone

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="api_root")
    def get(self, request):
        return self.conditional(request, lambda: Response(self.document(request)))

    @staticmethod
    def document(request):
        root = request.build_absolute_uri("/")[:-1]  # not of each address: it would escape the {placeholders}
        register = citation(title=about.TITLE, address=request.build_absolute_uri("/"))
        return {
            "name": "Alliance Tracker API",
            "version": API_VERSION,
            "description": "Who belongs to which international AI alliance, since when, and on whose word. "
            "JSON by default; anonymous reads, token writes.",
            "register_version": register["version"],
            "licenses": about.licences_document(),
            "cite": register,
            "schema": request.build_absolute_uri(reverse("api:schema")),
            "docs": request.build_absolute_uri(reverse("api:docs")),
            "register_download": request.build_absolute_uri(reverse("api:register-download")),
            "changes": request.build_absolute_uri(reverse("api:changes")),
            "endpoints": [
                {"address": root + address(name, kwargs), "description": description}
                for name, kwargs, description in ENDPOINTS
            ],
        }


class RegisterDownloadView(ConditionalGetMixin, APIView):
    """The whole register, published records only, as a Frictionless Data Package in one zip (datapackage.py)."""

    permission_classes = [AllowAny]  # read-only: the view answers GET alone

    @classmethod
    def query_parameters(cls, match):
        return frozenset()  # it reads none: ?anything is answered from the one kept response

    def perform_content_negotiation(self, request, force=False):
        # The answer is a zip whatever Accept or ?format= say; an error (429) is JSON.
        return FastJSONRenderer(), FastJSONRenderer.media_type

    @extend_schema(
        operation_id="register_download",
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        description="A zip of datapackage.json (a Frictionless Data Package: a Table Schema per CSV, "
        "versioned with the register, its licence CC BY 4.0) and a CSV per table: alliances, alliance_names, "
        "organizations, organization_names, countries, memberships, announcements, citations, reported_sizes, "
        "rankings. Published records only.",
    )
    def get(self, request):
        def produce():
            filename, content = register_zip(request.build_absolute_uri("/"))
            response = HttpResponse(content, content_type="application/zip")
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response

        return self.conditional(request, produce)
