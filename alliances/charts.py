"""The alliance page's pictures, drawn on the server as SVG: a world map and a member-count chart.

The map's country outlines are pygal-maps-world's, simplified once (scripts/simplify-world-map)
into alliances/maps/world.svg; the chart is small enough to draw by hand. No script, nothing
from another site, and the same bytes for the same data: no random ids, no date.
"""

import datetime
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .dates import FAR_FUTURE, FAR_PAST, DatePrecision, Span, format_partial_date, span_words, stored_span
from .summaries import COUNTED, GROUP_LABELS, MEMBERS, role_group

WORLD = Path(__file__).parent / "maps" / "world.svg"
# Countries in no series, then each series in turn (site.css's swatches have the same colours).
MAP_LAND = "#d5dbe1"
MAP_SERIES_COLOURS = ("#8a1c17", "#e8a49c", "#4a6fa5")
# A step's label is the coarsest date that meets on its day; on a tie, the date itself before a "by" it.
_PRECISION_RANK = {DatePrecision.YEAR: 0, DatePrecision.MONTH: 1, DatePrecision.DAY: 2}


@functools.cache
def world_shapes():
    """(viewBox, {code: path data}, {code: (cx, cy, r)} of the marker that shows a tiny country)."""
    text = WORLD.read_text()
    view_box = re.search(r'viewBox="([^"]+)"', text).group(1)
    paths = dict(re.findall(r'<path id="([a-z]{2})" d="([^"]+)"/>', text))
    markers = {
        code: (cx, cy, r)
        for code, cx, cy, r in re.findall(r'<circle id="([a-z]{2})-marker" cx="(\d+)" cy="(\d+)" r="(\d+)"/>', text)
    }
    return view_box, paths, markers


def world_map_svg(series):
    """The world map as SVG bytes; `series` is [(label, countries)], each shaded in its own colour, in this order.

    Every series is a path of its own (one element whatever the number of countries) and so are
    the other countries; a tiny country in a series gets its marker circle too. The title names
    each series and its countries (the alt text of the page says the same).
    """
    view_box, paths, markers = world_shapes()
    width, height = (int(n) for n in view_box.split()[2:])
    shaded = {}
    for index, (_label, countries) in enumerate(series):
        for country in countries:
            shaded.setdefault(country.code.lower(), index)
    title = " ".join(f"{label}: {', '.join(map(str, countries)) or '-'}." for label, countries in series)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" width="{width // 2}" height="{height // 2}"',
        f' fill="{MAP_LAND}" stroke="#ffffff" stroke-width="0.8" stroke-linejoin="round">',
        f"<title>{escape(title)}</title>",
        f'<rect width="{width}" height="{height}" fill="#ffffff" stroke="none"/>',
        '<path d="' + "".join(d for code, d in sorted(paths.items()) if code not in shaded) + '"/>',
    ]
    for index in range(len(series)):
        colour = MAP_SERIES_COLOURS[index % len(MAP_SERIES_COLOURS)]
        codes = sorted(code for code, where in shaded.items() if where == index)
        outlines = "".join(paths.get(code, "") for code in codes)
        if outlines:
            parts.append(f'<path fill="{colour}" data-countries="{" ".join(codes)}" d="{outlines}"/>')
        parts += [
            f'<circle fill="{colour}" stroke="#1f2933" stroke-width="1.5" cx="{x}" cy="{y}" r="{r}"/>'
            for x, y, r in (markers[code] for code in codes if code in markers)
        ]
    parts.append("</svg>\n")
    return "".join(parts).encode()


