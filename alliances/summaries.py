"""Who is in an alliance on a day, counted as the pages say it: one grouped query whatever the number of members.

Members proper (founding members and members) are counted apart from each other role, and
each count keeps three kinds apart: certainly in force and undisputed, possibly in force
(a date's uncertainty reaches the day) and undisputed, and disputed (a published source says
otherwise, whatever the dates say). "10 members, 1 possibly, 1 disputed" is twelve rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from .caching.kept import kept
from .models import Certainty, Country, Membership, ReportedSize, Role

# The groups a list of participants falls into, in the order pages show them: members proper first.
MEMBERS = "members"
ROLE_GROUPS = [
    MEMBERS,
    Role.INVITED,
    Role.PARTNER,
    Role.OBSERVER,
    Role.ADHERENT,
    Role.SIGNATORY,
    Role.ENDORSER,
    Role.CO_SPONSOR,
    Role.RATIFIED,
    Role.PARTY,
]
GROUP_LABELS = {
    MEMBERS: gettext_lazy("Members"),
    Role.INVITED: gettext_lazy("Invited"),
    Role.PARTNER: gettext_lazy("Partners"),
    Role.OBSERVER: gettext_lazy("Observers"),
    Role.ADHERENT: gettext_lazy("Adherents"),
    Role.SIGNATORY: gettext_lazy("Signatories"),
    Role.ENDORSER: gettext_lazy("Endorsers"),
    Role.CO_SPONSOR: gettext_lazy("Co-sponsors"),
    Role.RATIFIED: gettext_lazy("Ratified, not yet parties"),
    Role.PARTY: gettext_lazy("Parties"),
}
# What a treaty's groups mean: ratifying is consenting to be bound; a party is bound because the treaty is in force.
GROUP_NOTES = {
    Role.RATIFIED: gettext_lazy(
        "Each has ratified: it has consented to be bound, and becomes a party only once the treaty is in force for it."
    ),
    Role.PARTY: gettext_lazy("Each is a party: the treaty is in force for it."),
}


def role_group(role):
    """The group a role is listed and counted in: MEMBERS for founding members and members, else the role."""
    return MEMBERS if role in Role.full_member_roles() else Role(role)


@dataclass
class Tally:
    """A count that keeps apart what is certain, what is only possible and what a source disputes."""

    certain: int = 0  # certainly so, and no published source disputes it
    possible: int = 0  # possibly so (a date's uncertainty reaches the day or the period), undisputed
    disputed: int = 0  # a published source disputes it, certain or possible

    def add(self, certainty, disputed, n):
        if disputed:
            self.disputed += n
        elif certainty == Certainty.CERTAIN:
            self.certain += n
        else:
            self.possible += n

    @property
    def total(self):
        return self.certain + self.possible + self.disputed

    def __bool__(self):
        return self.total > 0

    def qualifiers(self):
        """ ", 1 possibly, 1 disputed": what follows the certain count, or ""."""
        parts = []
        if self.possible:
            parts.append(_("%(count)d possibly") % {"count": self.possible})
        if self.disputed:
            parts.append(_("%(count)d disputed") % {"count": self.disputed})
        return "".join(", " + part for part in parts)

    def members_text(self, complete=True):
        """ "10 members, 1 possibly, 1 disputed"; "6 members listed, …" when the list is not known to be whole."""
        if complete:
            text = ngettext("%(count)d member", "%(count)d members", self.certain)
        else:
            text = ngettext("%(count)d member listed", "%(count)d members listed", self.certain)
        return text % {"count": self.certain} + self.qualifiers()

    def count_text(self):
        """ "4, 1 possibly, 1 disputed": a group's count, after its name."""
        return f"{self.certain}{self.qualifiers()}"


