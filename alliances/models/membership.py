import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Exists, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact, In
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import (
    DateBound,
    bound_field,
    format_partial_date,
    iso_partial_date,
    last_day,
    precision_error,
    precision_field,
    q_first_day_certainly_on_or_after,
    q_first_day_on_or_before,
    q_last_day_on_or_before,
)
from .announcement import Announcement
from .base import PublicId, PublishableQuerySet, Status, TimeStamped, with_translations


class Role(models.TextChoices):
    FOUNDING_MEMBER = "founding_member", _("founding member")
    MEMBER = "member", _("member")
    OBSERVER = "observer", _("observer")
    PARTNER = "partner", _("partner")
    INVITED = "invited", _("invited")
    ADHERENT = "adherent", _("adherent")
    SIGNATORY = "signatory", _("signatory")
    ENDORSER = "endorser", _("endorser")
    CO_SPONSOR = "co_sponsor", _("co-sponsor")
    RATIFIED = "ratified", _("ratified (not yet a party)")
    PARTY = "party", _("party")

    @classmethod
    def full_member_roles(cls):
        """The roles that count as membership, the ones a member count counts: founding member and member.

        Invited, observer, partner, adherent, signatory, endorser, co-sponsor, ratified and party are each their
        own group (DESIGN.md).
        """
        return [cls.FOUNDING_MEMBER, cls.MEMBER]

    @classmethod
    def other_roles(cls):
        return [role for role in cls if role not in cls.full_member_roles()]

    @property
    def counts_as_membership(self):
        return self in self.full_member_roles()


class EndReason(models.TextChoices):
    WITHDREW = "withdrew", _("withdrew")
    DECLINED = "declined", _("declined the invitation")
    INVITATION_WITHDRAWN = "invitation_withdrawn", _("invitation withdrawn")
    EXPELLED = "expelled", _("expelled")
    DISSOLVED = "dissolved", _("alliance dissolved")
    ROLE_CHANGED = "role_changed", _("role changed (continued in a new role)")
    OTHER = "other", _("other")

    @classmethod
    def invitation_endings(cls):
        """How an invitation ends without membership: never "left", since the invitee never joined."""
        return [cls.DECLINED, cls.INVITATION_WITHDRAWN]


class Certainty(models.TextChoices):
    """What the register can say of a membership on a day (MembershipQuerySet.with_certainty)."""

    CERTAIN = "certain", _("certainly")
    POSSIBLE = "possible", _("possibly")


class Stance(models.TextChoices):
    SUPPORTS = "supports", _("supports")
    DISPUTES = "disputes", _("disputes")


class MemberType(models.TextChoices):
    ORGANIZATION = "organization", _("organization")
    COUNTRY = "country", _("country")


# What a list of memberships on a page shows (MembershipQuerySet.listed).
LISTED_FIELDS = (
    "uid",  # its row's anchor, the address that cites it
    "alliance",
    "organization",
    "country",
    "role",
    "start_date",
    "start_precision",
    "start_bound",
    "end_date",
    "end_precision",
    "end_bound",
    "end_reason",
    "alliance__slug",
    "alliance__name",
    "alliance__founded_date",  # where a "by" start's bar fades in from (lanes)
    "organization__slug",
    "organization__name",
    "organization__country",
    "organization__country__name",
    "country__name",
)

# What a page shows of each citation: its stance, its quotation, the announcement's title and addresses.
CITATION_FIELDS = (
    "membership",
    "stance",
    "quotation",
    "announcement__slug",
    "announcement__title",
    "announcement__source_url",
    "announcement__publisher",
    "announcement__language",
)


# end_reason = 'role_changed' written into the SQL, not passed as a parameter: a prepared query's generic
# plan then still knows that few rows match and uses the partial index membership_role_changed_idx (with
# a parameter PostgreSQL could not, and read every membership for a page of the timeline).
_ENDED_IN_A_NEW_ROLE = Exact(models.F("end_reason"), RawSQL(f"'{EndReason.ROLE_CHANGED.value}'", ()))


