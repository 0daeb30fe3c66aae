"""What a write owes the caches, written in its own transaction beside the rows it changed (alliances/caching/)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class KeyVersion(models.Model):
    """The version of one surrogate key (`register`, `alliance:brics`): a new number at every write that changes it."""

    key = models.CharField(_("key"), max_length=200, primary_key=True)
    version = models.BigIntegerField(_("version"))

    class Meta:
        verbose_name = _("key version")
        verbose_name_plural = _("key versions")

    def __str__(self):
        return f"{self.key}@{self.version}"


class PendingPurge(models.Model):
    """Keys a committed write changed that one edge (EDGE_PURGE_URLS) has not yet acknowledged purging: the outbox."""

    edge = models.CharField(_("edge"), max_length=200)
    keys = models.TextField(_("keys"), help_text=_("Surrogate keys, separated by spaces."))
    created_at = models.DateTimeField(_("written"), default=timezone.now)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("pending purge")
        verbose_name_plural = _("pending purges")

    def __str__(self):
        return f"{self.edge}: {self.keys[:80]}"
