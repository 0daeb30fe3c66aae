from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from ..filters import AnnouncementFilter
from ..models import Announcement, Membership, Stance
from ..renames import current_or_renamed, follows_renames
from .common import filter_status, paginate


def announcement_list(request):
    published = Announcement.objects.published().newest_first().with_public_alliances()
    filterset = AnnouncementFilter(request.GET or None, queryset=published)
    valid = not filterset.is_bound or filterset.is_valid()
    page = paginate(request, filterset.qs if valid else published.none())
    context = {"filter": filterset, "page": page}
    return render(request, "alliances/announcement_list.html", context, status=filter_status(filterset.form))


@follows_renames
def announcement_detail(request, key):
    published = Announcement.objects.published()
    if key.isdigit():
        # The slug address is the canonical one; the id address leads there.
        return redirect(get_object_or_404(published.only("slug"), pk=int(key)), permanent=True)
    announcement = current_or_renamed(
        published.with_public_alliances().prefetch_related("countries", "organizations__country"), key
    )
    # Each membership with this source's own stance on it; its other sources (both sides) come with it.
    cited = (
        Membership.objects.published()
        .filter(citations__announcement=announcement)
        .annotate(this_stance=F("citations__stance"), this_quotation=F("citations__quotation"))
        .listed()
        .with_certainty_on(timezone.localdate())
        .order_by("alliance__name", "id")
    )
    memberships = list(cited)
    context = {
        "announcement": announcement,
        "supported": [m for m in memberships if m.this_stance != Stance.DISPUTES],
        "disputed": [m for m in memberships if m.this_stance == Stance.DISPUTES],
    }
    return render(request, "alliances/announcement_detail.html", context)