class MembershipQuerySet(PublishableQuerySet):
    """Where "active on a day" lives, with its two degrees: certainly and possibly (DESIGN.md, "Time, certainty").

    A membership is certainly active on D when it certainly began on or before D and certainly
    had not ended: the last day its start date covers is D or earlier, and the first day its end
    date covers is after D. It is possibly active when D falls inside the uncertainty of its start
    or its end: its start may cover D or an earlier day (a "by" start covers every day up to its
    date, though none before the alliance was founded) and its end may cover a day after D. Each
    is plain SQL comparisons, so every page, list, count, chart, map, feed and export asks the
    database the same question.
    """

    def _may_have_started_by(self, day):
        # A "by" start covers every earlier day, though none before the alliance was founded.
        founded = Q(alliance__founded_date__isnull=True) | Q(alliance__founded_date__lte=day)
        return q_first_day_on_or_before("start", day, earliest=founded)

    @staticmethod
    def _certainly_started_by(day):
        return q_last_day_on_or_before("start", day)

    @staticmethod
    def _certainly_not_ended_on(day):
        return Q(end_date__isnull=True) | q_first_day_certainly_on_or_after("end", day + _ONE_DAY)

    @staticmethod
    def _maybe_not_ended_on(day):
        return Q(end_date__isnull=True) | ~q_last_day_on_or_before("end", day)

    def active_on(self, day):
        """Memberships certainly or possibly in force on `day` (the end day itself is excluded)."""
        return self.filter(self._may_have_started_by(day) & self._maybe_not_ended_on(day))

    def certainly_active_on(self, day):
        """Memberships certainly in force on `day`: no uncertainty of their dates reaches it."""
        return self.filter(self._certainly_started_by(day) & self._certainly_not_ended_on(day))

    def with_certainty(self, day):
        """`active_on(day)` with `certainty` on each row: "certain" or "possible"."""
        certain = self._certainly_started_by(day) & self._certainly_not_ended_on(day)
        return self.active_on(day).annotate(
            certainty=Case(
                When(certain, then=Value(Certainty.CERTAIN.value)),
                default=Value(Certainty.POSSIBLE.value),
                output_field=models.CharField(),
            )
        )

    def with_certainty_on(self, day):
        """Each row's standing on `day`, without narrowing the rows (a page that lists every period of a member).

        `certainty`: "certain", "possible", or None when not in force on `day`; `start_uncertain` and
        `end_uncertain`: which of its dates leaves it uncertain, so a page can say why ("possibly: its
        invitation ended in December 2023"). The same conditions as `active_on` and `certainly_active_on`.
        """
        started, not_ended = self._certainly_started_by(day), self._certainly_not_ended_on(day)
        may_be_active = self._may_have_started_by(day) & self._maybe_not_ended_on(day)
        text, flag = models.CharField(), models.BooleanField()
        return self.annotate(
            certainty=Case(
                When(started & not_ended, then=Value(Certainty.CERTAIN.value)),
                When(may_be_active, then=Value(Certainty.POSSIBLE.value)),
                default=None,
                output_field=text,
            ),
            start_uncertain=Case(When(started, then=Value(False)), default=Value(True), output_field=flag),
            end_uncertain=Case(When(not_ended, then=Value(False)), default=Value(True), output_field=flag),
        )

    def of_certainty(self, day, certainty):
        """Active on `day` with exactly this certainty: CERTAIN, or POSSIBLE (possibly but not certainly)."""
        if certainty == Certainty.CERTAIN:
            return self.certainly_active_on(day)
        return self.active_on(day).exclude(self._certainly_started_by(day) & self._certainly_not_ended_on(day))

    def full_members(self):
        """Founding members and members: not observers, partners, invitees, adherents, signatories or parties."""
        return self.filter(role__in=Role.full_member_roles())

    def other_roles(self):
        """Participants that are not members proper: each role is its own group, never in a member count."""
        return self.exclude(role__in=Role.full_member_roles())

    def with_disputed(self):
        """`disputed` on each row: True when a published source the membership cites disputes it.

        Asked as "is its id among the disputed ones", a list the database makes once per query:
        a correlated EXISTS made PostgreSQL compile a grouped count (docs/performance.md, "What we
        found", 12).
        """
        disputing = MembershipSource.objects.filter(stance=Stance.DISPUTES, announcement__status=Status.PUBLISHED)
        return self.annotate(
            disputed=Case(
                When(pk__in=disputing.values("membership_id"), then=Value(True)),
                default=Value(False),
                output_field=models.BooleanField(),
            )
        )

    def disputed(self):
        return self.with_disputed().filter(disputed=True)

    def ended_without_continuing(self):
        """Memberships that ended otherwise than in a new role: the ends a timeline tells, whatever the role."""
        return self.filter(end_date__isnull=False).exclude(end_reason=EndReason.ROLE_CHANGED)

    def departures(self):
        """Members that ceased to be members: memberships of a member role that ended, not in a new role.

        An invitation that ends was declined or withdrawn (`ended_invitations`): the invitee never left.
        """
        return self.full_members().ended_without_continuing()

    def ended_invitations(self):
        """Invitations that ended without membership: declined, withdrawn, or another end that is not a new role."""
        return self.filter(role=Role.INVITED).ended_without_continuing()

    def continuing(self):
        """Memberships that continue an earlier one of the same member in a new role (invited → member, ...).

        The earlier one ended "role changed" on the date this one starts, written alike.
        """
        return self.filter(Exists(self._predecessors()))

    def not_continuing(self):
        return self.exclude(Exists(self._predecessors()))

    @staticmethod
    def _predecessors(roles=None):
        # One of organization and country is NULL, and NULL = NULL is not true in SQL: match each apart.
        same_member = Q(organization__isnull=False, organization=OuterRef("organization")) | Q(
            country__isnull=False, country=OuterRef("country")
        )
        earlier = Membership.objects.filter(
            same_member,
            _ENDED_IN_A_NEW_ROLE,
            alliance=OuterRef("alliance"),
            end_date=OuterRef("start_date"),
            end_precision=OuterRef("start_precision"),
        ).exclude(pk=OuterRef("pk"))
        return earlier.filter(role__in=roles) if roles else earlier

    def joins(self):
        """Memberships that made a body a member: a member role, started afresh or from an invitation.

        Invited → member is a join (the invitation accepted); partner → member is a role change.
        """
        from_elsewhere = self._predecessors(roles=[role for role in Role if role != Role.INVITED])
        return self.full_members().exclude(Exists(from_elsewhere))

    def with_previous_role(self):
        """`previous_role` on each row: the role of the membership it continues (partner → member), or None."""
        return self.annotate(previous_role=Subquery(self._predecessors().values("role")[:1]))

    def role_changes(self):
        """Memberships that continue another in a new role, except an accepted invitation (a join).

        A membership continues at most one other (one member's periods in an alliance never
        overlap), so this is one EXISTS the database joins: a predecessor that was not an
        invitation, or any predecessor of a role that is not a member role (written as
        "continuing, except ...", it ran a subquery a row: docs/performance.md, "What we found", 12).
        """
        not_an_invitation = [role for role in Role if role != Role.INVITED]
        change = Q(role__in=not_an_invitation) | ~Q(In(OuterRef("role"), Role.full_member_roles()))
        return self.filter(Exists(self._predecessors().filter(change)))

    def started_between(self, first, last):
        """Memberships whose start may fall between the days `first` and `last` (both included).

        `period_certainty` on each row: "certain" when the whole of the start date lies within them.
        """
        return self._between("start", first, last)

    def ended_between(self, first, last):
        """Memberships whose end may fall between the days `first` and `last`, with `period_certainty`."""
        return self._between("end", first, last)

    def _between(self, prefix, first, last):
        if prefix == "start":  # a "by" start goes back no further than the alliance's founding, an end than its start
            earliest = Q(alliance__founded_date__isnull=True) | Q(alliance__founded_date__lte=last)
        else:
            earliest = Q(start_date__lte=last)
        begins_by_last = q_first_day_on_or_before(prefix, last, earliest=earliest)
        ends_from_first = ~q_last_day_on_or_before(prefix, first - _ONE_DAY)
        within = q_first_day_certainly_on_or_after(prefix, first) & q_last_day_on_or_before(prefix, last)
        return (
            self.filter(**{f"{prefix}_date__isnull": False})
            .filter(begins_by_last & ends_from_first)
            .annotate(
                period_certainty=Case(
                    When(within, then=Value(Certainty.CERTAIN.value)),
                    default=Value(Certainty.POSSIBLE.value),
                    output_field=models.CharField(),
                )
            )
        )

    def of_member_type(self, member_type):
        if member_type == MemberType.ORGANIZATION:
            return self.filter(organization__isnull=False)
        return self.filter(country__isnull=False)

    def in_country(self, country):
        """Memberships of the country itself or of an organization based there.

        Asked as two lists of ids joined (each served by its own index), not as "country, or the
        organization's country": that OR across a join read every membership (110 ms of 100,000 for
        Russia's page; this, 6 ms).
        """
        own = Membership.objects.filter(country=country).order_by().values("pk")
        of_organizations = Membership.objects.filter(organization__country=country).order_by().values("pk")
        return self.filter(pk__in=own.union(of_organizations, all=True))

    def of_member_in(self, *, alliance_id, organization_id=None, country_id=None):
        """The memberships one member (an organization or a country) holds in one alliance."""
        if organization_id:
            return self.filter(alliance_id=alliance_id, organization_id=organization_id)
        return self.filter(alliance_id=alliance_id, country_id=country_id, organization__isnull=True)

    def overlapping(self, start, end):
        """Memberships whose period [start, end) shares a day with the given one (end None = open).

        Periods are compared by the dates written (each date's first day), as the database's own
        exclusion constraint does on PostgreSQL: a membership that ends "December 2023" and one
        that starts "December 2023" do not overlap, and an overlap that exists only within a
        date's uncertainty is not refused.
        """
        periods = Q(end_date__isnull=True) | Q(end_date__gt=start)
        if end is not None:
            periods &= Q(start_date__lt=end)
        return self.filter(periods)

    def with_related(self):
        """Everything a page or the API shows of a membership, in a fixed number of queries."""
        return self.select_related("alliance", "organization__country", "country").prefetch_related(
            Prefetch("sources", queryset=Announcement.objects.published().order_by("date", "id"))
        )

    def listed(self, citations=True):
        """What a page's list of memberships shows: a row, its member, `disputed`, its published citations (both sides).

        A page of 200 members otherwise loads and parses five tables' time stamps, notes and
        descriptions it never shows. A column a list starts to show goes here, or each row
        costs a query (the page query tests catch that). A picture that names no source (the
        time lanes) leaves out the `citations`.
        """
        rows = (
            self.select_related("alliance", "organization__country", "country")
            .only(*with_translations(Membership, LISTED_FIELDS))
            .with_disputed()
        )
        if not citations:
            return rows
        cited = (
            MembershipSource.objects.filter(announcement__status=Status.PUBLISHED)
            .select_related("announcement")
            .only(*with_translations(MembershipSource, CITATION_FIELDS))
            .order_by("announcement__date", "announcement__id")
        )
        return rows.prefetch_related(Prefetch("citations", queryset=cited))


