"""Who is in an alliance on a day, counted as the pages say it: one grouped query whatever the number of members.

Members proper (founding members and members) are counted apart from each other role, and
each count keeps three kinds apart: certainly in force and undisputed, possibly in force
(a date's uncertainty reaches the day) and undisputed, and disputed (a published source says
otherwise, whatever the dates say). "10 members, 1 possibly, 1 disputed" is twelve rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Count, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext_lazy

from .caching.kept import kept
from .models import Certainty, Country, Membership, ReportedSize, Role
from .per_language import held

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


# How a count of each group reads: "13 adherents", "1 signatory" (each language its own plural forms).
COUNTED = {
    MEMBERS: ngettext_lazy("%(count)d member", "%(count)d members", "count"),
    Role.INVITED: ngettext_lazy("%(count)d invited", "%(count)d invited", "count"),
    Role.PARTNER: ngettext_lazy("%(count)d partner", "%(count)d partners", "count"),
    Role.OBSERVER: ngettext_lazy("%(count)d observer", "%(count)d observers", "count"),
    Role.ADHERENT: ngettext_lazy("%(count)d adherent", "%(count)d adherents", "count"),
    Role.SIGNATORY: ngettext_lazy("%(count)d signatory", "%(count)d signatories", "count"),
    Role.ENDORSER: ngettext_lazy("%(count)d endorser", "%(count)d endorsers", "count"),
    Role.CO_SPONSOR: ngettext_lazy("%(count)d co-sponsor", "%(count)d co-sponsors", "count"),
    Role.RATIFIED: ngettext_lazy("%(count)d ratified, not yet a party", "%(count)d ratified, not yet parties", "count"),
    Role.PARTY: ngettext_lazy("%(count)d party", "%(count)d parties", "count"),
}
# How the alliance page names the list of a body's principal group: a declaration has signatories, not members.
LIST_WORDS = {
    MEMBERS: {
        "given_day": gettext_lazy("Members on a given day"),
        "field": gettext_lazy("Members on"),
        "show": gettext_lazy("Show members"),
        "today": gettext_lazy("Current members"),
        "on": gettext_lazy("Members on %(date)s"),
        "back": gettext_lazy("Show today's members"),
    },
    Role.ADHERENT: {
        "given_day": gettext_lazy("Adherents on a given day"),
        "field": gettext_lazy("Adherents on"),
        "show": gettext_lazy("Show adherents"),
        "today": gettext_lazy("Current adherents"),
        "on": gettext_lazy("Adherents on %(date)s"),
        "back": gettext_lazy("Show today's adherents"),
    },
    Role.SIGNATORY: {
        "given_day": gettext_lazy("Signatories on a given day"),
        "field": gettext_lazy("Signatories on"),
        "show": gettext_lazy("Show signatories"),
        "today": gettext_lazy("Current signatories"),
        "on": gettext_lazy("Signatories on %(date)s"),
        "back": gettext_lazy("Show today's signatories"),
    },
    Role.ENDORSER: {
        "given_day": gettext_lazy("Endorsers on a given day"),
        "field": gettext_lazy("Endorsers on"),
        "show": gettext_lazy("Show endorsers"),
        "today": gettext_lazy("Current endorsers"),
        "on": gettext_lazy("Endorsers on %(date)s"),
        "back": gettext_lazy("Show today's endorsers"),
    },
    Role.CO_SPONSOR: {
        "given_day": gettext_lazy("Co-sponsors on a given day"),
        "field": gettext_lazy("Co-sponsors on"),
        "show": gettext_lazy("Show co-sponsors"),
        "today": gettext_lazy("Current co-sponsors"),
        "on": gettext_lazy("Co-sponsors on %(date)s"),
        "back": gettext_lazy("Show today's co-sponsors"),
    },
}
# The groups a body's headline count counts besides its principal role's own: a state that has ratified a
# treaty, or become a party to it, is still among its signatories (its signature continues in the new role).
PRINCIPAL_ALSO = {
    Role.SIGNATORY: (Role.RATIFIED, Role.PARTY),
    Role.RATIFIED: (Role.PARTY,),
}


def role_group(role):
    """The group a role is listed and counted in: MEMBERS for founding members and members, else the role."""
    return MEMBERS if role in Role.full_member_roles() else Role(role)


def principal_groups(principal_role):
    """The groups a body's headline count counts (Alliance.principal_role): its role's group first."""
    group = role_group(principal_role)
    return (group, *PRINCIPAL_ALSO.get(group, ()))


def principal_roles(principal_role):
    """The roles of the memberships a body's headline count counts: what its chart and the API count too."""
    groups = principal_groups(principal_role)
    return [role for role in Role if role_group(role) in groups]


def principal_counted(principal_role):
    """How a count of a body's principal role reads: "%(count)d adherents" (COUNTED), for its sizes too."""
    return COUNTED[role_group(principal_role)]


def list_words(principal_role):
    """The alliance page's words for its list (LIST_WORDS): "Current signatories", "Endorsers on a given day"."""
    return LIST_WORDS.get(role_group(principal_role), LIST_WORDS[MEMBERS])


