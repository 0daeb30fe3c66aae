"""Public pages. Mounted under i18n_patterns: English at the root, Russian under /ru/."""

from django.urls import path, register_converter

from . import views
from .feeds import AllianceAnnouncementFeed, AnnouncementFeed
from .views.alliances import ALLIANCE_PAGE_PARAMETERS
from .views.common import page

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
# cache leaves the others out of its key, so `?x=<anything>` costs no render (alliances/caching/);
# and the record its address names (`shows`), whose surrogate key its answer carries.
# alliances/tests/caching/test_query_parameters.py checks every form and page link against this.
urlpatterns = [
    path("", page()(views.home), name="home"),
    path("alliances/", page()(views.alliance_list), name="alliance-list"),
    path(
        "alliances/<slug:slug>/",
        page(*ALLIANCE_PAGE_PARAMETERS, shows="alliance")(views.alliance_detail),
        name="alliance-detail",
    ),
    path(
        "alliances/<slug:slug>/map.svg", page("as_of", "v", shows="alliance")(views.alliance_map), name="alliance-map"
    ),
    path("compare/", page("as_of", "body", "region", "sort", "format")(views.compare), name="compare"),
    path("countries/", page("alliance", "kind")(views.country_list), name="country-list"),
    path("countries/<iso2:code>/", page(shows="country")(views.country_detail), name="country-detail"),
    path(
        "organizations/",
        page("country", "kind", "country_unknown", "page")(views.organization_list),
        name="organization-list",
    ),
    path(
        "organizations/<slug:slug>/", page(shows="organization")(views.organization_detail), name="organization-detail"
    ),
    path(
        "announcements/",
        page("alliance", "country", "year", "q", "page")(views.announcement_list),
        name="announcement-list",
    ),
    path(
        "announcements/<slug:key>/", page(shows="announcement")(views.announcement_detail), name="announcement-detail"
    ),
    path("timeline/", page("alliance", "country", "year", "page")(views.timeline), name="timeline"),
    path("search/", page("q")(views.search), name="search"),
    path("feeds/announcements/", page()(AnnouncementFeed()), name="announcement-feed"),
    path(
        "feeds/announcements/<slug:slug>/",
        page(shows="alliance")(AllianceAnnouncementFeed()),
        name="alliance-announcement-feed",
    ),
]
