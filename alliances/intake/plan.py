"""What taking in a source's list would do, decided without writing: a row for each name, and its sentence.

Each matched member becomes a new draft membership citing the source, or a citation added to
its existing membership of the same role whose period the new one would share (never a
duplicate), or a conflict (an overlapping membership in another role) explained in a sentence.
A name that matches nothing or more than one thing waits for the curator's choice.
"""

import hashlib
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..admin.resources import AnnouncementResource, MembershipResource
from ..models import Country, ListCompleteness, Membership, MembershipSource, Organization, OrganizationKind
from .names import Matcher

# The import's own date columns: how a written start ("2024", "../2024-12-11", "by 2024-12-11") becomes a
# membership's start, and a written date an announcement's. The one place the intake reads dates.
_MEMBERSHIP_COLUMNS = MembershipResource().fields
_ANNOUNCEMENT_COLUMNS = AnnouncementResource().fields


def start_check(text):
    """Raise ValueError, with the parser's message, when `text` is no start the import would take."""
    _MEMBERSHIP_COLUMNS["start"].clean({"start": text})


def start_set(membership, text):
    """Give `membership` the start written `text` (as the register writes it) and its days, as the import does."""
    membership.start = _MEMBERSHIP_COLUMNS["start"].clean({"start": text})
    membership.days_set()


def date_check(text):
    _ANNOUNCEMENT_COLUMNS["date"].parse({"date": text})


def date_set(announcement, text):
    """Give `announcement` the date written `text`, as the import's `date` column does."""
    _ANNOUNCEMENT_COLUMNS["date"].save(announcement, {"date": text})


class Action:
    NEW = "new"
    CREATE = "create"  # a new organization, and a new membership of it
    CITE = "cite"
    ALREADY = "already"
    CONFLICT = "conflict"
    REPEATED = "repeated"
    UNRESOLVED = "unresolved"
    DROPPED = "dropped"

    LABELS = {
        NEW: gettext_lazy("new membership"),
        CREATE: gettext_lazy("new organization and membership"),
        CITE: gettext_lazy("source added"),
        ALREADY: gettext_lazy("nothing: already cited"),
        CONFLICT: gettext_lazy("conflict"),
        REPEATED: gettext_lazy("nothing: named above"),
        UNRESOLVED: gettext_lazy("to choose"),
        DROPPED: gettext_lazy("left out"),
    }
    WRITES = {NEW, CREATE, CITE}


DROP = "drop"
CREATE = "create"


@dataclass
class IntakeRequest:
    """What the curator gives: the alliance, the source (an announcement, or None for a new one), the list, and
    the role, start and completeness that every name shares. `choices`: {row index: "country:KR",
    "organization:<slug>", "drop", "create" or "create:<ISO code>"} for the names the curator settled."""

    alliance: object
    announcement: object
    passage: str
    role: str
    start: str
    completeness: str = ListCompleteness.NOT_STATED
    choices: dict = field(default_factory=dict)


@dataclass
class IntakeRow:
    index: int
    name: object  # names.Name
    matched: list  # what the name matched by itself
    suggestions: list
    member: object = None  # the Country or Organization chosen or matched
    action: str = Action.UNRESOLVED
    sentence: str = ""
    membership: object = None  # the existing membership cited, or in conflict
    new_organization: object = None  # unsaved, for CREATE
    choice: str = ""

    @property
    def action_label(self):
        return Action.LABELS[self.action]

    @property
    def member_key(self):
        return member_key(self.member) if self.member is not None else ""


@dataclass
class IntakePlan:
    request: IntakeRequest
    rows: list
    completes_list: bool = False

    @property
    def ready(self):
        """Every name settled: nothing left to choose."""
        return not any(row.action == Action.UNRESOLVED for row in self.rows)

    @property
    def writes(self):
        return [row for row in self.rows if row.action in Action.WRITES]

    def count(self, action):
        return sum(1 for row in self.rows if row.action == action)

    @property
    def fingerprint(self):
        """What the plan would write; a confirmation whose plan differs from the preview's is shown again."""
        parts = [
            f"{row.index}:{row.action}:{row.member_key}:{row.membership.pk if row.membership else ''}"
            for row in self.rows
        ]
        return hashlib.sha256("|".join([*parts, str(self.completes_list)]).encode()).hexdigest()[:16]


def member_key(member):
    """ "country:KR" or "organization:<slug>": how a choice names a member."""
    if isinstance(member, Country):
        return f"country:{member.code}"
    return f"organization:{member.slug}"


def intake_plan(request, *, matcher=None):
    """The IntakePlan of `request`: each name of its passage, what it matched and what confirming would do."""
    matcher = matcher or Matcher.of_register()
    matches = matcher.read(request.passage)
    chosen = _chosen_members(request.choices)
    rows = [IntakeRow(index, match.name, match.members, match.suggestions) for index, match in enumerate(matches)]
    for row in rows:
        choice = request.choices.get(row.index, "")
        row.choice = choice
        if choice == DROP:
            row.action, row.sentence = Action.DROPPED, _("Left out, as chosen.")
        elif choice.startswith(CREATE):
            row.new_organization = _new_organization(row.name.text, choice)
            row.member, row.action = row.new_organization, Action.CREATE
        elif choice in chosen:
            row.member = chosen[choice]
        elif choice:
            row.sentence = _("Nothing in the register is “%(choice)s”: choose again.") % {
                "choice": choice.partition(":")[2]
            }
        elif len(row.matched) == 1:
            row.member = row.matched[0]
        else:
            row.sentence = _unresolved_sentence(row)
    _decide(request, rows)
    completes = request.completeness == ListCompleteness.COMPLETE and not request.alliance.members_list_complete
    return IntakePlan(request, rows, completes_list=completes)


