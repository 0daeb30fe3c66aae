"""The purges the edges still owe (alliances/caching/purges.py), shown to superusers: read-only, sent by the app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import PendingPurge


@admin.register(PendingPurge)
class PendingPurgeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "edge", "short_keys", "attempts", "next_attempt_at"]
    list_filter = ["edge"]

    @admin.display(description=_("keys"))
    def short_keys(self, purge):
        return purge.keys if len(purge.keys) <= 120 else f"{purge.keys[:120]}…"

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
