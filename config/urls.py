from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from alliances.admin.activity import curator_activity_view
from config.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/activity/", curator_activity_view, name="curator-activity-mine"),
    path("admin/activity/<int:user_id>/", curator_activity_view, name="curator-activity"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("alliances.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("", include("alliances.urls")),
    prefix_default_language=False,
)
