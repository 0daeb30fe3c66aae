from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .membership import Role


class ListCompleteness(models.TextChoices):
    NOT_STATED = "", _("the source does not say")
    COMPLETE = "complete", _("complete: the source gives the whole list")
    PARTIAL = "partial", _("partial: the source names some of them")


class SourceIntake(models.Model):
    """One confirmed intake of a source's list: what it wrote, with one reason, so that it is undone as one."""

    alliance = models.ForeignKey(
        "alliances.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="intakes"
    )
    announcement = models.ForeignKey(
        "alliances.Announcement",
        verbose_name=_("source"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="intakes",
    )
    passage = models.TextField(_("passage"), help_text=_("The source's list, as pasted."))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    start = models.CharField(_("start"), max_length=40, help_text=_("The start, as the curator wrote it."))
    completeness = models.CharField(
        _("the list is"), max_length=10, choices=ListCompleteness.choices, blank=True, default=""
    )
    reason = models.CharField(_("reason"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)
    created_source = models.BooleanField(_("created the source"), default=False)
    completeness_before = models.BooleanField(_("member list complete before"), null=True)
    memberships = models.ManyToManyField(
        "alliances.Membership", verbose_name=_("memberships it added"), blank=True, related_name="+"
    )
    citations = models.ManyToManyField(
        "alliances.MembershipSource", verbose_name=_("citations it added"), blank=True, related_name="+"
    )
    organizations = models.ManyToManyField(
        "alliances.Organization", verbose_name=_("organizations it added"), blank=True, related_name="+"
    )
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    undo_reason = models.CharField(_("why undone"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("intake of a source's list")
        verbose_name_plural = _("intakes of sources' lists")

    def __str__(self):
        return _("%(alliance)s: list from “%(source)s”") % {
            "alliance": self.alliance,
            "source": self.announcement.title if self.announcement else "—",
        }
