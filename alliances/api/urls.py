"""The API router, mounted at /api/v1/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views
from .changes import AllianceChangesView
from .index import ApiRootView, RegisterDownloadView
from .intake import AllianceIntakeView
from .sync import CiteView, RegisterChangesView

app_name = "api"

router = SimpleRouter()
router.register("alliances", views.AllianceViewSet, basename="alliance")
router.register("countries", views.CountryViewSet, basename="country")
router.register("organizations", views.OrganizationViewSet, basename="organization")
router.register("memberships", views.MembershipViewSet, basename="membership")
router.register("announcements", views.AnnouncementViewSet, basename="announcement")

urlpatterns = [
    path("", ApiRootView.as_view(), name="root"),
    path("register.zip", RegisterDownloadView.as_view(), name="register-download"),
    path("changes/", RegisterChangesView.as_view(), name="changes"),
    path("cite/", CiteView.as_view(), name="cite"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its script as a file of its own: the CSP forbids inline scripts.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("alliances/<slug:slug>/popolo.json", views.AlliancePopoloView.as_view(), name="alliance-popolo"),
    path("alliances/<slug:slug>/changes/", AllianceChangesView.as_view(), name="alliance-changes"),
    path("alliances/<slug:slug>/intake/", AllianceIntakeView.as_view(), name="alliance-intake"),
    *router.urls,
]
