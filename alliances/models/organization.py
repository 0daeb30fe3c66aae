from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..localized import detail_url
from .base import (
    OtherName,
    SlugUniqueInAnyCase,
    TimeStamped,
    Translated,
    slug_unique_in_any_case,
    wikidata_constraints,
    wikidata_field,
)


class OrganizationKind(models.TextChoices):
    NATIONAL_ASSOCIATION = "national_association", _("national AI association")
    DEVELOPMENT_INSTITUTION = "development_institution", _("development institution")
    COMPANY = "company", _("company")
    RESEARCH_INSTITUTE = "research_institute", _("research institute")
    UNIVERSITY = "university", _("university")
    GOVERNMENT_AGENCY = "government_agency", _("government agency")
    INTERNATIONAL_BODY = "international_body", _("international body")
    OTHER = "other", _("other")


class OrganizationQuerySet(models.QuerySet):
    def country_unknown(self):
        """Organisations whose country is not recorded: no country, and not an international body (which has none)."""
        return self.filter(country__isnull=True).exclude(kind=OrganizationKind.INTERNATIONAL_BODY)


class Organization(SlugUniqueInAnyCase, Translated, TimeStamped):
    """A body that can be a member of an alliance."""

    slug = models.SlugField(
        _("slug"), max_length=120, unique=True, help_text=_("The organization's address on the site.")
    )
    name = models.CharField(_("name"), max_length=255, help_text=_("The name as the sources give it."))
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    country = models.ForeignKey(
        "alliances.Country",
        verbose_name=_("country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        help_text=_("Where the organization is based. Leave empty for an international body (the EU, UNESCO)."),
    )
    website = models.URLField(_("website"), blank=True, help_text=_("Leave empty when no source gives one."))
    description = models.TextField(_("description"), blank=True)
    wikidata = wikidata_field()

    objects = OrganizationQuerySet.as_manager()
    # history: registered in alliances/translation.py, once the Russian fields exist.

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        constraints = [slug_unique_in_any_case("organization"), *wikidata_constraints("organization")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("alliances:organization-detail", self.slug)

    @property
    def country_unknown(self):
        """No country recorded, and not an international body: where it is based is not known (country_unknown())."""
        return self.country_id is None and self.kind != OrganizationKind.INTERNATIONAL_BODY


class OrganizationName(OtherName):
    organization = models.ForeignKey(
        Organization, verbose_name=_("organization"), on_delete=models.CASCADE, related_name="other_names"
    )

    history = HistoricalRecords()

    class Meta(OtherName.Meta):
        verbose_name = _("other name of an organization")
        verbose_name_plural = _("other names of organizations")
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="organizationname_unique_per_organization"),
        ]
