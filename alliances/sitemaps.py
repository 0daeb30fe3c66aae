"""The sitemap: every public page, in English and in Russian."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Alliance, Announcement, Country, Organization


class PublicSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PageSitemap(PublicSitemap):
    def items(self):
        return ["home", "timeline", "country-list", "announcement-list"]

    def location(self, item):
        return reverse(f"alliances:{item}")


class AllianceSitemap(PublicSitemap):
    def items(self):
        return Alliance.objects.order_by("slug")

    def lastmod(self, item):
        return item.updated_at


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
