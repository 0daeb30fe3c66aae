from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Prefetch, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import format_partial_date, precision_error, precision_field
from .announcement import Announcement
from .base import PublishableQuerySet, Status, TimeStamped


class Role(models.TextChoices):
    FOUNDING_MEMBER = "founding_member", _("founding member")
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")
    PARTNER = "partner", _("partner")
    INVITED = "invited", _("invited")

    @classmethod
    def full_member_roles(cls):
        """The roles that make a body a member proper, the ones a member count counts."""
        return [cls.FOUNDING_MEMBER, cls.MEMBER]


class EndReason(models.TextChoices):
    WITHDREW = "withdrew", _("withdrew")
    DECLINED = "declined", _("declined the invitation")
    EXPELLED = "expelled", _("expelled")
    DISSOLVED = "dissolved", _("alliance dissolved")
    ROLE_CHANGED = "role_changed", _("role changed (continued in a new role)")
    OTHER = "other", _("other")


class MemberType(models.TextChoices):
    ORGANIZATION = "organization", _("organization")
    COUNTRY = "country", _("country")


# What a list of memberships on a page shows (MembershipQuerySet.listed).
LISTED_FIELDS = (
    "alliance",
    "organization",
    "country",
    "role",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "end_reason",
    "alliance__slug",
    "alliance__name",
    "organization__slug",
    "organization__name",
    "organization__country",
    "organization__country__name",
    "country__name",
)


class MembershipQuerySet(PublishableQuerySet):
    def active_on(self, day):
        """Memberships in force on `day`: started on or before it, not yet ended (the end day is excluded)."""
        return self.filter(start_date__lte=day).filter(Q(end_date__isnull=True) | Q(end_date__gt=day))

    def full_members(self):
        """Founding members and members: not observers, partners or invitees."""
        return self.filter(role__in=Role.full_member_roles())

    def departures(self):
        """Memberships that ended with the member leaving: not those continued in a new role."""
        return self.filter(end_date__isnull=False).exclude(end_reason=EndReason.ROLE_CHANGED)

    def of_member_type(self, member_type):
        if member_type == MemberType.ORGANIZATION:
            return self.filter(organization__isnull=False)
        return self.filter(country__isnull=False)

    def in_country(self, country):
        """Memberships of the country itself or of an organization based there."""
        return self.filter(Q(country=country) | Q(organization__country=country))

    def of_member_in(self, *, alliance_id, organization_id=None, country_id=None):
        """The memberships one member (an organization or a country) holds in one alliance."""
        if organization_id:
            return self.filter(alliance_id=alliance_id, organization_id=organization_id)
        return self.filter(alliance_id=alliance_id, country_id=country_id, organization__isnull=True)

    def overlapping(self, start, end):
        """Memberships whose period [start, end) shares a day with the given one (end None = open)."""
        periods = Q(end_date__isnull=True) | Q(end_date__gt=start)
        if end is not None:
            periods &= Q(start_date__lt=end)
        return self.filter(periods)

    def with_related(self):
        """Everything a page or the API shows of a membership, in a fixed number of queries."""
        return self.select_related("alliance", "organization__country", "country").prefetch_related(
            Prefetch("sources", queryset=Announcement.objects.published().order_by("date", "id"))
        )

    def listed(self):
        """`with_related()` with only the columns a page's list of memberships shows (a row, its member, its sources).

        A page of 200 members otherwise loads and parses five tables' time stamps, notes and
        descriptions it never shows. A column a list starts to show goes here, or each row
        costs a query (the page query tests catch that).
        """
        sources = Announcement.objects.published().only("slug", "title", "source_url").order_by("date", "id")
        return (
            self.select_related("alliance", "organization__country", "country")
            .only(*LISTED_FIELDS)
            .prefetch_related(Prefetch("sources", queryset=sources))
        )


