"""Member counts and member countries of alliances, from one grouped query whatever the number of members."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.db.models.functions import Coalesce

from .caching.kept import kept
from .models import Country, Membership, Role


@dataclass
class MemberSummary:
    count: int = 0  # full members: founding members and members
    full: list = field(default_factory=list)  # countries with a full member
    other: list = field(default_factory=list)  # countries with only invitees, observers or partners


def member_summaries(memberships):
    """{alliance id: MemberSummary} of `memberships` (already narrowed to published, active on a day)."""
    return {
        alliance: MemberSummary(count=count, full=_countries(full), other=_countries(other))
        for alliance, (count, full, other) in _member_codes(memberships).items()
    }


def alliance_summary(alliance, day):
    """The MemberSummary of one alliance's published members on `day`: what its page and its map show.

    Kept under the register version: the page, its map (which every browser showing the page
    asks for) and every other address of the page share one grouped query a version and a day.
    """
    active = Membership.objects.published().filter(alliance=alliance).active_on(day)
    parts = ("summary", alliance.pk, day.isoformat())
    count, full, other = kept(parts, lambda: _member_codes(active).get(alliance.pk, (0, [], [])))
    return MemberSummary(count=count, full=_countries(full), other=_countries(other))


def _member_codes(memberships):
    """{alliance id: (full members, [codes of countries with a full member], [codes of the other countries])}."""
    rows = (
        memberships.annotate(member_country=Coalesce("country_id", "organization__country_id"))
        .values("alliance_id", "member_country", "role")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts, full, other = defaultdict(int), defaultdict(set), defaultdict(set)
    for row in rows:
        alliance, code = row["alliance_id"], row["member_country"]
        is_full = row["role"] in Role.full_member_roles()
        if is_full:
            counts[alliance] += row["n"]
        if code:
            (full if is_full else other)[alliance].add(code)
    return {
        alliance: (counts[alliance], sorted(full[alliance]), sorted(other[alliance] - full[alliance]))
        for alliance in set(counts) | set(full) | set(other)
    }


def _countries(codes):
    """Country objects for `codes`, sorted by their name in the active language; no query needed."""
    return sorted((Country(code=code) for code in codes), key=str)
