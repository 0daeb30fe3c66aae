from django.shortcuts import render
from django.utils import timezone

from ..models import Alliance, Announcement
from ..summaries import counted_alliances


def home(request):
    """The alliances with today's participants counted as the alliance pages count them, the latest announcements."""
    today = timezone.localdate()
    alliances = counted_alliances(Alliance.objects.published(), today)
    latest = Announcement.objects.published().newest_first().with_public_alliances()[:6]
    return render(request, "alliances/home.html", {"alliances": alliances, "latest": latest, "today": today})
