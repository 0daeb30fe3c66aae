from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Prefetch, Q, Value, When
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..dates import (
    FAR_FUTURE,
    FAR_PAST,
    DateCase,
    DateTextError,
    how_to_write,
    is_one_date,
    parse_span,
    span_words,
    stored_span,
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
    "start",
    "start_earliest",
    "start_latest",
    "end",
    "end_earliest",
    "end_latest",
    "end_reason",
    "continues",
    "alliance__slug",
    "alliance__name",
    "organization__slug",
    "organization__name",
    "organization__kind",  # an organisation of no country: international, or its country not recorded
    "organization__country",
    "organization__country__name",
    "country__name",
)

# What a page shows of each citation: its stance, its quotation, the announcement's title and addresses.
_ANNOUNCEMENT_SHOWN = (
    "announcement__slug",
    "announcement__title",
    "announcement__source_url",
    "announcement__archive_url",
    "announcement__link_checked_at",
    "announcement__link_status",
    "announcement__link_error",
    "announcement__link_moved_to",
    "announcement__publisher",
    "announcement__language",
)
CITATION_FIELDS = (
    "membership",
    "stance",
    "quotation",
    *_ANNOUNCEMENT_SHOWN,
    # A member named as one of a group ("the OECD's 36 member countries"): the group, and the source listing it.
    "group",
    "group_quotation",
    *(f"group_source__{name}" for name in ("status", *(field.split("__", 1)[1] for field in _ANNOUNCEMENT_SHOWN))),
)


