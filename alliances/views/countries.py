from collections import defaultdict

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from ..filters import CountryMembershipFilter
from ..lanes import country_lanes
from ..models import Announcement, Certainty, Country, Membership, Organization, Ranking, Role
from ..summaries import Tally
from .common import filter_status


def country_list(request):
    """Countries with participants in force today: their members (certain, possible, disputed apart), other
    roles and alliances, in one grouped query."""
    today = timezone.localdate()
    filterset = CountryMembershipFilter(
        request.GET or None, queryset=Membership.objects.published().with_certainty(today)
    )
    rows = []
    if not filterset.is_bound or filterset.is_valid():
        members = Q(role__in=Role.full_member_roles())
        undisputed = members & Q(disputed=False)
        rows = (
            filterset.qs.with_disputed()
            .annotate(code=Coalesce("country_id", "organization__country_id"))
            .filter(code__isnull=False)
            .values("code")
            .annotate(
                certain=Count("id", filter=undisputed & Q(certainty=Certainty.CERTAIN)),
                possible=Count("id", filter=undisputed & Q(certainty=Certainty.POSSIBLE)),
                disputed_members=Count("id", filter=members & Q(disputed=True)),
                other_roles=Count("id", filter=~members),
                alliances=Count("alliance_id", distinct=True),
            )
            .order_by()
        )
    totals = {row["code"]: row for row in rows}
    countries = sorted((Country(code=code) for code in totals), key=str)
    for country in countries:
        row = totals[country.code]
        country.members = Tally(row["certain"], row["possible"], row["disputed_members"])
        country.other_role_count = row["other_roles"]
        country.alliance_count = row["alliances"]
    context = {"countries": countries, "filter": filterset, "today": today}
    return render(request, "alliances/country_list.html", context, status=filter_status(filterset.form))


def country_detail(request, code):
    if code != code.lower():
        return redirect("alliances:country-detail", code=code.lower(), permanent=True)
    # Organisations of no recorded country may be from here: counted apart, in the country's own query.
    unknown = Organization.objects.country_unknown().filter(
        Exists(Membership.objects.published().filter(organization=OuterRef("pk")))
    )
    counted = unknown.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    country = get_object_or_404(
        Country.objects.annotate(organizations_country_unknown=Subquery(counted)), code=code.upper()
    )
    today = timezone.localdate()
    # Made only when the page's kept part is made ({% kept "country" %}): then read back, with no query.
    parts = SimpleLazyObject(lambda: _country_parts(country, today))
    context = {
        "country": country,
        "today": today,
        **{name: SimpleLazyObject(lambda n=name: parts[n]) for name in PARTS},
    }
    return render(request, "alliances/country_detail.html", context)


PARTS = ("lanes", "organizations", "own_memberships", "rankings", "announcements")


def _country_parts(country, today):
    # Every period of each membership, each with its standing today, disputed marks and both sides' sources:
    # loaded once for the lanes, the country's own list and its organizations' lists.
    memberships = list(
        Membership.objects.published()
        .in_country(country)
        .listed()
        .with_certainty_on(today)
        .order_by("start_latest", "id")
    )
    of_organization = defaultdict(list)
    for membership in memberships:
        of_organization[membership.organization_id].append(membership)
    return {
        "lanes": country_lanes(memberships, today),
        "organizations": [
            (organization, of_organization[organization.pk]) for organization in country.organizations.all()
        ],
        "own_memberships": [membership for membership in memberships if membership.country_id == country.code],
        "rankings": list(
            Ranking.objects.filter(country=country, source__in=Announcement.objects.published())
            .select_related("source")
            .order_by("index_name", "-edition_year")
        ),
        "announcements": list(Announcement.objects.published().filter(countries=country).newest_first()[:10]),
    }
