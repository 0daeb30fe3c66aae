"""Public pages. Mounted under i18n_patterns: English at the root, Russian under /ru/."""

from django.urls import path

from . import views
from .feeds import AllianceAnnouncementFeed, AnnouncementFeed

app_name = "alliances"

urlpatterns = [
    path("", views.home, name="home"),
    path("alliances/<slug:slug>/", views.alliance_detail, name="alliance-detail"),
    path("alliances/<slug:slug>/map.svg", views.alliance_map, name="alliance-map"),
    path("countries/", views.country_list, name="country-list"),
    path("countries/<str:code>/", views.country_detail, name="country-detail"),
    path("organizations/<slug:slug>/", views.organization_detail, name="organization-detail"),
    path("announcements/", views.announcement_list, name="announcement-list"),
    path("announcements/<str:key>/", views.announcement_detail, name="announcement-detail"),
    path("timeline/", views.timeline, name="timeline"),
    path("search/", views.search, name="search"),
    path("feeds/announcements/", AnnouncementFeed(), name="announcement-feed"),
    path("feeds/announcements/<slug:slug>/", AllianceAnnouncementFeed(), name="alliance-announcement-feed"),
]