def principal_role_filter():
    """A Q on alliances joined to their memberships: the membership is in its body's headline count (the API's)."""
    return reduce(or_, (Q(principal_role=role, memberships__role__in=principal_roles(role)) for role in Role))


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

    def __add__(self, other):
        return Tally(self.certain + other.certain, self.possible + other.possible, self.disputed + other.disputed)

    def qualifiers(self):
        """ ", 1 possibly, 1 disputed": what follows the certain count, or ""."""
        parts = []
        if self.possible:
            parts.append(_("%(count)d possibly") % {"count": self.possible})
        if self.disputed:
            parts.append(_("%(count)d disputed") % {"count": self.disputed})
        return "".join(", " + part for part in parts)

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

    def groups(self, principal_role=Role.MEMBER):
        """[(label, Tally)] of the groups present other than the principal role's own, in the order pages list them."""
        own = role_group(principal_role)
        present = {MEMBERS: self.members, **self.roles}
        return [(GROUP_LABELS[group], tally) for group, tally in present.items() if tally and group != own]

    def principal(self, principal_role):
        """The Tally a body's headline counts: its principal role's group, and those PRINCIPAL_ALSO adds."""
        present = {MEMBERS: self.members, **self.roles}
        return sum((present.get(group, Tally()) for group in principal_groups(principal_role)), Tally())


@dataclass
class MapLabels:
    """What the map and a card call the countries of a summary: `full`, `uncertain`, `other`, and `countries` (the
    `full` ones in a list), in the words of the body's principal role."""

    full: str
    uncertain: str
    other: str
    countries: str

    @classmethod
    def of(cls, principal_role):
        group = role_group(principal_role)
        if group == MEMBERS:
            return cls(
                _("Members"),
                _("Possibly members, or disputed"),
                _("Invited, partners, observers and other roles"),
                _("Member countries"),
            )
        label = GROUP_LABELS[group]
        return cls(label, _("%(group)s, possibly or disputed") % {"group": label}, _("Other roles"), label)


def headline(alliance, summary, size):
    """What a body's count says first: its principal role counted, and whether the list is whole.

    "19 signatories (complete list)", "10 members, 1 disputed (complete list)"; "44 adherents listed of 47
    reported (by 9 May 2024), 1 possibly"; "29 members listed; reported: members from 44 countries (by 26
    December 2024)"; "39 members listed" where no source gives a size (the page then says that no source
    gives the whole). `size` is the latest ReportedSize on the day, or None; a complete list ignores it.
    """
    tally = summary.principal(alliance.principal_role)
    counted = principal_counted(alliance.principal_role) % {"count": tally.certain}
    if alliance.members_list_complete:
        return _("%(counted)s (complete list)") % {"counted": counted + tally.qualifiers()}
    if size is None:
        text = _("%(counted)s listed") % {"counted": counted}
    elif size.members is not None:
        text = _("%(counted)s listed of %(reported)d reported (%(date)s)") % {
            "counted": counted,
            "reported": size.members,
            "date": size.as_of_display,
        }
    else:
        text = _("%(counted)s listed; reported: %(size)s (%(date)s)") % {
            "counted": counted,
            "size": size.size_text(principal_counted(alliance.principal_role)),
            "date": size.as_of_display,
        }
    return text + tally.qualifiers()


def member_summaries(memberships, day, principals=None):
    """{alliance id: MemberSummary} of `memberships` (published) on `day`; `principals` is {alliance id: its
    principal role}, whose countries are the summary's `full` and `uncertain` (members by default)."""
    rows = defaultdict(list)
    for row in _grouped_rows(memberships, day):
        rows[row[0]].append(row)
    principals = principals or {}
    return {
        alliance: _summary(alliance_rows, principal_groups(principals.get(alliance, Role.MEMBER)))
        for alliance, alliance_rows in rows.items()
    }


def alliance_summary(alliance, day):
    """The MemberSummary of one alliance's published members on `day`: what its page and its map show.

    Kept under the register version: the page, its map (which every browser showing the page
    asks for) and every other address of the page share one grouped query a version and a day.
    """
    memberships = Membership.objects.published().filter(alliance=alliance)
    rows = kept(("member-summary", alliance.pk, day.isoformat()), lambda: _grouped_rows(memberships, day))
    return _summary(rows, principal_groups(alliance.principal_role))


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


def _summary(rows, principal=(MEMBERS,)):
    """The summary of grouped rows; the countries of the groups in `principal` are its `full` and `uncertain`."""
    summary = MemberSummary()
    roles = defaultdict(Tally)
    full, uncertain, other = set(), set(), set()
    for _alliance, code, role, certainty, disputed, n in rows:
        group = role_group(role)
        (summary.members if group == MEMBERS else roles[group]).add(certainty, disputed, n)
        if not code:
            continue
        if group not in principal:
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
    with held():  # up to 250 names, each looked up in the active language
        return sorted((Country(code=code) for code in codes), key=str)


def latest_sizes(day):
    """{alliance id: its latest published ReportedSize on or before `day`, with its source}: one query."""
    return {size.alliance_id: size for size in ReportedSize.objects.latest_by(day)}


def counted_alliances(alliances, day):
    """`alliances` with their participants on `day` counted as the alliance pages count them: three queries.

    Each gets `members` (its MemberSummary), `headline` (its principal role counted: "6 members listed of 28
    reported (by 3 December 2025)"), `other_groups` (the other groups' [(label, Tally)]) and `reported_size`
    (the latest size a source gives, where the list is not known to be whole).
    """
    alliances = list(alliances)
    principals = {alliance.pk: alliance.principal_role for alliance in alliances}
    summaries = member_summaries(Membership.objects.published().filter(alliance__in=alliances), day, principals)
    sizes = latest_sizes(day)
    for alliance in alliances:
        alliance.members = summaries.get(alliance.pk, MemberSummary())
        alliance.reported_size = None if alliance.members_list_complete else sizes.get(alliance.pk)
        alliance.headline = headline(alliance, alliance.members, alliance.reported_size)
        alliance.other_groups = alliance.members.groups(alliance.principal_role)
        alliance.map_labels = MapLabels.of(alliance.principal_role)
    return alliances
