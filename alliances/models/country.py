import functools

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from simple_history.models import HistoricalRecords

from ..localized import detail_url
from ..per_language import per_language
from .base import wikidata_constraints, wikidata_field


class Country(models.Model):
    """An ISO 3166-1 country. Every ISO country exists from the first migrate."""

    code = models.CharField(
        _("ISO code"),
        max_length=2,
        primary_key=True,
        help_text=_("ISO 3166-1 alpha-2 code in capitals, e.g. RU."),
    )
    name = models.CharField(_("name (English)"), max_length=100, db_index=True)
    wikidata = wikidata_field()

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(condition=models.Q(code__regex=r"^[A-Z]{2}$"), name="country_code_two_capitals"),
            *wikidata_constraints("country"),
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


@functools.cache
def _names_in_every_language():
    """{code: [its name in each language of the site, folded]}: worked out once a process."""
    names = {}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for code, name in countries:
                names.setdefault(code, []).append(str(name).casefold())
    return names


def country_codes_named(words):
    """The ISO codes of the countries whose code is `words` or whose name in any language holds them.

    "Казах" finds KZ, "serb" RS: the one rule the public search and the admin's search follow.
    """
    folded = words.strip().casefold()
    if not folded:
        return []
    names = _names_in_every_language()
    # In the order of the names in the active language, as django-countries lists them.
    return [
        code
        for code, _name in countries
        if folded == code.casefold() or any(folded in name for name in names.get(code, ()))
    ]
