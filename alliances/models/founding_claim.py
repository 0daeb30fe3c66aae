from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import DateTextError, how_to_write, parse_span, span_words, stored_span
from .base import PublicId, Status, TimeStamped


class FoundingClaimQuerySet(models.QuerySet):
    def published(self):
        """Claims the public may see: those whose source and whose body are published."""
        return self.filter(source__status=Status.PUBLISHED, alliance__status=Status.PUBLISHED)


class FoundingClaim(PublicId, TimeStamped):
    """When a source says a body was founded, where sources disagree: "established in May 2024" against
    "established in November 2024". The body's own `founded` stays one date; its claims show the dispute."""

    alliance = models.ForeignKey(
        "alliances.Alliance", verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="founding_claims"
    )
    founded = models.CharField(
        _("founded"), max_length=40, help_text=how_to_write(_("When this source says the body was founded."))
    )
    founded_earliest = models.DateField(_("founded: earliest day"), editable=False)
    founded_latest = models.DateField(_("founded: latest day"), editable=False)
    source = models.ForeignKey(
        "alliances.Announcement", verbose_name=_("source"), on_delete=models.PROTECT, related_name="founding_claims"
    )
    quotation = models.TextField(_("quotation"), help_text=_("The source's sentence, word for word."))

    objects = FoundingClaimQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "founded_earliest", "id"]
        verbose_name = _("founding claim")
        verbose_name_plural = _("founding claims: when sources say the body was founded, where they disagree")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "source", "founded"], name="foundingclaim_unique"),
            models.CheckConstraint(
                condition=~models.Q(quotation=""),
                name="foundingclaim_quoted",
                violation_error_message=_("Quote the source's sentence that dates the founding."),
            ),
        ]

    def __str__(self):
        return f"{self.alliance if self.alliance_id else '?'}: {self.founded_display}"

    def save(self, *args, **kwargs):
        self.days_set()
        super().save(*args, **kwargs)

    def days_set(self):
        try:
            span = stored_span(self.founded)
        except DateTextError:
            return  # clean() says what is wrong
        self.founded = span.edtf
        self.founded_earliest, self.founded_latest = span.days()

    @property
    def founded_display(self):
        return span_words(self.founded)

    def clean(self):
        try:
            self.founded = parse_span(self.founded).edtf
        except DateTextError as error:
            raise ValidationError({"founded": str(error)}) from None
        self.days_set()