class MembershipQuerySet(PublishableQuerySet):
    """Where "in force on a day" lives, with its two degrees: certainly and possibly (DESIGN.md, "Time, certainty").

    A start and an end are each an interval of days, kept as its earliest and latest day. On a day D
    a membership is certainly in force when its start's latest day and its end's earliest day enclose
    D, and possibly when its start's earliest day and its end's latest day do. An end is the first day
    no longer in force; no end is FAR_FUTURE, so the rule is two comparisons either way, the same for
    every page, list, count, chart, map, feed and export.
    """

    def published(self):
        """Published memberships of published bodies: a draft body hides its memberships with it."""
        return super().published().filter(alliance__status=Status.PUBLISHED)

    @staticmethod
    def _certainly_on(day):
        return Q(start_latest__lte=day, end_earliest__gt=day)

    @staticmethod
    def _possibly_on(day):
        return Q(start_earliest__lte=day, end_latest__gt=day)

    def active_on(self, day):
        """Memberships certainly or possibly in force on `day` (the end day itself is excluded)."""
        return self.filter(self._possibly_on(day))

    def certainly_active_on(self, day):
        """Memberships certainly in force on `day`: no uncertainty of their dates reaches it."""
        return self.filter(self._certainly_on(day))

    def with_certainty(self, day):
        """`active_on(day)` with `certainty` on each row: "certain" or "possible"."""
        return self.active_on(day).annotate(
            certainty=Case(
                When(self._certainly_on(day), then=Value(Certainty.CERTAIN.value)),
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
        text, flag = models.CharField(), models.BooleanField()
        return self.annotate(
            certainty=Case(
                When(self._certainly_on(day), then=Value(Certainty.CERTAIN.value)),
                When(self._possibly_on(day), then=Value(Certainty.POSSIBLE.value)),
                default=None,
                output_field=text,
            ),
            start_uncertain=Case(
                When(start_latest__lte=day, then=Value(False)), default=Value(True), output_field=flag
            ),
            end_uncertain=Case(When(end_earliest__gt=day, then=Value(False)), default=Value(True), output_field=flag),
        )

    def of_certainty(self, day, certainty):
        """Active on `day` with exactly this certainty: CERTAIN, or POSSIBLE (possibly but not certainly)."""
        if certainty == Certainty.CERTAIN:
            return self.certainly_active_on(day)
        return self.active_on(day).exclude(self._certainly_on(day))

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

    def ended(self):
        return self.filter(self.ENDED)

    # Conditions, for a count too: ended; ended otherwise than in a new role (the ends a timeline tells).
    ENDED = ~Q(end="")
    ENDED_WITHOUT_CONTINUING = ENDED & ~Q(end_reason=EndReason.ROLE_CHANGED)

    def ended_without_continuing(self):
        """Memberships that ended otherwise than in a new role: the ends a timeline tells, whatever the role."""
        return self.filter(self.ENDED_WITHOUT_CONTINUING)

    def departures(self):
        """Members that ceased to be members: memberships of a member role that ended, not in a new role.

        An invitation that ends was declined or withdrawn (`ended_invitations`): the invitee never left.
        """
        return self.full_members().ended_without_continuing()

    def ended_invitations(self):
        """Invitations that ended without membership: declined, withdrawn, or another end that is not a new role."""
        return self.filter(role=Role.INVITED).ended_without_continuing()

    def continuing(self):
        """Memberships that continue an earlier one of the same member in a new role (invited → member, ...)."""
        return self.filter(continues__isnull=False)

    def not_continuing(self):
        return self.filter(continues__isnull=True)

    def joins(self):
        """Memberships that made a body a member: a member role, started afresh or from an invitation.

        Invited → member is a join (the invitation accepted); partner → member is a role change.
        """
        return self.full_members().filter(Q(continues__isnull=True) | Q(continues__role=Role.INVITED))

    def with_previous_role(self):
        """`previous_role` on each row: the role of the membership it continues (partner → member), or None."""
        return self.annotate(previous_role=F("continues__role"))

    def role_changes(self):
        """Memberships that continue another in a new role, except an accepted invitation (a join)."""
        accepted_invitation = Q(continues__role=Role.INVITED, role__in=Role.full_member_roles())
        return self.filter(continues__isnull=False).exclude(accepted_invitation)

    def started_between(self, first, last):
        """Memberships whose start may fall between the days `first` and `last` (both included).

        `period_certainty` on each row: "certain" when the whole of the start date lies within them.
        """
        return self._between("start", first, last)

    def ended_between(self, first, last):
        """Memberships whose end may fall between the days `first` and `last`, with `period_certainty`."""
        return self.ended()._between("end", first, last)

    def _between(self, prefix, first, last):
        earliest, latest = f"{prefix}_earliest", f"{prefix}_latest"
        within = Q(**{f"{earliest}__gte": first, f"{latest}__lte": last})
        return self.filter(**{f"{earliest}__lte": last, f"{latest}__gte": first}).annotate(
            period_certainty=Case(
                When(within, then=Value(Certainty.CERTAIN.value)),
                default=Value(Certainty.POSSIBLE.value),
                output_field=models.CharField(),
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

    def overlapping(self, earliest, latest):
        """Memberships in force on a day of [earliest, latest): certainly in force there when given the days a
        period is certainly in force (its start's latest day, its end's earliest), possibly when given its
        possible days. Half-open as an end is: a period that ends in December 2023 and one that starts then
        overlap only possibly. The database's own exclusion constraint (PostgreSQL) refuses what certainly does.
        """
        if earliest >= latest:
            return self.none()
        return self.filter(
            Q(start_latest__lt=latest, end_earliest__gt=earliest) & Q(start_latest__lt=F("end_earliest"))
        )

    def possibly_overlapping(self, earliest, latest):
        """As `overlapping`, but periods that possibly share a day of [earliest, latest)."""
        if earliest >= latest:
            return self.none()
        return self.filter(start_earliest__lt=latest, end_latest__gt=earliest)

    def with_related(self):
        """Everything a page or the API shows of a membership, in a fixed number of queries."""
        return self.select_related("alliance", "organization__country", "country").prefetch_related(
            Prefetch("sources", queryset=Announcement.objects.published().order_by("date", "id"))
        )

    def listed(self, citations=True):
        """What a page's list of memberships shows: a row, its member, `disputed`, its published citations (both sides,
        in `published_citations`).

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
            .select_related("announcement", "group_source")
            .only(*with_translations(MembershipSource, CITATION_FIELDS))
            .order_by("announcement__date", "announcement__id")
        )
        # A list on each row, not a queryset: for a queryset Django clones and filters one for every row it fills.
        return rows.prefetch_related(Prefetch("citations", queryset=cited, to_attr="published_citations"))


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
    start = models.CharField(
        _("start"),
        max_length=40,
        help_text=how_to_write(_("When the member took up this role, as exactly as the sources say.")),
    )
    start_earliest = models.DateField(
        _("start: earliest day"),
        editable=False,
        help_text=_(
            "Worked out from the start: its first day; for a start known only as 'by' a day, the body's founding."
        ),
    )
    start_latest = models.DateField(_("start: latest day"), editable=False)
    end = models.CharField(
        _("end"),
        max_length=40,
        blank=True,
        help_text=how_to_write(_("Leave empty while the membership lasts.")),
    )
    end_earliest = models.DateField(
        _("end: earliest day"),
        editable=False,
        help_text=_("Worked out from the end; with no end, the furthest day a date can be."),
    )
    end_latest = models.DateField(_("end: latest day"), editable=False)
    continues = models.OneToOneField(
        "self",
        verbose_name=_("continues"),
        on_delete=models.RESTRICT,  # never the earlier period alone; both at once (a whole register) may go
        null=True,
        blank=True,
        related_name="continued_by",
        help_text=_(
            "The same member's earlier period in this alliance that this one continues in a new role "
            "(invited, then member; signatory, then party). That one ends 'role changed' when this one starts."
        ),
    )
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
        through_fields=("membership", "announcement"),
        related_name="memberships",
    )

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["alliance", "start_latest", "id"]
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
                condition=Q(start_earliest__lte=F("start_latest")) & Q(end_earliest__lte=F("end_latest")),
                name="membership_dates_in_order",
                violation_error_message=_("A date's earliest day cannot come after its latest."),
            ),
            models.CheckConstraint(
                condition=Q(end_latest__gte=F("start_earliest")),
                name="membership_end_not_before_start",
                violation_error_message=_("A membership cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(end="", end_reason="", end_earliest=FAR_FUTURE, end_latest=FAR_FUTURE) | ~Q(end=""),
                name="membership_end_fields_together",
                violation_error_message=_("An end reason needs an end date."),
            ),
            models.CheckConstraint(
                condition=~Q(start_latest=FAR_FUTURE),
                name="membership_start_has_latest_day",
                violation_error_message=_("A start needs its latest day: the day by which a source says it happened."),
            ),
        ]
        # On PostgreSQL two exclusion constraints (migrations) also refuse periods of one member in one
        # alliance that certainly overlap, so two curators racing cannot slip one in. An alliance's
        # memberships in id order (the API's members list, a page at a time) without walking the whole
        # table's primary key; its starts and ends newest first (a page of its timeline, each part
        # stopping after a page) without walking every alliance's dates, nor, for the ends, every
        # membership not ended (its end's days are FAR_FUTURE, the first a walk back meets): docs/performance.md.
        indexes = [
            models.Index(fields=["alliance", "id"], name="membership_alliance_id_idx"),
            models.Index(fields=["alliance", "start_latest"], name="membership_alliance_start_idx"),
            models.Index(fields=["alliance", "end_latest"], name="membership_alliance_end_idx"),
            models.Index(fields=["alliance", "end_latest"], condition=~Q(end=""), name="membership_alliance_ended_idx"),
            models.Index(fields=["start_latest", "end_earliest"], name="membership_certain_days_idx"),
            models.Index(fields=["start_earliest", "end_latest"], name="membership_possible_days_idx"),
        ]

    def __str__(self):
        return _("%(member)s in %(alliance)s (%(period)s)") % {
            "member": self.member,
            "alliance": self.alliance if self.alliance_id else "?",
            "period": self.period_display,
        }

    def save(self, *args, **kwargs):
        self.days_set()
        super().save(*args, **kwargs)

    def days_set(self):
        """Work out the four days from the start and end as written (DESIGN.md, "Time").

        A start with no lower end ("../2024-12-11") begins no earlier than the body's founding; an
        end with none, no earlier than the start. A text that is no date leaves the days as they
        were: `clean()` says what is wrong with it.
        """
        try:
            start, end = stored_span(self.start), stored_span(self.end) if self.end else None
        except DateTextError:
            return
        self.start, self.end = start.edtf, end.edtf if end else ""
        founded = self.alliance.founded_earliest if self.alliance_id else None
        self.start_earliest, self.start_latest = start.days(floor=founded)
        if end is None:
            self.end_earliest = self.end_latest = FAR_FUTURE
        else:
            self.end_earliest, self.end_latest = end.days(floor=self.start_earliest)

    def get_absolute_url(self):
        return self.alliance.get_absolute_url()

    def place_url(self):
        """Its place on its alliance's page (its permanent address): the members of a day it is in force, at its row.

        The first day it is certainly in force (its start's latest day); the first it may be, where it ended
        within its start's uncertainty.
        """
        certain = self.start_latest < self.end_earliest
        day = self.start_latest if certain or self.start_earliest == FAR_PAST else self.start_earliest
        return f"{self.alliance.get_absolute_url()}?as_of={day.isoformat()}#membership-{self.uid}"

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
        return span_words(self.start)

    @property
    def end_display(self):
        return span_words(self.end)

    @property
    def period_display(self):
        if self.end:
            return f"{self.start_display} – {self.end_display}"
        if not is_one_date(self.start):
            return self.start_display  # "by 11 December 2024": since when is unknown
        return _("since %(start)s") % {"start": span_words(self.start, DateCase.GENITIVE)}

    @property
    def counts_as_membership(self):
        return self.role in Role.full_member_roles()

    def clashes_with(self, other):
        """Two unsaved rows (an admin formset) whose periods certainly overlap, as `MembershipQuerySet.overlapping`."""
        same_member = (self.alliance_id, self.organization_id, self.country_id) == (
            other.alliance_id,
            other.organization_id,
            other.country_id,
        )
        return (
            same_member
            and self.start_latest < self.end_earliest
            and other.start_latest < other.end_earliest
            and other.start_latest < self.end_earliest
            and self.start_latest < other.end_earliest
        )

    def clean(self):
        errors = {}
        if bool(self.organization_id) == bool(self.country_id):
            errors["organization"] = _("Choose the member: an organization or a country, exactly one.")
        for field in ("start", "end"):
            text = getattr(self, field)
            if not text:
                continue
            try:
                setattr(self, field, parse_span(text).edtf)  # as the register writes it: "by 2024" → "../2024"
            except DateTextError as error:
                errors[field] = str(error)
        if "start" not in errors and self.start and stored_span(self.start).upper is None:
            errors["start"] = _(
                "Give the start's latest day, the day by which a source says it had happened: "
                "2024-12-11/2025-03-01, not 2024-12-11/.."
            )
        if "end" not in errors and self.end and stored_span(self.end).upper is None:
            errors["end"] = _("Give the end's latest day: the day by which a source says it had ended.")
        if not self.end and self.end_reason:
            errors["end_reason"] = _("An end reason needs an end date.")
        if errors:
            raise ValidationError(errors)
        if not self.start:
            return  # the form says the start is required
        self.days_set()
        if self.end and self.end_latest < self.start_earliest:
            errors["end"] = _("A membership cannot end before it starts.")
        message = self._end_reason_error()
        if message:
            errors["end_reason"] = message
        message = self._continuation_error()
        if message:
            errors["continues"] = message
        if not errors:
            self._check_overlap(errors)
        if errors:
            raise ValidationError(errors)

    def validate_constraints(self, exclude=None):
        # The days are worked out from the texts: a text `clean()` found wrong leaves its days' constraints unasked.
        exclude = set(exclude or ())
        for text in ("start", "end"):
            if text in exclude:
                exclude |= {f"{text}_earliest", f"{text}_latest", f"{'end' if text == 'start' else 'start'}_earliest"}
        super().validate_constraints(exclude=exclude)

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

    def _continuation_error(self):
        """A period continues one of the same member in the same alliance that ended "role changed" as it began."""
        if not self.continues_id:
            return None
        earlier = self.continues
        if earlier.pk == self.pk or (earlier.alliance_id, earlier.organization_id, earlier.country_id) != (
            self.alliance_id,
            self.organization_id,
            self.country_id,
        ):
            return _("A membership continues only an earlier one of the same member in the same alliance.")
        if earlier.end_reason != EndReason.ROLE_CHANGED or earlier.end != self.start:
            return _(
                "The membership it continues must end 'role changed' on this one's start (%(start)s); it ends %(end)s."
            ) % {"start": self.start, "end": earlier.end or "—"}
        return None

    def _check_overlap(self, errors):
        if not self.alliance_id:
            return
        others = Membership.objects.of_member_in(
            alliance_id=self.alliance_id, organization_id=self.organization_id, country_id=self.country_id
        ).exclude(pk=self.pk)
        clash = others.overlapping(self.start_latest, self.end_earliest).first()
        if clash:
            errors["start"] = _(
                "This period overlaps the member's other membership of this alliance (%(role)s, %(period)s). "
                "One member's periods in an alliance may not overlap: end that membership first, "
                "or change these dates."
            ) % {"role": clash.get_role_display(), "period": clash.period_display}

    def possible_overlaps(self):
        """The member's other periods in this alliance that may share a day with this one: a warning to curators,
        not a refusal (only a certain overlap is refused)."""
        if not self.alliance_id:
            return Membership.objects.none()
        others = Membership.objects.of_member_in(
            alliance_id=self.alliance_id, organization_id=self.organization_id, country_id=self.country_id
        ).exclude(pk=self.pk)
        return others.possibly_overlapping(self.start_earliest, self.end_latest).exclude(
            pk__in=others.overlapping(self.start_latest, self.end_earliest).values("pk")
        )

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
        "alliances.Announcement", verbose_name=_("source"), on_delete=models.PROTECT, related_name="citations"
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

    group = models.CharField(
        _("group"),
        max_length=300,
        blank=True,
        help_text=_(
            "Where this source names the member only as one of a group, the group as the source names it "
            '("the OECD’s 36 member countries"); then give the source that lists the group\'s members on that day. '
            "Empty when the source names the member itself."
        ),
    )
    group_source = models.ForeignKey(
        "alliances.Announcement",
        verbose_name=_("group's list"),
        on_delete=models.PROTECT,
        related_name="group_citations",
        null=True,
        blank=True,
        help_text=_("The source that lists the group's members on that day (only with a group)."),
    )
    group_quotation = models.TextField(
        _("group's list quotation"),
        blank=True,
        help_text=_("The sentence of that list that names this member, word for word (only with a group)."),
    )

    history = HistoricalRecords()

    class Meta:
        # A membership citing a source, not the source itself (an announcement).
        verbose_name = _("citation")
        verbose_name_plural = _("citations: a membership citing a source")
        constraints = [
            models.UniqueConstraint(fields=["membership", "announcement"], name="membershipsource_unique_citation"),
            # A group comes with the source that lists its members and the sentence naming this one; neither without it.
            models.CheckConstraint(
                condition=(Q(group="") & Q(group_source__isnull=True) & Q(group_quotation=""))
                | (~Q(group="") & Q(group_source__isnull=False) & ~Q(group_quotation="")),
                name="membershipsource_group_with_its_list",
                violation_error_message=_(
                    "A group needs the source that lists its members and the sentence that names this member; "
                    "without a group, leave both empty."
                ),
            ),
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

    def clean(self):
        super().clean()
        errors = {}
        if self.group.strip():
            if not self.group_source_id:
                errors["group_source"] = _("Give the source that lists the group's members on that day.")
            if not self.group_quotation.strip():
                errors["group_quotation"] = _("Quote the sentence of that list that names this member.")
        else:
            if self.group_source_id:
                errors["group"] = _("Name the group this list source lists, or remove the list source.")
            elif self.group_quotation.strip():
                errors["group"] = _("Name the group this quotation is from, or remove the quotation.")
        if errors:
            raise ValidationError(errors)
