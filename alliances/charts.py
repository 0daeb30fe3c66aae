"""The alliance page's pictures, drawn on the server as SVG: a world map and a member-count chart.

The map's country outlines are pygal-maps-world's, simplified once (scripts/simplify-world-map)
into alliances/maps/world.svg; the chart is small enough to draw by hand. No script, nothing
from another site, and the same bytes for the same data: no random ids, no date.
"""

import datetime
import functools
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path

from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from .dates import DatePrecision, format_partial_date

PRECISION_ORDER = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY]
_COARSENESS = {str(precision): rank for rank, precision in enumerate(PRECISION_ORDER)}  # 0 for the coarsest

WORLD = Path(__file__).parent / "maps" / "world.svg"
# Countries in no series, then each series in turn (site.css's swatches have the same colours).
MAP_LAND = "#d5dbe1"
MAP_SERIES_COLOURS = ("#8a1c17", "#e8a49c", "#4a6fa5")


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


def member_count_steps(memberships, until):
    """[(day, precision, count)] each day the number of members changed, up to and including `until`.

    Two grouped queries, whatever the number of memberships. A day that some source gives
    only to the month or year keeps the coarsest precision, so no day is invented.
    """
    changes = {}

    finest = str(DatePrecision.DAY)

    def note(day, precision, delta):
        # Called for every day of thousands of memberships: plain comparisons of ranks (min() with a key cost 30 ms).
        known, previous = changes.get(day, (0, finest))
        changes[day] = (known + delta, precision if _COARSENESS[precision] < _COARSENESS[previous] else previous)

    starts = memberships.filter(start_date__lte=until).values("start_date", "start_precision")
    for row in starts.annotate(n=Count("id")).order_by():
        note(row["start_date"], row["start_precision"], row["n"])
    ends = memberships.filter(end_date__lte=until).values("end_date", "end_precision")
    for row in ends.annotate(n=Count("id")).order_by():
        note(row["end_date"], row["end_precision"], -row["n"])
    steps, count = [], 0
    for day in sorted(changes):
        delta, precision = changes[day]
        count += delta
        steps.append((day, precision, count))
    return steps


@dataclass
class StepChart:
    width: int
    height: int
    path: str
    y_ticks: list
    x_ticks: list
    steps: list  # [(day as shown, member count)]

    @property
    def table_rows(self):
        """The rows of the table of the numbers behind the chart: one a step, often thousands, so written here."""
        return mark_safe("".join(f"<tr><td>{escape(day)}</td><td>{count}</td></tr>" for day, count in self.steps))


def step_chart(steps, until, width=640, height=220):
    """Coordinates of a step line of the member count from its first change to `until`."""
    if not steps:
        return None
    left, right, top, bottom = 40, 16, 12, 28
    start = steps[0][0]
    span = max((until - start).days, 1)
    highest = max(max(count for _day, _precision, count in steps), 1)

    def x(day):
        return round(left + (day - start).days / span * (width - left - right), 1)

    def y(count):
        return round(top + (1 - count / highest) * (height - top - bottom), 1)

    points, previous = [], y(0)
    for day, _precision, count in steps:
        at, height_now = x(day), y(count)
        points += [f"{at},{previous}", f"{at},{height_now}"]
        previous = height_now
    points.append(f"{x(until)},{previous}")
    years = range(start.year + 1, until.year + 1)
    stride = max(1, len(years) // 6)
    x_ticks = [(x(datetime.date(year, 1, 1)), year) for year in list(years)[::stride]]
    y_ticks = sorted({(y(value), value) for value in (0, highest // 2, highest)}, reverse=True)
    show = format_partial_date.in_active_language()
    rows = [(show(day, precision), count) for day, precision, count in steps]
    return StepChart(width, height, "M" + " L".join(points), y_ticks, x_ticks, rows)


def chart_caption(alliance, until):
    return _("Members of %(alliance)s over time, up to %(date)s") % {
        "alliance": alliance.name,
        "date": format_partial_date(until, DatePrecision.DAY),
    }
