"""The API's resources. Visibility is the models' published() rule; drafts only for curators who may view them."""

from django.db.models import Count, Prefetch, Q, Subquery
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ..caching.conditional import ConditionalGetMixin
from ..caching.kept import kept
from ..models import (
    Alliance,
    Announcement,
    Country,
    FoundingClaim,
    Membership,
    MembershipSource,
    Organization,
    Ranking,
    ReportedSize,
    Status,
)
from ..renames import Renamed, current_or_renamed
from ..services import record_delete
from ..summaries import principal_role_filter
from . import pagejson
from . import serializers as s
from .filters import AllianceMembersFilter, AnnouncementFilter, MembershipFilter, OrganizationFilter
from .pagination import CountedPagination
from .permissions import can_see_drafts
from .preconditions import IF_MATCH, IfMatchMixin
from .renderers import CSVRenderer, FastJSONRenderer
from .rows import (
    ORGANIZATION_CSV_COLUMNS,
    chunked,
    membership_dicts,
    membership_rows,
    membership_values,
    organization_csv_row,
    popolo_document,
)
from .shapes import MEMBERSHIP_COLUMNS, MEMBERSHIP_CSV_COLUMNS, country_ref, membership_csv_row, organization_ref

ROW_RENDERERS = [FastJSONRenderer, BrowsableAPIRenderer, CSVRenderer]
# Rows a whole-list CSV reads from the database at a time (and a query for their sources per chunk).
CSV_CHUNK_SIZE = 2000
# A slug address holds only a slug's characters: anything else (a NUL byte, which PostgreSQL
# refuses in text) is a 404 from the router, before any query.
SLUG = r"[-a-zA-Z0-9_]+"


class MembershipRowsMixin:
    """Memberships as the requester may see them, embedded as DESIGN.md's dictionaries."""

    def visible_memberships(self):
        memberships = Membership.objects.all()
        if not can_see_drafts(self.request, Membership):
            memberships = memberships.published()
        return memberships

    def visible_alliances(self):
        alliances = Alliance.objects.all()
        if not can_see_drafts(self.request, Alliance):
            alliances = alliances.published()
        return alliances

    def embed(self, rows):
        """Dictionaries for `membership_values` rows (or a queryset of them), sources included."""
        return membership_dicts(rows, drafts=can_see_drafts(self.request, Announcement))

    def membership_page(self, memberships, *, when_empty=None):
        """A page of the memberships `memberships()` makes, with their sources, or all of them streamed as CSV.

        JSON from the texts pagejson.py keeps or writes; the browsable API from rows.py's
        dictionaries. Which memberships a JSON page holds (their names, the count and the page) is
        itself kept under the register version, today and the parameters the list reads, so a
        request that another reader made before (from any address or host) builds no query at all:
        building the day's certainty rule cost more than running it (docs/performance.md). An empty
        page runs no page query; `when_empty` is called then, to raise 404 when what the list
        belongs to does not exist (so a list that has rows costs no query to find its owner).
        """
        if self.request.accepted_renderer.format == "csv":
            return self.csv_response(membership_rows(memberships()), self.csv_membership_rows, when_empty=when_empty)
        if pagejson.builds_json(self.request):
            drafts = can_see_drafts(self.request, Announcement)
            page = kept(self.page_parts(drafts), lambda: self.page_of_names(memberships(), when_empty))
            self.paginator.restore(self.request, page)
            results = pagejson.membership_page_json(page["names"], drafts=drafts) if page["names"] else []
            return self.get_paginated_response(results)
        page = self.paginator.page_slice(membership_rows(memberships()), self.request, view=self)
        if not self.paginator.count:
            if when_empty is not None:
                when_empty()
            return self.get_paginated_response([])
        return self.get_paginated_response(self.embed(page.values(*MEMBERSHIP_COLUMNS)))

    def page_parts(self, drafts):
        """What a kept page of names depends on besides the register version: the parameters this list reads."""
        read = set(self.filterset_class.base_filters if self.filterset_class else ()) | {"page", "page_size"}
        params = sorted((name, values) for name, values in self.request.query_params.lists() if name in read)
        return ("api:page", timezone.localdate().isoformat(), self.request.path, params, drafts)

    def page_of_names(self, memberships, when_empty):
        """{"count", "number", "page_size", "names"} of the requested page of `memberships` (pagejson.page_names)."""
        page = self.paginator.page_slice(membership_rows(memberships), self.request, view=self)
        names = []
        if not self.paginator.count:
            if when_empty is not None:
                when_empty()
        else:
            names = pagejson.page_names(page)
        return {
            "count": self.paginator.count,
            "number": self.paginator.number,
            "page_size": self.paginator.page_size,
            "names": names,
        }

    def csv_membership_rows(self, memberships):
        """CSV rows of `memberships`, a chunk at a time: one query for the chunk's sources."""
        for chunk in chunked(memberships.values(*MEMBERSHIP_COLUMNS), CSV_CHUNK_SIZE):
            yield from map(membership_csv_row, self.embed(chunk))

    def for_format(self, memberships):
        if self.request.accepted_renderer.format == "csv":
            return [membership_csv_row(membership) for membership in memberships]
        return memberships

    def csv_response(self, queryset, rows, *, when_empty=None):
        """Every row of `queryset` (the whole filter: `page` and `page_size` do not apply) streamed as CSV.

        The filter's count is in X-Total-Count; a bad filter has answered 400 before the first byte.
        """
        count = self.paginator.count_of(queryset, self.request, self)
        if not count and when_empty is not None:
            when_empty()
        response = StreamingHttpResponse(
            CSVRenderer.stream(self.csv_columns, rows(queryset)), content_type="text/csv; charset=utf-8"
        )
        response["X-Total-Count"] = str(count)
        name = self.request.path.strip("/").removeprefix("api/v1/").replace("/", "-") or "export"
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response


