from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from ..events import event_rows, events_from_rows
from ..filters import AnnouncementFilter, MembershipEventFilter
from ..models import Announcement, Membership
from .common import filter_status, paginate


def timeline(request):
    """Every published event, newest first: the same values filter memberships and announcements."""
    data = request.GET or None
    memberships = MembershipEventFilter(data, queryset=Membership.objects.all())
    announcements = AnnouncementFilter(data, queryset=Announcement.objects.all())
    if memberships.is_bound and not memberships.is_valid():
        events = []
        page = paginate(request, [])
    else:
        year = memberships.form.cleaned_data.get("year") if memberships.is_bound else None
        rows = event_rows(memberships.qs, announcements.qs, year=int(year) if year else None)
        page = paginate(request, rows)
        # Made only when the page's kept part is made ({% kept "timeline" %}).
        events = SimpleLazyObject(lambda: events_from_rows(page.object_list))
    context = {"filter": memberships, "page": page, "events": events}
    return render(request, "alliances/timeline.html", context, status=filter_status(memberships.form))