class Membership(TimeStamped):
    """A member (an organization or a country, exactly one) in an alliance for a period."""

    alliance = models.ForeignKey(
        "alliances.Alliance", verbose_name=_("alliance"), on_delete=models.PROTECT, related_name="memberships"
    )
    organization = models.ForeignKey(
        "alliances.Organization",
        verbose_name=_("member organization"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("Fill in either an organization or a country, not both."),
    )
    country = models.ForeignKey(
        "alliances.Country",
        verbose_name=_("member country"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        help_text=_("For a bloc whose members are states (BRICS)."),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)
    start_date = models.DateField(_("start"), db_index=True)
    start_precision = precision_field(verbose_name=_("start: precision"))
    end_date = models.DateField(
        _("end"), null=True, blank=True, db_index=True, help_text=_("Leave empty while the membership lasts.")
    )
    end_precision = precision_field(verbose_name=_("end: precision"), blank=True, default="")
    end_reason = models.CharField(_("end reason"), max_length=16, choices=EndReason.choices, blank=True)
    notes = models.TextField(_("notes"), blank=True, help_text=_("For curators; not shown to the public."))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.DRAFT,
        db_index=True,
        help_text=_("A published membership must cite at least one published announcement."),
    )
    sources = models.ManyToManyField(
        "alliances.Announcement",
        verbose_name=_("sources"),
        through="MembershipSource",
        related_name="memberships",
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "start_date", "id"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False, country__isnull=True)
                | Q(organization__isnull=True, country__isnull=False),
                name="membership_exactly_one_member",
                violation_error_message=_("A member is either an organization or a country, exactly one."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_end_not_before_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True, end_precision="", end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_precision="")),
                name="membership_end_fields_together",
                violation_error_message=_("An end date needs its precision; precision and reason need an end date."),
            ),
        ]
        # On PostgreSQL two exclusion constraints (migration 0002) also refuse overlapping
        # periods of one member in one alliance, so two curators racing cannot slip one in.
        # An alliance's memberships in id order (the API's members list, a page at a time)
        # without walking the whole table's primary key: docs/performance.md.
        indexes = [models.Index(fields=["alliance", "id"], name="membership_alliance_id_idx")]

    def __str__(self):
        return _("%(member)s in %(alliance)s (%(period)s)") % {
            "member": self.member,
            "alliance": self.alliance if self.alliance_id else "?",
            "period": self.period_display,
        }

    def get_absolute_url(self):
        return self.alliance.get_absolute_url()

    @property
    def member(self):
        return self.organization or self.country

    @property
    def member_type(self):
        return MemberType.ORGANIZATION if self.organization_id else MemberType.COUNTRY

    @property
    def member_country(self):
        """The country the member is, or the country of the member organization."""
        return self.organization.country if self.organization_id else self.country

    @property
    def start_display(self):
        return format_partial_date(self.start_date, self.start_precision)

    @property
    def end_display(self):
        return format_partial_date(self.end_date, self.end_precision)

    @property
    def period_display(self):
        if self.end_date:
            return f"{self.start_display} – {self.end_display}"
        return _("since %(start)s") % {"start": self.start_display}

    def clashes_with(self, other):
        """Two unsaved rows (an admin formset) that `MembershipQuerySet.overlapping` would find overlapping."""
        same_member = (self.alliance_id, self.organization_id, self.country_id) == (
            other.alliance_id,
            other.organization_id,
            other.country_id,
        )
        return (
            same_member
            and (self.end_date is None or other.start_date < self.end_date)
            and (other.end_date is None or self.start_date < other.end_date)
        )

    def clean(self):
        errors = {}
        if bool(self.organization_id) == bool(self.country_id):
            errors["organization"] = _("Choose the member: an organization or a country, exactly one.")
        for field in ("start", "end"):
            message = precision_error(getattr(self, f"{field}_date"), getattr(self, f"{field}_precision"))
            if message:
                errors[f"{field}_date"] = message
        if self.end_date is None:
            if self.end_reason:
                errors["end_reason"] = _("An end reason needs an end date.")
            self.end_precision = ""
        else:
            if not self.end_precision:
                errors["end_precision"] = _("Say how much of the end date is known.")
            if self.start_date and self.end_date < self.start_date:
                errors["end_date"] = _("A membership cannot end before it starts.")
        if not errors:
            self._check_overlap(errors)
        if errors:
            raise ValidationError(errors)

    def _check_overlap(self, errors):
        if not (self.alliance_id and self.start_date):
            return
        others = Membership.objects.of_member_in(
            alliance_id=self.alliance_id, organization_id=self.organization_id, country_id=self.country_id
        ).exclude(pk=self.pk)
        clash = others.overlapping(self.start_date, self.end_date).first()
        if clash:
            errors["start_date"] = _(
                "This member already holds a membership of this alliance for %(period)s; "
                "periods of one member may not overlap. End that membership first, or change these dates."
            ) % {"period": clash.period_display}

    @staticmethod
    def publication_errors(status, sources):
        """Why a membership with this status and these sources may not be published, or an empty list."""
        if status != Status.PUBLISHED:
            return []
        if not any(source.status == Status.PUBLISHED for source in sources):
            return [_("A published membership must cite at least one published announcement.")]
        return []


class MembershipSource(models.Model):
    """An announcement that a membership cites as its evidence."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="citations")
    announcement = models.ForeignKey(
        "alliances.Announcement", verbose_name=_("announcement"), on_delete=models.PROTECT, related_name="citations"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["membership", "announcement"], name="membershipsource_unique_citation"),
        ]

    def __str__(self):
        return str(self.announcement)
