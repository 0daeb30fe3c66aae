from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliance register")

    def ready(self):
        from .caching.versions import connect_signals
        from .dataset.changes import connect_signals as log_dataset_changes

        connect_signals(self)
        log_dataset_changes(self)


class RegisterAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the register's admin site (alliances.admin_site) as `admin.site`."""

    default = False  # "alliances" alone still names AlliancesConfig

    default_site = "alliances.admin_site.RegisterAdminSite"
