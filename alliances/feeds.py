"""Atom feeds of published announcements: all of them, and those of one alliance."""

import datetime

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.translation import gettext as _

from .models import Alliance, Announcement

FEED_SIZE = 30


class AnnouncementFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("Alliance Tracker: announcements")

    def subtitle(self):
        return _("Statements and reports about who belongs to which international AI alliance.")

    def link(self):
        return reverse("alliances:announcement-list")

    def items(self):
        return Announcement.objects.published().newest_first()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom marks the summary type="html" and readers render it as HTML: the curator's plain
        # text goes in escaped (paragraphs kept), or a "<script>" in it would run in the reader.
        return linebreaks(item.summary, autoescape=True) if item.summary else None

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time(), tzinfo=datetime.UTC)

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.publisher or None


class AllianceAnnouncementFeed(AnnouncementFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Alliance, slug=slug)

    def title(self, alliance):
        return _("Alliance Tracker: announcements about %(alliance)s") % {"alliance": alliance.name}

    def link(self, alliance):
        return alliance.get_absolute_url()

    def items(self, alliance):
        return alliance.announcements.published().newest_first()[:FEED_SIZE]