@dataclass
class MemberSummary:
    """An alliance's participants on a day: the members' tally, each other role's, and the countries of each."""

    members: Tally = field(default_factory=Tally)
    roles: dict = field(default_factory=dict)  # {role: Tally} of the other roles present, in ROLE_GROUPS order
    full: list = field(default_factory=list)  # countries with a certain, undisputed member
    uncertain: list = field(default_factory=list)  # the others with a possible or disputed member
    other: list = field(default_factory=list)  # countries with only other roles (invited, partner, ...)

    @property
    def count(self):
        """Members certainly in force and undisputed: the number a page states first."""
        return self.members.certain

    @property
    def total(self):
        """Every participant in force on the day, certainly or possibly, of any role: the rows of its list."""
        return self.members.total + sum(tally.total for tally in self.roles.values())

    def groups(self):
        """[(label, Tally)] of the other roles present, in the order pages list them."""
        return [(GROUP_LABELS[role], tally) for role, tally in self.roles.items()]


def member_summaries(memberships, day):
    """{alliance id: MemberSummary} of `memberships` (published) on `day`."""
    rows = defaultdict(list)
    for row in _grouped_rows(memberships, day):
        rows[row[0]].append(row)
    return {alliance: _summary(alliance_rows) for alliance, alliance_rows in rows.items()}


def alliance_summary(alliance, day):
    """The MemberSummary of one alliance's published members on `day`: what its page and its map show.

    Kept under the register version: the page, its map (which every browser showing the page
    asks for) and every other address of the page share one grouped query a version and a day.
    """
    memberships = Membership.objects.published().filter(alliance=alliance)
    rows = kept(("member-summary", alliance.pk, day.isoformat()), lambda: _grouped_rows(memberships, day))
    return _summary(rows)


def _grouped_rows(memberships, day):
    """[(alliance id, member's country code, role, certainty, disputed, n)]: the one grouped query."""
    grouped = (
        memberships.with_certainty(day)
        .with_disputed()
        .annotate(member_country=Coalesce("country_id", "organization__country_id"))
        .values_list("alliance_id", "member_country", "role", "certainty", "disputed")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [tuple(row) for row in grouped]


def _summary(rows):
    summary = MemberSummary()
    roles = defaultdict(Tally)
    full, uncertain, other = set(), set(), set()
    for _alliance, code, role, certainty, disputed, n in rows:
        group = role_group(role)
        (summary.members if group == MEMBERS else roles[group]).add(certainty, disputed, n)
        if not code:
            continue
        if group != MEMBERS:
            other.add(code)
        elif certainty == Certainty.CERTAIN and not disputed:
            full.add(code)
        else:
            uncertain.add(code)
    summary.roles = {role: roles[role] for role in ROLE_GROUPS if role in roles}
    summary.full = _countries(full)
    summary.uncertain = _countries(uncertain - full)
    summary.other = _countries(other - full - uncertain)
    return summary


def _countries(codes):
    """Country objects for `codes`, sorted by their name in the active language; no query needed."""
    return sorted((Country(code=code) for code in codes), key=str)


def latest_sizes(day):
    """{alliance id: its latest published ReportedSize on or before `day`, with its source}: one query."""
    return {size.alliance_id: size for size in ReportedSize.objects.latest_by(day)}


def counted_alliances(alliances, day):
    """`alliances` with their participants on `day` counted as the alliance pages count them: three queries.

    Each gets `members` (its MemberSummary), `members_text` ("6 members listed, 1 possibly") and
    `reported_size` (the latest size a source gives, where the list is not known to be whole).
    """
    alliances = list(alliances)
    summaries = member_summaries(Membership.objects.published().filter(alliance__in=alliances), day)
    sizes = latest_sizes(day)
    for alliance in alliances:
        alliance.members = summaries.get(alliance.pk, MemberSummary())
        alliance.members_text = alliance.members.members.members_text(alliance.members_list_complete)
        alliance.reported_size = None if alliance.members_list_complete else sizes.get(alliance.pk)
    return alliances
