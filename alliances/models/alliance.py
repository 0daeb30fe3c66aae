from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from ..dates import bound_field, format_partial_date, precision_error, precision_field
from ..localized import detail_url
from .base import OtherName, PublicId, Status, TimeStamped, Translated, wikidata_constraints, wikidata_field
from .membership import Role


class AllianceKind(models.TextChoices):
    AI_ALLIANCE = "ai_alliance", _("AI alliance")
    BLOC = "bloc", _("bloc of countries")
    PARTNERSHIP = "partnership", _("international partnership")
    NETWORK = "network", _("network of government bodies")
    INSTRUMENT = "instrument", _("international instrument with adherents")
    TREATY = "treaty", _("treaty")
    DECLARATION = "declaration", _("declaration or statement with signatories or endorsers")
    RESOLUTION = "resolution", _("resolution with co-sponsors")
    OTHER = "other", _("other")


class Alliance(Translated, TimeStamped):
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
    wikidata = wikidata_field()
    principal_role = models.CharField(
        _("principal role"),
        max_length=16,
        choices=Role.choices,
        default=Role.MEMBER,
        help_text=_(
            "The role the body's headline count counts: members of a bloc or alliance, adherents of principles, "
            "signatories of a declaration or convention, endorsers of a call, co-sponsors of a resolution."
        ),
    )
    members_list_complete = models.BooleanField(
        _("member list complete"),
        default=False,
        help_text=_(
            "Tick only when a source gives the whole list (an official list of members, adherents or parties). "
            "Otherwise the site never presents the listed members as the whole, and shows the reported sizes."
        ),
    )

    # history: registered in alliances/translation.py, once the Russian fields exist.

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
            *wikidata_constraints("alliance"),
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


class ReportedSizeQuerySet(models.QuerySet):
    def published(self):
        """Sizes the public may see: those whose source is published."""
        return self.filter(source__status=Status.PUBLISHED)

    def latest_by(self, day):
        """Each alliance's latest published size whose date begins on or before `day`, with its source: one query."""
        same_alliance = self.published().filter(alliance=OuterRef("alliance"), as_of__lte=day)
        latest = same_alliance.order_by("-as_of", "-id").values("pk")
        return self.filter(pk=Subquery(latest[:1])).select_related("source")


class ReportedSize(PublicId, TimeStamped):
    """How many members a source says an alliance had on a day: "28 organisations in 21 countries"."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="reported_sizes"
    )
    as_of = models.DateField(_("as of"), help_text=_("The day the size held, as the source gives it."))
    as_of_precision = precision_field(verbose_name=_("as of: precision"))
    as_of_bound = bound_field(verbose_name=_("as of: on or by"))
    members = models.PositiveIntegerField(
        _("members"), null=True, blank=True, help_text=_("Members (organisations or countries) the source counts.")
    )
    countries = models.PositiveIntegerField(
        _("countries"), null=True, blank=True, help_text=_("Countries the members come from, if the source says.")
    )
    source = models.ForeignKey(
        "alliances.Announcement",
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        related_name="reported_sizes",
    )
    quotation = models.TextField(_("quotation"), blank=True, help_text=_("The source's sentence, word for word."))

    objects = ReportedSizeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "as_of", "id"]
        verbose_name = _("reported size")
        verbose_name_plural = _("reported sizes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members__isnull=False) | models.Q(countries__isnull=False),
                name="reportedsize_says_something",
                violation_error_message=_("Give the number of members, of countries, or both."),
            ),
        ]

    def __str__(self):
        return _("%(alliance)s: %(size)s (%(date)s)") % {
            "alliance": self.alliance if self.alliance_id else "?",
            "size": self.size_display,
            "date": self.as_of_display,
        }

    @property
    def as_of_display(self):
        return format_partial_date(self.as_of, self.as_of_precision, self.as_of_bound)

    @property
    def size_display(self):
        """ "28 members in 21 countries", "47 members", "from 13 countries"."""
        if self.members is not None and self.countries is not None:
            return ngettext(
                "%(members)d member in %(countries)d countries",
                "%(members)d members in %(countries)d countries",
                self.members,
            ) % {
                "members": self.members,
                "countries": self.countries,
            }
        if self.members is not None:
            return ngettext("%(members)d member", "%(members)d members", self.members) % {"members": self.members}
        return ngettext(
            "members from %(countries)d country", "members from %(countries)d countries", self.countries
        ) % {"countries": self.countries}

    def clean(self):
        errors = {}
        message = precision_error(self.as_of, self.as_of_precision)
        if message:
            errors["as_of"] = message
        if self.members is None and self.countries is None:
            errors["members"] = _("Give the number of members, of countries, or both.")
        if errors:
            raise ValidationError(errors)