def member_count_steps(memberships, until, founded=""):
    """[(day, label, certain count, certain + possible count)] from the first change to `until`, a row a change.

    Counted as the pages count: a disputed membership is never in the certain count, only in
    the possible one. One grouped query, whatever the number of memberships. The days are those on which
    MembershipQuerySet's rule changes its answer, read from the same four columns: certainly in force
    from its start's latest day until its end's earliest, possibly from its start's earliest day until
    its end's latest. A test holds every step to `with_certainty` on its day and the day before.

    A step's label is the date as its source gives it (an EDTF text, so no day is invented): "2024" from
    the first day of that year, "by 2024" from its last, the body's founding (`founded`) where a start
    "by" a day may begin (the coarsest when several meet on a day).
    """
    certain, upper, labels = defaultdict(int), defaultdict(int), {}
    before_any = 0  # possibly in force from before any day: a "by" start of an alliance with no founding date

    def label(day, side, by):
        # Called for several dates of thousands of rows: plain comparisons (min() with a key cost 30 ms).
        rank = (_PRECISION_RANK[side.precision], by)
        known = labels.get(day)
        if known is None or rank < known[0]:
            labels[day] = (rank, f"../{side.edtf}" if by else side.edtf)

    fields = ("start", "start_earliest", "start_latest", "end", "end_earliest", "end_latest", "disputed")
    rows = memberships.with_disputed().values_list(*fields).annotate(n=Count("id")).order_by()
    for start, start_earliest, start_latest, end, end_earliest, end_latest, disputed, n in rows:
        start, end = stored_span(start), stored_span(end) if end else Span(None, None)
        certain[start_latest] += 0  # a step even when it changes no count here: a chart of one disputed "by" member
        label(start_latest, start.upper, by=start.single is None or start.upper.precision != DatePrecision.DAY)
        if start_earliest == FAR_PAST:
            before_any += n
        else:
            upper[start_earliest] += n
            label(start_earliest, start.lower or stored_span(founded).lower, by=False)  # else the founding's
        if not disputed and start_latest < end_earliest:
            certain[start_latest] += n
            if end_earliest != FAR_FUTURE:
                certain[end_earliest] -= n
                label(end_earliest, end.lower, by=False)
        if end_latest != FAR_FUTURE:
            upper[end_latest] -= n
            label(end_latest, end.upper, by=end.single is None or end.upper.precision != DatePrecision.DAY)
    steps, now_certain, now_upper = [], 0, before_any
    for day in sorted(day for day in set(certain) | set(upper) if day <= until):
        now_certain += certain[day]
        now_upper += upper[day]
        if not steps or (steps[-1][2], steps[-1][3]) != (now_certain, now_upper):
            steps.append((day, labels[day][1], now_certain, now_upper))
    return steps


@dataclass
class StepChart:
    """A step chart of the headline count: the certain line, the band up to the possible count, the reported sizes."""

    height: int
    certain_path: str  # empty when no day had a certain count to draw
    band_path: str  # empty when no day had a possible member
    upper_path: str
    y_ticks: list  # [(y of the grid line, y of its label, count)]
    x_ticks: list  # [(x in % of the width, year, text-anchor)]
    steps: list  # [(date as its source gives it, certain count or None where not drawn, upper count, reported)]
    points: list = field(default_factory=list)  # [(x in % of the width, y, count, words)]: each reported size
    group: str = "members"  # the group counted (summaries.ROLE_GROUPS)
    complete: bool = True  # whether the list is known to be whole: else the line counts the listed

    @property
    def table_rows(self):
        """The rows of the table of the numbers behind the chart: one a step, often thousands, so written here."""
        return mark_safe(
            "".join(
                f'<tr><td>{escape(day)}</td><td class="num">{_cell(certain)}</td><td class="num">{_cell(upper)}</td>'
                + (f'<td class="num">{escape(_cell(reported))}</td>' if not self.complete else "")
                + "</tr>"
                for day, certain, upper, reported in self.steps
            )
        )

    @property
    def line_label(self):
        """ "Members, certainly"; "Adherents listed, certainly" where the list is not known to be whole."""
        label = GROUP_LABELS[self.group]
        if self.complete:
            return _("%(group)s, certainly") % {"group": label}
        return _("%(group)s listed, certainly") % {"group": label}


def _cell(value):
    return "–" if value is None else value


# The plot is drawn in a box 1000 wide that the page stretches to its width (the lines keep their
# thickness); the labels are outside it, in pixels, so they keep their size on a phone.
PLOT_WIDTH = 1000


