"""A picture of time: lanes of bars from start to end, drawn in SVG on the server (includes/time_lanes.html).

Positions are percentages of the drawing's width, so the SVG fills any screen while its text
stays at its own size (13 px): legible at 390 px wide. A date is drawn as the days it can be
(its earliest and latest day): a month, a year or a "between" is a hatched stretch; a start
known only as "by" a day fades in from its earliest possible day (the body's founding; a year
before, where none is known) to its date; an ongoing membership ends in an arrow at today.
Nothing is drawn before a start's earliest day. Members are solid; invitations are outlined;
the other roles are striped.
"""

import datetime
import functools
import textwrap
from dataclasses import dataclass, field

from .dates import FAR_PAST
from .summaries import MEMBERS, role_group

LANE_HEIGHT = 36
AXIS_HEIGHT = 24
# A lane's label is SVG text, which does not wrap: it is broken into lines that fit a phone's width
# (390 px less the page's margins holds about 48 characters of 13 px text), each line 15 px lower.
LABEL_LINE_CHARACTERS = 42
LABEL_LINE_HEIGHT = 15
_ONE_YEAR = datetime.timedelta(days=365)


@dataclass
class Bar:
    """One membership's stretch: [certain start, certain end] solid, with uncertain stretches either side."""

    style: str  # "member", "invited" or "other"
    text: str  # the text alternative: "member, by 11 December 2024 – today"
    fade_from: float | None  # a "by" start: fades in from here to `start`
    hatch_start: tuple | None  # (x, width) where the start may fall (a month, a year)
    start: float
    end: float
    hatch_end: tuple | None  # (x, width) where the end may fall
    ongoing: bool
    disputed: bool = False

    @property
    def width(self):
        return max(round(self.end - self.start, 2), 0.4)

    @property
    def fade_width(self):
        return round(self.start - self.fade_from, 2) if self.fade_from is not None else 0


@dataclass
class Lane:
    label: str
    url: str
    bars: list = field(default_factory=list)

    @functools.cached_property  # asked for each lane's height, its place and its text
    def label_lines(self):
        """The label in lines short enough for a phone: [(dy, text)], dy the line's drop below the one before."""
        lines = textwrap.wrap(str(self.label), LABEL_LINE_CHARACTERS, break_long_words=False) or [""]
        return [(0 if index == 0 else LABEL_LINE_HEIGHT, line) for index, line in enumerate(lines)]

    @property
    def label_extra_height(self):
        """How much lower than a one-line label's the bars sit."""
        return (len(self.label_lines) - 1) * LABEL_LINE_HEIGHT

    @property
    def height(self):
        return LANE_HEIGHT + self.label_extra_height


@dataclass
class Drawing:
    lanes: list
    ticks: list  # [(percent, year)]
    height: int
    hidden: int = 0  # lanes left out (a large body): the page links to the whole list

    def lane_tops(self):
        tops, top = [], AXIS_HEIGHT
        for lane in self.lanes:
            tops.append((top, lane))
            top += lane.height
        return tops


def drawing(lanes, today, hidden=0, text_of=None):
    """A Drawing of `lanes` [(label, url, [memberships with their alliance])], up to `today`."""
    spans = [_days(membership, today) for _l, _u, memberships in lanes for membership in memberships]
    if not spans:
        return None
    first = min(span[0] for span in spans)
    last = today + (today - first) / 25  # room for the arrow of an ongoing bar
    scale = _Scale(first, last)
    drawn = []
    for label, url, memberships in lanes:
        lane = Lane(label=label, url=url)
        for membership in memberships:
            lane.bars.append(_bar(membership, scale, today, text_of or membership_text))
        drawn.append(lane)
    height = AXIS_HEIGHT + sum(lane.height for lane in drawn) + 4
    return Drawing(lanes=drawn, ticks=scale.ticks(), height=height, hidden=hidden)


