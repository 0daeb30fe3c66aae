from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.models import HistoricalRecords

from ..localized import detail_url
from ..per_language import per_language


class Country(models.Model):
    """An ISO 3166-1 country. Every ISO country exists from the first migrate."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        primary_key=True,
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. RU."),
    )
    name = models.CharField(_("name (English)"), max_length=100, db_index=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_two_capitals"),
        ]

    def __str__(self):
        return self.localized_name

    def get_absolute_url(self):
        return detail_url("alliances:country-detail", self.code.lower())

    @property
    def localized_name(self):
        """The country's name in the active language, from django-countries' translations."""
        return _iso_name(self.code) or self.name


@per_language()
def _iso_name(code):
    return str(countries.name(code))
