from collections import defaultdict

from django.db.models import Count, Prefetch
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ..filters import CountryMembershipFilter
from ..models import Announcement, Country, Membership, Ranking
from ..models.base import with_translations
from .common import filter_status


def country_list(request):
    """Countries with members in force today: their member count and number of alliances, in one query."""
    today = timezone.localdate()
    filterset = CountryMembershipFilter(
        request.GET or None, queryset=Membership.objects.published().active_on(today), request=request
    )
    rows = []
    if not filterset.is_bound or filterset.is_valid():
        rows = (
            filterset.qs.annotate(code=Coalesce("country_id", "organization__country_id"))
            .filter(code__isnull=False)
            .values("code")
            .annotate(members=Count("id"), alliances=Count("alliance_id", distinct=True))
            .order_by()
        )
    totals = defaultdict(dict)
    for row in rows:
        totals[row["code"]] = row
    countries = sorted((Country(code=code) for code in totals), key=str)
    for country in countries:
        country.member_count = totals[country.code]["members"]
        country.alliance_count = totals[country.code]["alliances"]
    context = {"countries": countries, "filter": filterset, "today": today}
    return render(request, "alliances/country_list.html", context, status=filter_status(filterset.form))


# What the list of the country's organizations shows of each membership: no time stamps, no notes.
ORGANIZATION_MEMBERSHIP_FIELDS = ["organization", "role", "start_date", "start_precision", "start_bound", "end_date"]
ORGANIZATION_MEMBERSHIP_FIELDS += ["end_precision", "end_bound", "end_reason", "alliance__slug", "alliance__name"]


def country_detail(request, code):
    if code != code.lower():
        return redirect("alliances:country-detail", code=code.lower(), permanent=True)
    country = get_object_or_404(Country, code=code.upper())
    published = Membership.objects.published()
    memberships = published.select_related("alliance").only(
        *with_translations(Membership, ORGANIZATION_MEMBERSHIP_FIELDS)
    )
    organizations = country.organizations.prefetch_related(
        Prefetch("memberships", queryset=memberships.order_by("start_date", "id"))
    )
    context = {
        "country": country,
        "organizations": organizations,
        "own_memberships": published.filter(country=country).listed().order_by("start_date", "id"),
        "rankings": Ranking.objects.filter(country=country, source__in=Announcement.objects.published())
        .select_related("source")
        .order_by("index_name", "-edition_year"),
        "announcements": Announcement.objects.published().filter(countries=country).newest_first()[:10],
    }
    return render(request, "alliances/country_detail.html", context)
