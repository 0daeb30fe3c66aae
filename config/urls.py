from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path, re_path

from alliances.admin.activity import curator_activity_view
from alliances.sitemaps import SITEMAPS
from alliances.views import api_address_unknown, choose_language, robots_txt
from alliances.views.common import page

urlpatterns = [
    path("admin/activity/", admin.site.admin_view(curator_activity_view), name="curator-activity-mine"),
    path("admin/activity/<int:user_id>/", admin.site.admin_view(curator_activity_view), name="curator-activity"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("alliances.api.urls")),
    re_path(r"^api/(?P<rest>.*)$", api_address_unknown),  # JSON even with DEBUG on (make run)
    path("i18n/", include("django.conf.urls.i18n")),
    path("robots.txt", page()(robots_txt), name="robots-txt"),
    path("language/<str:code>/", choose_language, name="choose-language"),
    path(
        "sitemap.xml",
        page("p")(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", page("p")(sitemaps.sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

urlpatterns += i18n_patterns(
    path("", include("alliances.urls")),
    prefix_default_language=False,
)

# Each answers JSON under /api/ (alliances/api/exceptions.py) and a page elsewhere.
handler400 = "alliances.views.bad_request"
handler403 = "alliances.views.permission_denied"
handler404 = "alliances.views.page_not_found"
handler500 = "alliances.views.server_error"