def step_chart(steps, until, plot_height=180, sizes=(), complete=True, group=MEMBERS):
    """Coordinates of the step lines of the headline count, certain and possible, from the first change to `until`,
    and a marked point for each reported size (ReportedSize, up to `until`) so that its gap to the list shows.

    Where the list is not known to be whole (`complete` false) the certain line starts at the first listed member
    certainly in: before it, "certainly 0" would be the list's silence (a founding source that names the
    participants only by number), not the body's size.
    """
    sizes = [size for size in sizes if _size_count(size) is not None and size.as_of_latest <= until]
    if not steps and not sizes:
        return None
    top = 16  # room for the highest count's label above its grid line
    start = min([step[0] for step in steps[:1]] + [size.as_of_latest for size in sizes])
    span = max((until - start).days, 1)
    highest = max([step[3] for step in steps] + [_size_count(size) for size in sizes] + [1])

    def x(day):
        return round((day - start).days / span * PLOT_WIDTH, 1)

    def y(count):
        return round(top + (1 - count / highest) * (plot_height - top), 1)

    drawn = 0 if complete else next((i for i, step in enumerate(steps) if step[2]), len(steps))
    # Each step's x and each count's y written once for the three lines: a chart may have thousands of steps.
    counts = {step[2] for step in steps} | {step[3] for step in steps}
    xs, ys = [str(x(step[0])) for step in steps], {count: str(y(count)) for count in counts}
    certain_ys, upper_ys, end = [ys[step[2]] for step in steps], [ys[step[3]] for step in steps], str(x(until))
    certain, upper = _step_points(xs, certain_ys, end, str(y(0))), _step_points(xs, upper_ys, end, str(y(0)))
    line = _step_points(xs[drawn:], certain_ys[drawn:], end) if drawn < len(steps) else []
    band = ""
    if any(upper_count > certain_count for _day, _label, certain_count, upper_count in steps):
        band = "M" + " L".join(upper + certain[::-1]) + " Z"
    # At most five years labelled, at a round step (a phone's width holds five), from the first after the start.
    years = until.year - start.year
    step = next((step for step in (1, 2, 5, 10, 20, 50, 100, 1000) if years // step <= 5), -(-years // 5))
    x_ticks = []
    for year in range(start.year + 1, until.year + 1):
        if year % step:
            continue
        at = round(x(datetime.date(year, 1, 1)) / PLOT_WIDTH * 100, 2)
        x_ticks.append((at, year, "end" if at > 94 else "start" if at < 6 else "middle"))
    y_ticks = sorted({(y(value), round(y(value) - 4, 1), value) for value in (0, highest // 2, highest)}, reverse=True)
    show = span_words.in_active_language()
    rows = [
        (day, show(label), count if index >= drawn else None, upper_count, None)
        for index, (day, label, count, upper_count) in enumerate(steps)
    ]
    counted = COUNTED[group]
    rows += [(size.as_of_latest, show(size.as_of), None, None, size.size_text(counted)) for size in sizes]
    rows.sort(key=lambda row: row[0])
    points = [
        (
            round(x(size.as_of_latest) / PLOT_WIDTH * 100, 2),
            y(_size_count(size)),
            _size_count(size),
            _("reported: %(size)s (%(date)s)") % {"size": size.size_text(counted), "date": show(size.as_of)},
        )
        for size in sizes
    ]
    return StepChart(
        plot_height,
        "M" + " L".join(line) if line else "",
        band,
        "M" + " L".join(upper) if upper else "",
        y_ticks,
        x_ticks,
        [row[1:] for row in rows],
        points,
        group,
        complete,
    )


def _size_count(size):
    """The number a reported size is drawn at: its members, else its countries (GPAI's "44 countries")."""
    return size.members if size.members is not None else size.countries


def _step_points(xs, ys, end, first=None):
    """The corners of a step line through `xs` and `ys` (numbers as written) on to `end`: rising from `first` at its
    first x, or beginning at its first y."""
    points, previous = [], first
    for at, now in zip(xs, ys, strict=True):
        points += [at + "," + (now if previous is None else previous), at + "," + now]
        previous = now
    if points:
        points.append(end + "," + previous)
    return points


def chart_caption(alliance, until):
    """ "Adherents of the OECD AI Principles over time, up to 7 December 2026": what the chart counts."""
    return _("%(group)s of %(alliance)s over time, up to %(date)s") % {
        "group": GROUP_LABELS[role_group(alliance.principal_role)],
        "alliance": alliance.name,
        "date": format_partial_date(until, DatePrecision.DAY),
    }
