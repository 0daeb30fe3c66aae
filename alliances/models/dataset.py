from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ROW = "a row of the download"  # its words are feminine in Russian («строка»), a record's neuter


class RowChange(models.TextChoices):
    ADDED = "added", pgettext_lazy(ROW, "added")
    CHANGED = "changed", pgettext_lazy(ROW, "changed")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Withdrawal(models.TextChoices):
    """Why a row left the published register."""

    UNPUBLISHED = "unpublished", _("unpublished: it, or a record it rests on, went back to draft")
    DELETED = "deleted", pgettext_lazy(ROW, "deleted")
    RENAMED = "renamed", _("renamed: the same record is now under another key")


class DatasetChange(models.Model):
    """A row of the published register (a table of the download) that a write added, changed or withdrew.

    Written in the write's own transaction (alliances/dataset/changes.py); /api/v1/changes/ lists them, a
    withdrawal as a tombstone: the row's key, when and why.
    """

    table = models.CharField(_("table"), max_length=32)
    key = models.CharField(_("key"), max_length=600, help_text=_("The row's key in its table, as JSON."))
    change = models.CharField(_("change"), max_length=10, choices=RowChange.choices)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    why = models.CharField(_("why"), max_length=12, choices=Withdrawal.choices, blank=True)
    reason = models.CharField(_("reason"), max_length=100, blank=True, help_text=_("The curator's reason."))
    replaced_by = models.CharField(
        _("replaced by"), max_length=600, blank=True, help_text=_("A renamed row's new key, as JSON.")
    )

    class Meta:
        verbose_name = _("change to the published register")
        verbose_name_plural = _("changes to the published register")
        indexes = [models.Index(fields=["table", "key"], name="datasetchange_table_key_idx")]

    def __str__(self):
        return f"{self.table} {self.key} {self.change}"
