from django.shortcuts import render
from django.utils import timezone

from ..models import Announcement, Membership, Organization
from ..renames import current_or_renamed, follows_renames


@follows_renames
def organization_detail(request, slug):
    organization = current_or_renamed(
        Organization.objects.select_related("country").prefetch_related("other_names"), slug
    )
    memberships = Membership.objects.published().filter(organization=organization).listed()
    context = {
        "organization": organization,
        "memberships": memberships.with_certainty_on(timezone.localdate()).order_by("start_latest", "id"),
        "announcements": Announcement.objects.published().filter(organizations=organization).newest_first()[:10],
    }
    return render(request, "alliances/organization_detail.html", context)
