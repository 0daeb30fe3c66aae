"""Which countries take part in which bodies on a day: a country × body table from two queries.

A cell is a country's own membership (a bloc of states) or its organisations' memberships (a
network of associations): it says which. Where a country has several, the cell shows the
strongest claim: a member role before the other roles (in the order the pages list them),
then certainly before possibly, then undisputed before disputed. Certainty and disputes are
the QuerySet's (`with_certainty`, `with_disputed`); role groups are summaries.role_group's.
"""

from dataclasses import dataclass, field

from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Alliance, Certainty, Country, Membership
from .regions import region_of
from .summaries import GROUP_LABELS, MEMBERS, ROLE_GROUPS, role_group

# A symbol a role group is drawn with in the table; its words are always beside it for screen readers.
SYMBOLS = {
    MEMBERS: "●",
    "invited": "◌",
    "partner": "◐",
    "observer": "○",
    "adherent": "◆",
    "signatory": "△",
    "endorser": "▽",
    "co_sponsor": "◇",
    "ratified": "▴",
    "party": "▲",
}
POSSIBLE_MARK, DISPUTED_MARK = "?", "!"


@dataclass
class Cell:
    """A country's part in one body on the day."""

    alliance: Alliance
    group: str
    certainty: str
    disputed: bool
    membership_uid: str  # the membership the cell links to (the strongest claim)
    day: object
    organizations: int = 0  # 0: the country itself; else how many of its organisations take part

    @property
    def symbol(self):
        marks = (POSSIBLE_MARK if self.possible else "") + (DISPUTED_MARK if self.disputed else "")
        return SYMBOLS[self.group] + marks

    @property
    def possible(self):
        return self.certainty == Certainty.POSSIBLE

    @property
    def role_text(self):
        return str(GROUP_LABELS[self.group])

    @property
    def words(self):
        """ "Members, possibly, disputed, through 3 organisations": what the symbol says."""
        parts = [self.role_text]
        if self.possible:
            parts.append(_("possibly"))
        if self.disputed:
            parts.append(_("disputed"))
        parts.append(self.through_text)
        return ", ".join(parts)

    @property
    def through_text(self):
        if not self.organizations:
            return _("the country itself")
        return ngettext("through %(count)d organisation", "through %(count)d organisations", self.organizations) % {
            "count": self.organizations
        }

    @property
    def link(self):
        """The membership on the alliance page of that day, with its sources."""
        return f"{self.alliance.get_absolute_url()}?as_of={self.day.isoformat()}#membership-{self.membership_uid}"


@dataclass
class Row:
    country: Country
    region: str
    cells: list = field(default_factory=list)  # a Cell or None for each body, in the table's order
    at_least: bool = False  # an empty cell is a body whose list is partial: the country may take part unlisted

    @property
    def count(self):
        """How many of the bodies the country takes part in, in any role, as listed."""
        return sum(1 for cell in self.cells if cell)

    @property
    def count_text(self):
        """ "at least 2" where an empty cell of the row is a partial list's; else "2"."""
        if self.at_least:
            return _("at least %(count)d") % {"count": self.count}
        return str(self.count)


def _strength(row):
    _uid, _alliance, _code, _organization, role, certainty, disputed = row
    return (ROLE_GROUPS.index(role_group(role)), certainty != Certainty.CERTAIN, bool(disputed))


def comparison(day, alliances=None, region="", order="name"):
    """(bodies, rows) on `day`: the bodies (all, or those given) and a Row for each country taking part.

    A body whose list no source gives whole (`members_list_complete` false) may have participants the register
    does not list: a country's empty cell in its column is "not listed", so its row's count is "at least"."""
    bodies = list(alliances if alliances is not None else Alliance.objects.published())
    bodies.sort(key=lambda alliance: str(alliance.name).casefold())
    memberships = (
        Membership.objects.published()
        .filter(alliance__in=bodies)
        .with_certainty(day)
        .with_disputed()
        .annotate(code=Coalesce("country_id", "organization__country_id"))
        .filter(code__isnull=False)
        .values_list("uid", "alliance_id", "code", "organization_id", "role", "certainty", "disputed")
        .order_by("id")
    )
    claims = {}
    for row in memberships:
        claims.setdefault((row[2], row[1]), []).append(row)
    columns = {alliance.pk: index for index, alliance in enumerate(bodies)}
    rows = {}
    for (code, alliance_id), found in claims.items():
        if region and region_of(code) != region:
            continue
        strongest = min(found, key=_strength)
        organizations = len({claim[3] for claim in found if claim[3]})
        own = any(claim[3] is None for claim in found)
        row = rows.setdefault(code, Row(country=Country(code=code), region=region_of(code), cells=[None] * len(bodies)))
        row.cells[columns[alliance_id]] = Cell(
            alliance=bodies[columns[alliance_id]],
            group=role_group(strongest[4]),
            certainty=strongest[5],
            disputed=bool(strongest[6]),
            membership_uid=strongest[0],
            day=day,
            organizations=0 if own else organizations,
        )
    partial = [not alliance.members_list_complete for alliance in bodies]
    for row in rows.values():
        row.at_least = any(cell is None and unlisted for cell, unlisted in zip(row.cells, partial, strict=True))
    ordered = sorted(rows.values(), key=lambda row: str(row.country))
    if order == "groupings":
        ordered.sort(key=lambda row: row.count, reverse=True)
    return bodies, ordered


def legend():
    """[(symbol, words)] of every role group, then the two marks."""
    groups = [(SYMBOLS[group], str(GROUP_LABELS[group])) for group in ROLE_GROUPS]
    marks = [
        ("2", _("beside a symbol: through how many of the country's organisations")),
        (POSSIBLE_MARK, _("possibly: a date known only to the month or year, or as “by” a day, reaches the day")),
        (DISPUTED_MARK, _("disputed: a published source says otherwise")),
    ]
    return groups + marks
