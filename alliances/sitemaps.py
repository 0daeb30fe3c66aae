"""The sitemap: every public page, in English and in Russian."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from .models import Alliance, Announcement, Country, Organization


class PublicSitemap(Sitemap):
    # Each address appears once per language with its alternates: keep a section's page small.
    limit = 1000
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(PublicSitemap):
    def items(self):
        return [
            "home",
            "alliance-list",
            "organization-list",
            "compare",
            "timeline",
            "country-list",
            "announcement-list",
        ]

    def location(self, item):
        return reverse(f"alliances:{item}")


class AllianceSitemap(PublicSitemap):
    def items(self):
        return Alliance.objects.published().order_by("slug")

    def lastmod(self, item):
        return item.updated_at

    def get_latest_lastmod(self):
        # The index asks for this; the default walks every item in Python.
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class OrganizationSitemap(AllianceSitemap):
    def items(self):
        return Organization.objects.order_by("slug")


class AnnouncementSitemap(AllianceSitemap):
    def items(self):
        return Announcement.objects.published().order_by("slug")


class CountrySitemap(PublicSitemap):
    def items(self):
        return Country.objects.order_by("code")


SITEMAPS = {
    "pages": PageSitemap,
    "alliances": AllianceSitemap,
    "countries": CountrySitemap,
    "organizations": OrganizationSitemap,
    "announcements": AnnouncementSitemap,
}