class _Scale:
    def __init__(self, first, last):
        self.first, self.days = first, max((last - first).days, 1)

    def __call__(self, day):
        return round(100 * (day - self.first).days / self.days, 2)

    def ticks(self):
        """Up to six round years along the axis."""
        years = range(self.first.year + 1, (self.first + datetime.timedelta(days=self.days)).year + 1)
        step = max(1, -(-len(years) // 6))
        return [(self(datetime.date(year, 1, 1)), year) for year in years if (year - years[0]) % step == 0]


def _open_start(membership):
    """A start with no lower side written ("../2024-12-11"): drawn fading in, not hatched."""
    return membership.start.startswith("../")


def _start_from(membership):
    """The first day a bar may begin: its start's earliest day; a year before its latest where none is known."""
    if membership.start_earliest == FAR_PAST:
        return membership.start_latest - _ONE_YEAR
    return membership.start_earliest


def _days(membership, today):
    return _start_from(membership), today


def _bar(membership, scale, today, text_of):
    start_first = _start_from(membership)
    start_last = min(membership.start_latest, today)
    fade_from = hatch_start = hatch_end = None
    if _open_start(membership):
        fade_from = scale(start_first)
    elif start_last > start_first:
        hatch_start = _stretch(scale(start_first), scale(start_last))
    if membership.end:
        end_first = max(membership.end_earliest, start_last)
        end_last = min(membership.end_latest, today)
        if end_last > end_first:
            hatch_end = _stretch(scale(end_first), scale(end_last))
        end = end_first
    else:
        end = today
    group = role_group(membership.role)
    style = "member" if group == MEMBERS else "invited" if group == "invited" else "other"
    return Bar(
        style=style,
        text=text_of(membership),
        fade_from=fade_from,
        hatch_start=hatch_start,
        start=scale(start_last),
        end=scale(max(end, start_last)),
        hatch_end=hatch_end,
        ongoing=not membership.end,
        disputed=bool(getattr(membership, "disputed", False)),
    )


def _stretch(begin, end):
    return begin, max(round(end - begin, 2), 0.4)


def membership_text(membership):
    """The text alternative of a bar: "member, by 11 December 2024", "invited, 24 August 2023 – December 2023"."""
    return f"{membership.get_role_display()}, {membership.period_display}"


MAX_LANES = 30
MAX_BARS = 300


def alliance_lanes(alliance, today):
    """One lane per member of `alliance` (its first MAX_LANES by first start), its periods among the first MAX_BARS.

    Two queries: which periods, as ids (every period of the alliance, so that the members left
    out are counted too), then the drawn ones, loaded as a list shows them; loading the first
    MAX_BARS whole for the few a drawing keeps took most of its time.
    """
    from .models import Membership

    published = Membership.objects.published().filter(alliance=alliance)
    periods = list(published.order_by("start_latest", "id").values_list("pk", "organization_id", "country_id"))
    chosen = {}
    for pk, *member in periods[:MAX_BARS]:
        key = tuple(member)
        if key in chosen or len(chosen) < MAX_LANES:
            chosen.setdefault(key, []).append(pk)
    loaded = published.listed(citations=False).in_bulk([pk for pks in chosen.values() for pk in pks])
    lanes = []
    for pks in chosen.values():
        memberships = [loaded[pk] for pk in pks if pk in loaded]  # one deleted meanwhile is left out
        if memberships:
            member = memberships[0].member
            lanes.append((str(member), member.get_absolute_url(), memberships))
    hidden = 0
    if len(chosen) >= MAX_LANES:
        hidden = max(len({tuple(member) for _pk, *member in periods}) - len(chosen), 0)
    return drawing(lanes, today, hidden=hidden)


def country_lanes(memberships, today):
    """One lane per body a country or its organisations take part in, every period in it.

    `memberships`: the country's, loaded with their alliances and organizations (`listed()`),
    by start; the first MAX_BARS are drawn.
    """
    lanes = {}
    for membership in memberships[:MAX_BARS]:
        lanes.setdefault(
            membership.alliance_id, (str(membership.alliance.name), membership.alliance.get_absolute_url(), [])
        )[2].append(membership)
    return drawing(list(lanes.values()), today, text_of=_text_in_country)


def _text_in_country(membership):
    text = membership_text(membership)
    return f"{membership.organization.name}: {text}" if membership.organization_id else text
