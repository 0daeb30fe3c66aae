from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlliancesConfig(AppConfig):
    name = "alliances"
    verbose_name = _("Alliance register")

    def ready(self):
        from .caching.version import connect_signals

        connect_signals(self)
