from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from ..models import Announcement, Membership, Organization


def organization_detail(request, slug):
    organization = get_object_or_404(
        Organization.objects.select_related("country").prefetch_related("other_names"), slug=slug
    )
    memberships = Membership.objects.published().filter(organization=organization).listed()
    context = {
        "organization": organization,
        "memberships": memberships.with_certainty_on(timezone.localdate()).order_by("start_latest", "id"),
        "announcements": Announcement.objects.published().filter(organizations=organization).newest_first()[:10],
    }
    return render(request, "alliances/organization_detail.html", context)
