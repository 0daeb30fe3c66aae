from django.shortcuts import get_object_or_404, redirect, render

from ..filters import AnnouncementFilter
from ..models import Announcement, Membership
from .common import filter_status, paginate


def announcement_list(request):
    published = Announcement.objects.published().newest_first().prefetch_related("alliances")
    filterset = AnnouncementFilter(request.GET or None, queryset=published)
    valid = not filterset.is_bound or filterset.is_valid()
    page = paginate(request, filterset.qs if valid else published.none())
    context = {"filter": filterset, "page": page}
    return render(request, "alliances/announcement_list.html", context, status=filter_status(filterset.form))


def announcement_detail(request, key):
    published = Announcement.objects.published()
    if key.isdigit():
        # The slug address is the canonical one; the id address leads there.
        return redirect(get_object_or_404(published.only("slug"), pk=int(key)), permanent=True)
    announcement = get_object_or_404(
        published.prefetch_related("alliances", "countries", "organizations__country"), slug=key
    )
    memberships = Membership.objects.published().filter(sources=announcement).listed().order_by("alliance__name", "id")
    return render(
        request, "alliances/announcement_detail.html", {"announcement": announcement, "memberships": memberships}
    )
