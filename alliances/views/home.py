from django.shortcuts import render
from django.utils import timezone

from ..models import Alliance, Announcement, Membership
from ..summaries import MemberSummary, member_summaries


def home(request):
    today = timezone.localdate()
    summaries = member_summaries(Membership.objects.published().active_on(today))
    alliances = list(Alliance.objects.all())
    for alliance in alliances:
        alliance.members = summaries.get(alliance.pk, MemberSummary())
    latest = Announcement.objects.published().newest_first().prefetch_related("alliances")[:6]
    return render(request, "alliances/home.html", {"alliances": alliances, "latest": latest, "today": today})
