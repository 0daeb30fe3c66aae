"""Public pages. Mounted under i18n_patterns: English at the root, Russian under /ru/."""

from django.urls import path, register_converter

from . import views
from .feeds import AllianceAnnouncementFeed, AnnouncementFeed

app_name = "alliances"


class CountryCodeConverter:
    """Two letters, either case (the view sends capitals to the lower-case address); anything else is a 404."""

    regex = "[A-Za-z]{2}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(CountryCodeConverter, "iso2")

# Addresses match only the characters a slug or code can hold, so a stray value (a NUL byte,
# which PostgreSQL refuses in text) is a 404 before any query.

urlpatterns = [
    path("", views.home, name="home"),
    path("alliances/", views.alliance_list, name="alliance-list"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance-detail"),
    path("alliances/<slug:slug>/map.svg", views.alliance_map, name="alliance-map"),
    path("compare/", views.compare, name="compare"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<iso2:code>/", views.country_detail, name="country-detail"),
    path("organizations/", views.organization_list, name="organization-list"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("announcements/", views.announcement_list, name="announcement-list"),
    path("announcements/<slug:key>/", views.announcement_detail, name="announcement-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("search/", views.search, name="search"),
    path("feeds/announcements/", AnnouncementFeed(), name="announcement-feed"),
    path("feeds/announcements/<slug:slug>/", AllianceAnnouncementFeed(), name="alliance-announcement-feed"),
]