class FollowsRenames:
    """A record looked up by its slug answers at a slug it had too: 301 to its address now (alliances/renames.py).

    A write to the old address writes the record itself: a redirect would turn a PUT into a GET in many clients.
    """

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        try:
            record = current_or_renamed(queryset, self.kwargs[self.lookup_field])
        except Renamed as renamed:
            if self.request.method in ("GET", "HEAD"):
                raise
            record = queryset.get(slug=renamed.new)
        self.check_object_permissions(self.request, record)
        return record


# What the detail of a record reads: its format, nothing else.
DETAIL_PARAMETERS = frozenset({"format"})


class ReadsItsOwnParameters:
    """A list reads its filters, pages and format; a record's detail (not an action with filters) its format."""

    @classmethod
    def query_parameters(cls, match):
        if match.func.initkwargs.get("detail") and not match.func.initkwargs.get("filterset_class"):
            return DETAIL_PARAMETERS
        return super().query_parameters(match)


class RegisterViewSet(
    ReadsItsOwnParameters, IfMatchMixin, MembershipRowsMixin, ConditionalGetMixin, viewsets.ModelViewSet
):
    """Cached, conditional reads; writes validated by the model, refused when made from a stale read (If-Match);
    `write_serializer_class` for writes."""

    pagination_class = CountedPagination
    write_serializer_class = None
    filterset_class = None

    def get_serializer_class(self):
        if self.request is not None and self.request.method not in ("GET", "HEAD", "OPTIONS"):
            return self.write_serializer_class
        return self.serializer_class

    def list(self, request, *args, **kwargs):
        return self.conditional(request, lambda: super(RegisterViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        return self.conditional(request, lambda: super(RegisterViewSet, self).retrieve(request, *args, **kwargs))

    def perform_destroy(self, instance):
        data = self.request.data if hasattr(self.request.data, "get") else {}
        reason = data.get("change_reason") or self.request.query_params.get("change_reason", "")
        record_delete(record=instance, reason=str(reason), user=self.request.user)


def write_schemas(write_serializer, response_serializer=None):
    """OpenAPI for a resource's writes: what a curator sends, what comes back, and If-Match (preconditions.py)."""
    response = response_serializer or write_serializer
    return {
        "create": extend_schema(request=write_serializer, responses={201: response}),
        "update": extend_schema(request=write_serializer, responses=response, parameters=[IF_MATCH]),
        "partial_update": extend_schema(request=write_serializer, responses=response, parameters=[IF_MATCH]),
        "destroy": extend_schema(parameters=[IF_MATCH]),
    }


@extend_schema_view(
    list=extend_schema(responses=s.MembershipSerializer(many=True)),
    retrieve=extend_schema(responses=s.MembershipSerializer),
    **write_schemas(s.MembershipWriteSerializer, s.MembershipSerializer),
)
class MembershipViewSet(RegisterViewSet):
    """Memberships with their alliance, member and sources embedded. `?format=csv` for a spreadsheet."""

    queryset = Membership.objects.all()
    serializer_class = s.MembershipSerializer
    write_serializer_class = s.MembershipWriteSerializer
    filterset_class = MembershipFilter
    renderer_classes = ROW_RENDERERS
    # Its database id, or its uid: the identifier the register's files and every download give it.
    lookup_value_regex = r"(?:[0-9]+|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    revision_parts = ("citations",)  # a write sets its sources
    csv_columns = MEMBERSHIP_CSV_COLUMNS

    def get_queryset(self):
        return self.visible_memberships().order_by("id")

    def _the_one(self, queryset):
        key = self.kwargs["pk"]
        return queryset.filter(**({"pk": key} if key.isdigit() else {"uid": key}))

    def _record_read(self):
        return self._the_one(self.get_queryset().only("pk")).get()

    def get_object(self):
        membership = self._the_one(self.get_queryset()).first()
        if membership is None:
            raise NotFound()
        self.check_object_permissions(self.request, membership)
        return membership

    def list(self, request, *args, **kwargs):
        def produce():
            return self.membership_page(lambda: self.filter_queryset(self.get_queryset()))

        return self.conditional(request, produce)

    def retrieve(self, request, *args, **kwargs):
        def produce():
            rows = self.embed(membership_values(self._the_one(self.get_queryset())))
            if not rows:
                raise NotFound()
            return Response(self.for_format(rows)[0])

        return self.conditional(request, produce)


@extend_schema_view(**write_schemas(s.AllianceWriteSerializer))
class AllianceViewSet(FollowsRenames, RegisterViewSet):
    """Alliances and blocs, with today's count of founding members and members."""

    serializer_class = s.AllianceSerializer
    write_serializer_class = s.AllianceWriteSerializer
    lookup_field = "slug"
    lookup_value_regex = SLUG
    shows = "alliance"

    def get_queryset(self):
        if self.action == "members":
            return self.visible_memberships().order_by("id")
        today = Membership.objects.published().active_on(timezone.localdate())
        today_members = today.full_members()
        return (
            self.visible_alliances()
            .select_related("founding_country")
            .prefetch_related(
                "other_names",
                Prefetch(
                    "reported_sizes",
                    queryset=ReportedSize.objects.published().select_related("source").order_by("as_of_latest", "id"),
                    to_attr="public_sizes",
                ),
                Prefetch(
                    "founding_claims",
                    queryset=FoundingClaim.objects.published().select_related("source"),
                    to_attr="public_founding_claims",
                ),
            )
            .annotate(
                member_count=Count("memberships", filter=Q(memberships__in=today_members)),
                principal_role_count=Count("memberships", filter=Q(memberships__in=today) & principal_role_filter()),
            )
            .order_by("name", "id")
        )

    @extend_schema(
        responses=s.MembershipSerializer(many=True),
        parameters=[OpenApiParameter("slug", str, OpenApiParameter.PATH, description="The alliance's slug.")],
    )
    @action(detail=True, filterset_class=AllianceMembersFilter, renderer_classes=ROW_RENDERERS)
    def members(self, request, slug=None):
        """The alliance's memberships in force on `as_of` (default today), with members and sources."""

        def produce():
            # The alliance is found inside the page query, and looked up on its own only when the page is
            # empty. A scalar subquery, not a join on the slug: PostgreSQL then knows the page walks one
            # alliance's (alliance_id, id) index, where with a join it walked the primary key past
            # thousands of other alliances' rows (docs/performance.md).
            alliance_id = Subquery(Alliance.objects.filter(slug=slug).order_by().values("pk"))
            return self.membership_page(
                lambda: self.filter_queryset(self.get_queryset().filter(alliance=alliance_id)),
                when_empty=lambda: current_or_renamed(self.visible_alliances().only("pk", "slug"), slug),
            )

        return self.conditional(request, produce)

    csv_columns = MEMBERSHIP_CSV_COLUMNS


@extend_schema_view(
    retrieve=extend_schema(responses=s.OrganizationDetailSerializer),
    **write_schemas(s.OrganizationWriteSerializer),
)
class OrganizationViewSet(FollowsRenames, RegisterViewSet):
    """Member bodies with their country and other names; the detail embeds their memberships."""

    serializer_class = s.OrganizationSerializer
    write_serializer_class = s.OrganizationWriteSerializer
    filterset_class = OrganizationFilter
    renderer_classes = ROW_RENDERERS
    lookup_field = "slug"
    lookup_value_regex = SLUG
    shows = "organization"

    def get_queryset(self):
        return Organization.objects.select_related("country").prefetch_related("other_names").order_by("name", "id")

    def list(self, request, *args, **kwargs):
        def produce():
            organizations = self.filter_queryset(self.get_queryset())
            if request.accepted_renderer.format == "csv":
                return self.csv_response(organizations, csv_organization_rows)
            page = self.paginate_queryset(organizations)
            return self.get_paginated_response(s.OrganizationSerializer(page, many=True).data)

        return self.conditional(request, produce)

    def retrieve(self, request, *args, **kwargs):
        def produce():
            organization = self.get_object()
            data = s.OrganizationSerializer(organization).data
            if request.accepted_renderer.format == "csv":
                return Response(organization_csv_row(data))
            data["memberships"] = self.embed(
                membership_values(
                    self.visible_memberships().filter(organization=organization).order_by("start_latest", "id")
                )
            )
            return Response(data)

        return self.conditional(request, produce)

    csv_columns = ORGANIZATION_CSV_COLUMNS


@extend_schema_view(**write_schemas(s.AnnouncementWriteSerializer))
class AnnouncementViewSet(FollowsRenames, RegisterViewSet):
    """Dated statements and reports: the sources memberships cite. Newest first."""

    serializer_class = s.AnnouncementSerializer
    write_serializer_class = s.AnnouncementWriteSerializer
    filterset_class = AnnouncementFilter
    lookup_field = "slug"
    lookup_value_regex = SLUG
    shows = "announcement"

    def retrieve(self, request, *args, **kwargs):
        if kwargs["slug"].isdigit():
            # An id, the address before slugs: it leads to the slug address, the canonical one, as on the pages.
            slug = self._by_id(kwargs["slug"]).slug
            query = request.META.get("QUERY_STRING", "")
            address = reverse("api:announcement-detail", kwargs={"slug": slug}) + (f"?{query}" if query else "")
            return redirect(address, permanent=True)
        return super().retrieve(request, *args, **kwargs)

    def get_object(self):
        # A write may still name the announcement by its id: a redirect would turn a PUT into a GET in many clients.
        if not self.kwargs["slug"].isdigit():
            return super().get_object()
        announcement = self._by_id(self.kwargs["slug"])
        self.check_object_permissions(self.request, announcement)
        return announcement

    def _by_id(self, digits):
        if len(digits) > 18:  # past the database's integers: no such record
            raise NotFound()
        return get_object_or_404(self.get_queryset(), pk=int(digits))

    def get_queryset(self):
        announcements = Announcement.objects.all()
        if not can_see_drafts(self.request, Announcement):
            announcements = announcements.published()
        return announcements.newest_first().prefetch_related(
            Prefetch("alliances", queryset=self.visible_alliances().only("slug", "name")),
            Prefetch("countries", queryset=Country.objects.only("code", "name")),
            Prefetch("organizations", queryset=Organization.objects.only("slug", "name")),
        )


@extend_schema_view(retrieve=extend_schema(responses=s.CountryDetailSerializer))
class CountryViewSet(ReadsItsOwnParameters, MembershipRowsMixin, ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """ISO 3166-1 countries; a country's detail holds its organizations, memberships and rankings."""

    queryset = Country.objects.order_by("name")
    serializer_class = s.CountrySerializer
    pagination_class = CountedPagination
    lookup_field = "code"
    shows = "country"
    lookup_value_regex = r"[A-Za-z]{2}"

    def list(self, request, *args, **kwargs):
        return self.conditional(request, lambda: super(CountryViewSet, self).list(request, *args, **kwargs))

    def retrieve(self, request, *args, **kwargs):
        def produce():
            country = get_object_or_404(Country, code=kwargs["code"].upper())
            rankings = Ranking.objects.filter(country=country).select_related("source")
            if not can_see_drafts(request, Announcement):
                rankings = rankings.filter(source__in=Announcement.objects.published())
            data = s.CountrySerializer(country).data
            data["organizations"] = [
                organization_ref(o.slug, o.name, o.kind, country_ref(country.code, country.name))
                for o in country.organizations.order_by("name", "id")
            ]
            memberships = self.visible_memberships().in_country(country).order_by("start_latest", "id")
            data["memberships"] = self.embed(membership_values(memberships))
            data["rankings"] = [
                {
                    "index_name": r.index_name,
                    "edition_year": r.edition_year,
                    "rank": r.rank,
                    "out_of": r.out_of,
                    "source": s.source_dict(r.source),
                    "uid": str(r.uid),
                }
                for r in rankings.order_by("index_name", "-edition_year")
            ]
            return Response(data)

        return self.conditional(request, produce)


def csv_organization_rows(organizations):
    """CSV rows of `organizations`, a chunk at a time: one query for the chunk's other names."""
    for chunk in chunked(organizations, CSV_CHUNK_SIZE):
        yield from (organization_csv_row(row) for row in s.OrganizationSerializer(chunk, many=True).data)


class AlliancePopoloView(MembershipRowsMixin, ConditionalGetMixin, APIView):
    """An alliance's members as a Popolo document: organizations, memberships with reduced-precision dates, sources."""

    renderer_classes = [FastJSONRenderer]
    permission_classes = [AllowAny]  # read-only: the view answers GET alone
    shows = "alliance"

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, operation_id="alliances_popolo_retrieve")
    def get(self, request, slug):
        def produce():
            alliance = current_or_renamed(self.visible_alliances(), slug)
            citations = MembershipSource.objects.filter(announcement__status=Status.PUBLISHED).select_related(
                "announcement"
            )
            memberships = (
                self.visible_memberships()
                .filter(alliance=alliance)
                .select_related("organization__country", "country")
                .with_disputed()
                .prefetch_related(Prefetch("citations", queryset=citations.order_by("announcement__date", "id")))
                .order_by("start_latest", "id")
            )
            return Response(popolo_document(alliance, memberships))

        return self.conditional(request, produce)
