"""The alliance page's pictures, drawn on the server as SVG: a world map and a member-count chart.

Country shapes come from pygal-maps-world; the chart is small enough to draw by hand.
No script and nothing from another site: pygal's JavaScript is switched off.
"""

import datetime
from dataclasses import dataclass
from html import escape
from xml.etree import ElementTree

from django.db.models import Count
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style
from pygal_maps_world.maps import World

from .dates import DatePrecision, format_partial_date

PRECISION_ORDER = [DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY]
_COARSENESS = {str(precision): rank for rank, precision in enumerate(PRECISION_ORDER)}  # 0 for the coarsest

MAP_STYLE = Style(
    background="#ffffff",
    plot_background="#ffffff",
    foreground="#1f2933",
    foreground_strong="#1f2933",
    foreground_subtle="#52606d",
    colors=("#8a1c17", "#e8a49c"),
)
MAP_WIDTH, MAP_HEIGHT = 1000, 500


def world_map_svg(series):
    """The world map as SVG bytes; `series` is [(label, ISO alpha-2 codes)], each shaded in its own colour."""
    chart = World(
        js=[],
        style=MAP_STYLE,
        show_legend=False,
        width=MAP_WIDTH,
        height=MAP_HEIGHT,
        margin=0,
        spacing=0,
        title=None,
    )
    for label, codes in series:
        chart.add(label, {code.lower(): 1 for code in codes})
    tree = chart.render_tree()
    # pygal inlines its configuration as a <script> even when no script file is linked: drop it.
    for parent in list(tree.iter()):
        for child in [child for child in parent if str(child.tag).endswith("script")]:
            parent.remove(child)
    return ElementTree.tostring(tree, encoding="utf-8", xml_declaration=True)


def member_count_steps(memberships, until):
    """[(day, precision, count)] each day the number of members changed, up to and including `until`.

    Two grouped queries, whatever the number of memberships. A day that some source gives
    only to the month or year keeps the coarsest precision, so no day is invented.
    """
    changes = {}

    def note(day, precision, delta):
        known, previous = changes.get(day, (0, DatePrecision.DAY))
        coarsest = min(previous, precision, key=_COARSENESS.__getitem__)
        changes[day] = (known + delta, coarsest)

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
