"""Public pages. Every query goes through the published() rule of the models."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from .models import Alliance, Announcement, Country, Membership, Organization, Role


def home(request):
    today = timezone.localdate()
    alliances = Alliance.objects.annotate(
        member_count=Count(
            "memberships",
            filter=Q(memberships__in=Membership.objects.published().active_on(today).full_members()),
        )
    )
    latest = Announcement.objects.published().newest_first()[:5]
    return render(request, "alliances/home.html", {"alliances": alliances, "latest": latest})


def alliance_detail(request, slug):
    alliance = get_object_or_404(Alliance, slug=slug)
    memberships = Membership.objects.published().filter(alliance=alliance).with_related()
    current = memberships.active_on(timezone.localdate())
    context = {
        "alliance": alliance,
        "current": current,
        "history": memberships.order_by("start_date", "id"),
        "announcements": alliance.announcements.published().newest_first(),
        "roles": Role,
    }
    return render(request, "alliances/alliance_detail.html", context)


def country_list(request):
    return render(request, "alliances/country_list.html", {"countries": Country.objects.all()})


def country_detail(request, code):
    country = get_object_or_404(Country, code=code.upper())
    context = {
        "country": country,
        "organizations": country.organizations.all(),
        "memberships": Membership.objects.published().in_country(country).with_related(),
        "rankings": country.rankings.select_related("source"),
    }
    return render(request, "alliances/country_detail.html", context)


def organization_detail(request, slug):
    organization = get_object_or_404(Organization.objects.select_related("country"), slug=slug)
    memberships = Membership.objects.published().filter(organization=organization).with_related()
    context = {"organization": organization, "memberships": memberships}
    return render(request, "alliances/organization_detail.html", context)


def announcement_list(request):
    announcements = Announcement.objects.published().newest_first()
    return render(request, "alliances/announcement_list.html", {"announcements": announcements})


def announcement_detail(request, key):
    published = Announcement.objects.published()
    lookup = {"pk": int(key)} if key.isdigit() else {"slug": key}
    announcement = get_object_or_404(published, **lookup)
    memberships = Membership.objects.published().filter(sources=announcement).with_related()
    return render(
        request, "alliances/announcement_detail.html", {"announcement": announcement, "memberships": memberships}
    )
