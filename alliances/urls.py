"""Public pages. Mounted under i18n_patterns: English at the root, Russian under /ru/."""

from django.urls import path, register_converter

from . import views
from .caching.responses import reads_query
from .feeds import AllianceAnnouncementFeed, AnnouncementFeed
from .views.alliances import ALLIANCE_PAGE_PARAMETERS

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

# Each page names the query parameters it reads (its forms, its page numbers): the shared response
# cache leaves the others out of its key, so `?x=<anything>` costs no render (alliances/caching/).
# alliances/tests/caching/test_query_parameters.py checks every form and page link against this.
urlpatterns = [
    path("", reads_query()(views.home), name="home"),
    path("alliances/", reads_query()(views.alliance_list), name="alliance-list"),
    path(
        "alliances/<slug:slug>/",
        reads_query(*ALLIANCE_PAGE_PARAMETERS)(views.alliance_detail),
        name="alliance-detail",
    ),
    path("alliances/<slug:slug>/map.svg", reads_query("as_of", "v")(views.alliance_map), name="alliance-map"),
    path("compare/", reads_query("as_of", "body", "region", "sort", "format")(views.compare), name="compare"),
    path("countries/", reads_query("alliance", "kind")(views.country_list), name="country-list"),
    path("countries/<iso2:code>/", reads_query()(views.country_detail), name="country-detail"),
    path("organizations/", reads_query("country", "kind", "page")(views.organization_list), name="organization-list"),
    path("organizations/<slug:slug>/", reads_query()(views.organization_detail), name="organization-detail"),
    path(
        "announcements/",
        reads_query("alliance", "country", "year", "q", "page")(views.announcement_list),
        name="announcement-list",
    ),
    path("announcements/<slug:key>/", reads_query()(views.announcement_detail), name="announcement-detail"),
    path("timeline/", reads_query("alliance", "country", "year", "page")(views.timeline), name="timeline"),
    path("search/", reads_query("q")(views.search), name="search"),
    path("feeds/announcements/", AnnouncementFeed(), name="announcement-feed"),
    path("feeds/announcements/<slug:slug>/", AllianceAnnouncementFeed(), name="alliance-announcement-feed"),
]