_ONE_DAY = datetime.timedelta(days=1)


class Membership(PublicId, TimeStamped):
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
    start_bound = bound_field(verbose_name=_("start: on or by"))
    end_date = models.DateField(
        _("end"), null=True, blank=True, db_index=True, help_text=_("Leave empty while the membership lasts.")
    )
    end_precision = precision_field(verbose_name=_("end: precision"), blank=True, default="")
    end_bound = bound_field(verbose_name=_("end: on or by"), blank=True, default="")
    end_reason = models.CharField(_("end reason"), max_length=24, choices=EndReason.choices, blank=True)
    notes = models.TextField(
        _("notes"),
        blank=True,
        help_text=_(
            "Curators' notes on the record (what a source leaves open, why a date is what it is). Public: the "
            "register's files and the whole-register download carry them, so write nothing private."
        ),
    )
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
                condition=Q(end_date__isnull=True, end_precision="", end_bound="", end_reason="")
                | (Q(end_date__isnull=False) & ~Q(end_precision="") & ~Q(end_bound="")),
                name="membership_end_fields_together",
                violation_error_message=_(
                    "An end date needs its precision and bound; precision, bound and reason need an end date."
                ),
            ),
        ]
        # On PostgreSQL two exclusion constraints (migration 0002) also refuse overlapping
        # periods of one member in one alliance, so two curators racing cannot slip one in.
        # An alliance's memberships in id order (the API's members list, a page at a time)
        # without walking the whole table's primary key; its starts and ends newest first (a
        # page of its timeline, each part stopping after a page) without walking every
        # alliance's dates: docs/performance.md.
        indexes = [
            models.Index(fields=["alliance", "id"], name="membership_alliance_id_idx"),
            models.Index(fields=["alliance", "start_date"], name="membership_alliance_start_idx"),
            models.Index(fields=["alliance", "end_date"], name="membership_alliance_end_idx"),
            # The few memberships that continued in a new role: what a join, a role change or a continuing
            # invitation is told apart by (`_predecessors`). Without it PostgreSQL read every membership
            # for a page of the timeline (docs/performance.md).
            models.Index(
                fields=["alliance", "end_date"],
                condition=Q(end_reason=EndReason.ROLE_CHANGED),
                name="membership_role_changed_idx",
            ),
        ]

    def __str__(self):
        return _("%(member)s in %(alliance)s (%(period)s)") % {
            "member": self.member,
            "alliance": self.alliance if self.alliance_id else "?",
            "period": self.period_display,
        }

    def save(self, *args, **kwargs):
        # An end date is "on" unless said otherwise, and no end has no bound (membership_end_fields_together).
        if self.end_date is None:
            self.end_bound = ""
        elif not self.end_bound:
            self.end_bound = DateBound.ON
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.alliance.get_absolute_url()

    def place_url(self):
        """Its place on its alliance's page (its permanent address): the members of its start, at its row.

        The start as written ("2024" is the page of the last day of 2024); the first day it may cover only
        when it ended before that, within its start's month or year.
        """
        day = iso_partial_date(self.start_date, self.start_precision)
        if self.end_date is not None and last_day(self.start_date, self.start_precision) >= self.end_date:
            day = self.start_date.isoformat()
        return f"{self.alliance.get_absolute_url()}?as_of={day}#membership-{self.uid}"

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
        return format_partial_date(self.start_date, self.start_precision, self.start_bound)

    @property
    def end_display(self):
        return format_partial_date(self.end_date, self.end_precision, self.end_bound or DateBound.ON)

    @property
    def period_display(self):
        if self.end_date:
            return f"{self.start_display} – {self.end_display}"
        if self.start_bound == DateBound.BY:
            return self.start_display  # "by 11 December 2024": since when is unknown
        return _("since %(start)s") % {"start": self.start_display}

    @property
    def counts_as_membership(self):
        return self.role in Role.full_member_roles()

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
        if not self.start_bound:
            self.start_bound = DateBound.ON
        if self.end_date is None:
            if self.end_reason:
                errors["end_reason"] = _("An end reason needs an end date.")
            self.end_precision = ""
            self.end_bound = ""
        else:
            if not self.end_precision:
                errors["end_precision"] = _("Say how much of the end date is known.")
            if not self.end_bound:
                self.end_bound = DateBound.ON
            if self.start_date and self.end_date < self.start_date:
                errors["end_date"] = _("A membership cannot end before it starts.")
        message = self._end_reason_error()
        if message:
            errors["end_reason"] = message
        if not errors:
            self._check_overlap(errors)
        if errors:
            raise ValidationError(errors)

    def _end_reason_error(self):
        """An invitation ends declined, withdrawn or in a new role; only an invitation is declined or withdrawn."""
        invitation_endings = EndReason.invitation_endings()
        if self.end_reason in invitation_endings and self.role != Role.INVITED:
            return _("Only an invitation is declined or withdrawn: choose how this %(role)s ended.") % {
                "role": self.get_role_display()
            }
        if self.role == Role.INVITED and self.end_reason in (EndReason.WITHDREW, EndReason.EXPELLED):
            return _(
                "An invitee never joined, so it cannot have left: an invitation ends declined, withdrawn, "
                "or continued in a new role."
            )
        return None

    def _check_overlap(self, errors):
        if not (self.alliance_id and self.start_date):
            return
        others = Membership.objects.of_member_in(
            alliance_id=self.alliance_id, organization_id=self.organization_id, country_id=self.country_id
        ).exclude(pk=self.pk)
        clash = others.overlapping(self.start_date, self.end_date).first()
        if clash:
            errors["start_date"] = _(
                "This period overlaps the member's other membership of this alliance (%(role)s, %(period)s). "
                "One member's periods in an alliance may not overlap: end that membership first, "
                "or change these dates."
            ) % {"role": clash.get_role_display(), "period": clash.period_display}

    def supporting_sources(self):
        """The announcements this membership cites in its support (not those that dispute it).

        From prefetched `citations__announcement` when a caller loaded them for many rows.
        """
        if not self.pk:
            return []
        if "citations" in getattr(self, "_prefetched_objects_cache", {}):
            return [c.announcement for c in self.citations.all() if c.stance == Stance.SUPPORTS]
        return list(Announcement.objects.filter(citations__membership=self, citations__stance=Stance.SUPPORTS))

    @staticmethod
    def publication_errors(status, sources):
        """Why a membership with this status and these supporting sources may not be published, or an empty list."""
        if status != Status.PUBLISHED:
            return []
        if not any(source.status == Status.PUBLISHED for source in sources):
            return [_("A published membership must cite at least one published announcement that supports it.")]
        return []


class MembershipSource(PublicId, models.Model):
    """An announcement that a membership cites as its evidence: for it, or against it."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="citations")
    announcement = models.ForeignKey(
        "alliances.Announcement", verbose_name=_("announcement"), on_delete=models.PROTECT, related_name="citations"
    )
    stance = models.CharField(
        _("stance"),
        max_length=8,
        choices=Stance.choices,
        default=Stance.SUPPORTS,
        help_text=_(
            "Does this source say the membership is so (supports), or that it is not, or not yet (disputes)? "
            "A membership with a published disputing source is shown as disputed, with both sides."
        ),
    )
    quotation = models.TextField(
        _("quotation"),
        blank=True,
        help_text=_("The sentence of this source that supports or disputes the membership, word for word."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.UniqueConstraint(fields=["membership", "announcement"], name="membershipsource_unique_citation"),
        ]
        # The few disputing citations, so `with_disputed` reads them without scanning every citation
        # (16 ms a query at 120,000 citations: docs/performance.md, "One membership shape").
        indexes = [
            models.Index(
                fields=["membership", "announcement"],
                condition=Q(stance=Stance.DISPUTES),
                name="membershipsource_disputes_idx",
            ),
        ]

    def __str__(self):
        return str(self.announcement)
