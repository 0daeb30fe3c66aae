from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import format_partial_date, precision_error, precision_field
from ..localized import detail_url
from .base import OtherName, TimeStamped


class AllianceKind(models.TextChoices):
    AI_ALLIANCE = "ai_alliance", _("AI alliance")
    BLOC = "bloc", _("bloc of countries")
    OTHER = "other", _("other")


class Alliance(TimeStamped):
    """A body that has members: an AI alliance or a bloc of countries."""

    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The alliance's address on the site."))
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=AllianceKind.choices)
    founded_date = models.DateField(_("founded"), null=True, blank=True)
    founded_precision = precision_field(verbose_name=_("founded: precision"))
    dissolved_date = models.DateField(_("dissolved"), null=True, blank=True)
    dissolved_precision = precision_field(verbose_name=_("dissolved: precision"))
    founding_country = models.ForeignKey(
        "alliances.Country",
        verbose_name=_("home country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="founded_alliances",
        help_text=_("The country that founded or hosts the alliance, if one did."),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True, help_text=_("Leave empty when no source gives one."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(dissolved_date__isnull=True)
                | models.Q(founded_date__isnull=True)
                | models.Q(dissolved_date__gte=models.F("founded_date")),
                name="alliance_dissolved_not_before_founded",
                violation_error_message=_("An alliance cannot be dissolved before it was founded."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("alliances:alliance-detail", self.slug)

    def clean(self):
        errors = {}
        for field in ("founded", "dissolved"):
            message = precision_error(getattr(self, f"{field}_date"), getattr(self, f"{field}_precision"))
            if message:
                errors[f"{field}_date"] = message
        if self.founded_date and self.dissolved_date and self.dissolved_date < self.founded_date:
            errors["dissolved_date"] = _("An alliance cannot be dissolved before it was founded.")
        if errors:
            raise ValidationError(errors)

    @property
    def founded_display(self):
        return format_partial_date(self.founded_date, self.founded_precision)

    @property
    def dissolved_display(self):
        return format_partial_date(self.dissolved_date, self.dissolved_precision)


class AllianceName(OtherName):
    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="other_names"
    )

    history = HistoricalRecords()

    class Meta(OtherName.Meta):
        verbose_name = _("other name of an alliance")
        verbose_name_plural = _("other names of alliances")
        constraints = [
            models.UniqueConstraint(fields=["alliance", "name"], name="alliancename_unique_per_alliance"),
        ]
