from django.shortcuts import render
from django.utils import timezone

from ..models import Alliance, Announcement, Membership
from ..summaries import MemberSummary, latest_sizes, member_summaries


def home(request):
    """The alliances with today's participants counted as the alliance pages count them, the latest announcements."""
    today = timezone.localdate()
    summaries = member_summaries(Membership.objects.published(), today)
    sizes = latest_sizes(today)
    alliances = list(Alliance.objects.all())
    for alliance in alliances:
        alliance.members = summaries.get(alliance.pk, MemberSummary())
        alliance.members_text = alliance.members.members.members_text(alliance.members_list_complete)
        alliance.reported_size = None if alliance.members_list_complete else sizes.get(alliance.pk)
    latest = Announcement.objects.published().newest_first().prefetch_related("alliances")[:6]
    return render(request, "alliances/home.html", {"alliances": alliances, "latest": latest, "today": today})
