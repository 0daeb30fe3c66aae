from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OrderBy, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.models import HistoricalRecords

from ..dates import FAR_PAST, DateTextError, how_to_write, parse_span, span_words, stored_span
from ..localized import detail_url
from .base import (
    OtherName,
    PublicId,
    PublishableQuerySet,
    SlugUniqueInAnyCase,
    Status,
    TimeStamped,
    Translated,
    slug_unique_in_any_case,
    wikidata_constraints,
    wikidata_field,
)
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


# What a body's `founded` day was, by its kind: a text is adopted, a treaty opened for signature, the others founded.
FOUNDED_WORDS = {
    AllianceKind.DECLARATION: _("adopted %(date)s"),
    AllianceKind.RESOLUTION: _("adopted %(date)s"),
    AllianceKind.INSTRUMENT: _("adopted %(date)s"),
    AllianceKind.TREATY: _("opened for signature %(date)s"),
    None: _("founded %(date)s"),
}


class AllianceQuerySet(PublishableQuerySet):
    """`published()`: the bodies the public may see. A draft body's memberships and sizes are hidden with it."""


class Alliance(SlugUniqueInAnyCase, Translated, TimeStamped):
    """A body that has members: an AI alliance or a bloc of countries."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_(
            "A draft body is visible only in the admin: its page, its memberships and its sizes are hidden "
            "from the site, the feeds, the API and the download until it is published."
        ),
    )
    slug = models.SlugField(_("slug"), max_length=120, unique=True, help_text=_("The alliance's address on the site."))
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=AllianceKind.choices)
    founded = models.CharField(
        _("founded"), max_length=40, blank=True, help_text=how_to_write(_("When the body was founded or adopted."))
    )
    founded_earliest = models.DateField(_("founded: earliest day"), null=True, editable=False)
    founded_latest = models.DateField(_("founded: latest day"), null=True, editable=False)
    dissolved = models.CharField(_("dissolved"), max_length=40, blank=True, help_text=how_to_write())
    dissolved_earliest = models.DateField(_("dissolved: earliest day"), null=True, editable=False)
    dissolved_latest = models.DateField(_("dissolved: latest day"), null=True, editable=False)
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

    objects = AllianceQuerySet.as_manager()
    # history: registered in alliances/translation.py, once the Russian fields exist.

    class Meta:
        ordering = ["name"]
        verbose_name = _("alliance")
        verbose_name_plural = _("alliances")
        constraints = [
            slug_unique_in_any_case("alliance"),
            models.CheckConstraint(
                condition=models.Q(dissolved_latest__isnull=True)
                | models.Q(founded_earliest__isnull=True)
                | models.Q(dissolved_latest__gte=models.F("founded_earliest")),
                name="alliance_dissolved_not_before_founded",
                violation_error_message=_("An alliance cannot be dissolved before it was founded."),
            ),
            *wikidata_constraints("alliance"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return detail_url("alliances:alliance-detail", self.slug)

    def save(self, *args, **kwargs):
        self.days_set()
        super().save(*args, **kwargs)
        self._floors_update()

    def days_set(self):
        """The founding's and the dissolution's earliest and latest days, from their texts (None where not given)."""
        for field in ("founded", "dissolved"):
            text = getattr(self, field)
            try:
                span = stored_span(text) if text else None
            except DateTextError:
                continue  # clean() says what is wrong
            setattr(self, field, span.edtf if span else "")
            setattr(self, f"{field}_earliest", span.earliest if span else None)
            setattr(self, f"{field}_latest", span.latest if span else None)

    def _floors_update(self):
        """A member's start known only as "by" a day begins no earlier than the founding (Membership.days_set):
        keep those days in step with the founding."""
        floor = self.founded_earliest or FAR_PAST
        open_starts = self.memberships.filter(start__startswith="../")
        open_starts.exclude(start_earliest=floor).update(start_earliest=floor)
        open_ends = self.memberships.filter(end__startswith="../").exclude(end_earliest=models.F("start_earliest"))
        open_ends.update(end_earliest=models.F("start_earliest"))

    def clean(self):
        errors = {}
        for field in ("founded", "dissolved"):
            text = getattr(self, field)
            if text:
                try:
                    setattr(self, field, parse_span(text).edtf)
                except DateTextError as error:
                    errors[field] = str(error)
        if not errors:
            self.days_set()
            if self.founded_earliest and self.dissolved_latest and self.dissolved_latest < self.founded_earliest:
                errors["dissolved"] = _("An alliance cannot be dissolved before it was founded.")
        if errors:
            raise ValidationError(errors)

    @property
    def founded_display(self):
        return span_words(self.founded)

    @property
    def founded_words(self):
        """ "founded 11 December 2024"; a text is "adopted", a treaty "opened for signature" (FOUNDED_WORDS)."""
        return FOUNDED_WORDS.get(self.kind, FOUNDED_WORDS[None]) % {"date": self.founded_display}

    @property
    def dissolved_display(self):
        return span_words(self.dissolved)


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
        """Sizes the public may see: those whose source and whose body are published."""
        return self.filter(source__status=Status.PUBLISHED, alliance__status=Status.PUBLISHED)

    def latest_by(self, day):
        """Each alliance's latest published size known to hold by `day` (its date's latest day), with its source:
        one query. Of two sizes of the same day the larger (the later count of that day: "58", then "61")."""
        same_alliance = self.published().filter(alliance=OuterRef("alliance"), as_of_latest__lte=day)
        latest = same_alliance.order_by(*size_order(latest_first=True)).values("pk")
        return self.filter(pk=Subquery(latest[:1])).select_related("source")


def size_order(*, latest_first=False):
    """Sizes oldest first (or latest first); of two of the same day the larger counts as the later."""
    reverse = {"nulls_last": True} if latest_first else {"nulls_first": True}
    return (
        OrderBy(F("as_of_latest"), descending=latest_first),
        OrderBy(F("members"), descending=latest_first, **reverse),
        OrderBy(F("countries"), descending=latest_first, **reverse),
        OrderBy(F("id"), descending=latest_first),
    )


class ReportedSize(PublicId, TimeStamped):
    """How many members a source says an alliance had on a day: "28 organisations in 21 countries"."""

    alliance = models.ForeignKey(
        Alliance, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="reported_sizes"
    )
    as_of = models.CharField(
        _("as of"), max_length=40, help_text=how_to_write(_("The day the size held, as the source gives it."))
    )
    as_of_earliest = models.DateField(_("as of: earliest day"), editable=False)
    as_of_latest = models.DateField(_("as of: latest day"), editable=False)
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
        ordering = ["alliance", "as_of_latest", "id"]
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

    def save(self, *args, **kwargs):
        self.days_set()
        super().save(*args, **kwargs)

    def days_set(self):
        try:
            span = stored_span(self.as_of)
        except DateTextError:
            return  # clean() says what is wrong
        self.as_of = span.edtf
        self.as_of_earliest, self.as_of_latest = span.days()

    @property
    def as_of_display(self):
        return span_words(self.as_of)

    @property
    def size_display(self):
        """ "28 members in 21 countries", "47 members", "members from 13 countries".

        Each number chooses its own noun's form: Russian says "28 членов из 21 страны".
        """
        return self.size_text()

    def size_text(self, counted=None):
        """As `size_display`, the members counted by `counted` (an ngettext_lazy with a "count" key: "%(count)d
        adherents"), the noun of the body's principal role (summaries.COUNTED); members by default."""
        members = None
        if self.members is not None and counted is not None:
            members = counted % {"count": self.members}
        elif self.members is not None:
            members = ngettext("%(count)d member", "%(count)d members", self.members) % {"count": self.members}
        if self.countries is None:
            return members
        if members is None and counted is not None:  # "35 countries": the source counts countries, not its role
            return ngettext("%(countries)d country", "%(countries)d countries", self.countries) % {
                "countries": self.countries
            }
        if members is None:
            return ngettext(
                "members from %(countries)d country", "members from %(countries)d countries", self.countries
            ) % {"countries": self.countries}
        return ngettext("%(members)s in %(count)d country", "%(members)s in %(count)d countries", self.countries) % {
            "members": members,
            "count": self.countries,
        }

    def clean(self):
        errors = {}
        try:
            span = parse_span(self.as_of)
        except DateTextError as error:
            errors["as_of"] = str(error)
        else:
            if span.upper is None:
                errors["as_of"] = _("Give the day the size held by: a size's date needs its latest day.")
            self.as_of = span.edtf
            self.days_set()
        if self.members is None and self.countries is None:
            errors["members"] = _("Give the number of members, of countries, or both.")
        if errors:
            raise ValidationError(errors)
