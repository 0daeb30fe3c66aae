"""Atom feeds of published announcements: all of them, and those of one alliance.

Each entry says, after the source's summary, what the source says of memberships: which it
supports and which it disputes, each with its role, its period as precisely as known ("by 11
December 2024") and a "disputed" mark where another source disputes it. An alliance whose
member list is not known to be whole says so in its feed's subtitle, with its reported size.
"""

import datetime

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .models import Alliance, Announcement, Membership, MembershipSource, ReportedSize
from .phrases import reported_size_text
from .summaries import principal_counted

FEED_SIZE = 30


def with_cited_memberships(announcements):
    """The announcements with their citations of published memberships (two queries for the whole feed)."""
    memberships = Membership.objects.with_disputed().select_related("alliance", "organization", "country")
    citations = MembershipSource.objects.filter(membership__in=Membership.objects.published()).order_by("id")
    return announcements.prefetch_related(
        Prefetch("citations", queryset=citations), Prefetch("citations__membership", queryset=memberships)
    )


class AnnouncementFeed(Feed):
    feed_type = Atom1Feed
    # Atom marks the summary type="html" and readers render it as HTML: the template escapes the
    # curator's plain text (paragraphs kept), so a "<script>" in it never runs in the reader.
    description_template = "feeds/announcement_description.html"

    def title(self):
        return _("Alliance Tracker: announcements")

    def subtitle(self):
        return _("Statements and reports about who belongs to which international AI alliance.")

    def link(self):
        return reverse("alliances:announcement-list")

    def items(self):
        return with_cited_memberships(Announcement.objects.published().newest_first())[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher or None


class AllianceAnnouncementFeed(AnnouncementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Alliance.objects.published(), slug=slug)

    def title(self, alliance):
        return _("Alliance Tracker: announcements about %(alliance)s") % {"alliance": alliance.name}

    def subtitle(self, alliance):
        text = _("Statements and reports about who belongs to %(alliance)s.") % {"alliance": alliance.name}
        if alliance.members_list_complete:
            return text
        size = ReportedSize.objects.filter(alliance=alliance).latest_by(timezone.localdate()).first()
        if size is None:
            incomplete = _("Its member list here is not the whole list: no source gives all the members.")
        else:
            incomplete = _("Its member list here is not the whole list; reported: %(size)s (%(source)s).") % {
                "size": reported_size_text(size, principal_counted(alliance.principal_role)),
                "source": size.source.title,
            }
        return f"{text} {incomplete}"

    def link(self, alliance):
        return alliance.get_absolute_url()

    def items(self, alliance):
        return with_cited_memberships(alliance.announcements.published().newest_first())[:FEED_SIZE]
