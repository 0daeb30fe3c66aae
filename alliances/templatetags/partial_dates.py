from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..dates import DateBound, format_partial_date, iso_partial_date
from ..phrases import end_reason_text

register = template.Library()


@register.simple_tag
def partial_date(value, precision, bound=DateBound.ON):
    """{% partial_date m.start_date m.start_precision m.start_bound %} → "December 2024", "by 11 December 2024"."""
    return format_partial_date(value, precision, bound or DateBound.ON)


@register.simple_tag
def iso_date(value, precision):
    """{% iso_date m.start_date m.start_precision %} → "2024", "2024-12" or "2024-12-11".

    The `datetime` of a <time> at the date's precision: machines read no day the source never gave.
    """
    return iso_partial_date(value, precision) or ""


@register.simple_tag
def time_tag(value, precision, bound=DateBound.ON):
    """A <time> of a partial date: its machine date at its precision, its words with their bound.

    "by 11 December 2024" keeps datetime="2024-12-11" (the day it is a bound of) and shows the "by".
    """
    if value is None:
        return ""
    return mark_safe(
        f'<time datetime="{iso_partial_date(value, precision)}">'
        f"{escape(format_partial_date(value, precision, bound or DateBound.ON))}</time>"
    )


@register.simple_tag
def membership_period(membership):
    """A membership's period with <time>s: "since <time>2024</time>", "<time>by 11 December 2024</time>", "a – b (why)".

    The words of `Membership.period_display`, each date in its <time>, then how it ended.
    """
    start = time_tag(membership.start_date, membership.start_precision, membership.start_bound)
    if membership.end_date:
        end = time_tag(membership.end_date, membership.end_precision, membership.end_bound)
        reason = end_reason_text(membership)
        return mark_safe(f"{start} – {end}" + (f" ({escape(reason)})" if reason else ""))
    if membership.start_bound == DateBound.BY:
        return start
    return mark_safe(escape(gettext("since %(start)s")) % {"start": start})