def _chosen_members(choices):
    """{choice: the Country or Organization it names} for the choices that name one."""
    codes = [choice.split(":", 1)[1].upper() for choice in choices.values() if choice.startswith("country:")]
    slugs = [choice.split(":", 1)[1] for choice in choices.values() if choice.startswith("organization:")]
    found = {f"country:{country.code}": country for country in Country.objects.filter(code__in=codes)}
    found |= {f"organization:{org.slug}": org for org in Organization.objects.filter(slug__in=slugs)}
    return {choice: found[_canonical(choice)] for choice in choices.values() if _canonical(choice) in found}


def _canonical(choice):
    kind, _colon, key = choice.partition(":")
    return f"country:{key.upper()}" if kind == "country" else choice


def _new_organization(name, choice):
    code = choice.partition(":")[2].strip().upper()
    country = Country.objects.filter(code=code).first() if code else None
    return Organization(name=name, kind=OrganizationKind.OTHER, country=country)


def _unresolved_sentence(row):
    if row.matched:
        return _("Matches more than one: %(names)s. Choose one, or leave it out.") % {
            "names": "; ".join(_described(member) for member in row.matched)
        }
    return _("Matches nothing in the register: choose a country or an organization, create one, or leave it out.")


def _described(member):
    if isinstance(member, Country):
        return f"{member} ({member.code})"
    country = f", {member.country}" if getattr(member, "country_id", None) else ""
    return f"{member.name} ({_('organization')}{country})"


def _decide(request, rows):
    """Each row with a member: new membership, a citation of an existing one, nothing, or a conflict."""
    existing = _existing_memberships(request.alliance, [row.member for row in rows if row.member is not None])
    seen = {}
    for row in rows:
        if row.member is None or row.action == Action.DROPPED:
            continue
        key = row.member_key if row.new_organization is None else f"new:{row.name.text.casefold()}"
        if key in seen:
            row.action = Action.REPEATED
            row.sentence = _("Named again: “%(name)s” above is the same member.") % {"name": seen[key].name.text}
            continue
        seen[key] = row
        candidate = candidate_membership(request, row.member)
        others = existing.get(row.member_key, []) if row.new_organization is None else []
        clashing = [membership for membership in others if candidate.clashes_with(membership)]
        same_role = [membership for membership in clashing if membership.role == request.role]
        if same_role:
            row.membership = same_role[0]
            cited = any(
                c.announcement_id == getattr(request.announcement, "pk", None) for c in row.membership.citations.all()
            )
            row.action = Action.ALREADY if cited else Action.CITE
            row.sentence = _cite_sentence(row, cited)
        elif clashing:
            row.membership = clashing[0]
            row.action = Action.CONFLICT
            row.sentence = _conflict_sentence(row, candidate)
        else:
            row.action = Action.CREATE if row.new_organization is not None else Action.NEW
            row.sentence = _new_sentence(row, candidate)


def candidate_membership(request, member):
    """The draft membership the request would make of `member` (unsaved)."""
    membership = Membership(alliance=request.alliance, role=request.role)
    if isinstance(member, Country):
        membership.country = member
    else:
        membership.organization = member
    start_set(membership, request.start)
    return membership


def _existing_memberships(alliance, members):
    """{member key: [the member's memberships of `alliance`, with their citations]}: two queries."""
    codes = [member.code for member in members if isinstance(member, Country)]
    organizations = [member.pk for member in members if isinstance(member, Organization) and member.pk]
    if not codes and not organizations:
        return {}
    memberships = (
        Membership.objects.filter(alliance=alliance)
        .filter(Q(country__in=codes) | Q(organization__in=organizations))
        .select_related("country", "organization")
        .prefetch_related(
            Prefetch("citations", queryset=MembershipSource.objects.only("membership_id", "announcement_id"))
        )
    )
    found = {}
    for membership in memberships:
        found.setdefault(member_key(membership.member), []).append(membership)
    return found


def _cite_sentence(row, cited):
    values = {
        "member": row.member,
        "role": row.membership.get_role_display(),
        "period": row.membership.period_display,
        "status": row.membership.get_status_display(),
    }
    if cited:
        return (
            _("Nothing to add: %(member)s's membership (%(role)s, %(period)s, %(status)s) already cites this source.")
            % values
        )
    return (
        _("Adds this source to %(member)s's membership (%(role)s, %(period)s, %(status)s): no new membership.") % values
    )


def _conflict_sentence(row, candidate):
    return _(
        "Conflicts with %(member)s's membership as %(role)s (%(period)s): this list would make it %(new_role)s "
        "(%(new_period)s), and one member's periods in an alliance may not overlap. End that membership first "
        "(a role change), or leave this name out."
    ) % {
        "member": row.member,
        "role": row.membership.get_role_display(),
        "period": row.membership.period_display,
        "new_role": candidate.get_role_display(),
        "new_period": candidate.period_display,
    }


def _new_sentence(row, candidate):
    values = {"member": row.member, "role": candidate.get_role_display(), "period": candidate.period_display}
    if row.new_organization is not None:
        values["country"] = row.new_organization.country or _("no country: an international body")
        return (
            _(
                "A new organization “%(member)s” (%(country)s), and a new draft membership of it: %(role)s, "
                "%(period)s, citing the source."
            )
            % values
        )
    return _("A new draft membership: %(member)s, %(role)s, %(period)s, citing the source.") % values
