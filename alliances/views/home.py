from collections import defaultdict

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils import timezone

from ..models import Alliance, Announcement, Country, Membership


def current_members_by_alliance(day):
    """{alliance id: (member count, [countries])} of the full members on `day`, in one query."""
    rows = (
        Membership.objects.published()
        .active_on(day)
        .full_members()
        .annotate(member_country=Coalesce("country_id", "organization__country_id"))
        .values("alliance_id", "member_country")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts, countries = defaultdict(int), defaultdict(list)
    for row in rows:
        counts[row["alliance_id"]] += row["n"]
        if row["member_country"]:
            countries[row["alliance_id"]].append(Country(code=row["member_country"]))
    return {pk: (counts[pk], sorted(countries[pk], key=str)) for pk in counts}


def home(request):
    today = timezone.localdate()
    members = current_members_by_alliance(today)
    alliances = list(Alliance.objects.all())
    for alliance in alliances:
        alliance.member_count, alliance.member_countries = members.get(alliance.pk, (0, []))
    latest = Announcement.objects.published().newest_first().prefetch_related("alliances")[:6]
    return render(request, "alliances/home.html", {"alliances": alliances, "latest": latest, "today": today})
