from html import escape

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from ..dates import DateCase, is_one_date, iso_partial_date, partial_date_words, span_html
from ..phrases import end_reason_text

register = template.Library()


@register.simple_tag
def iso_date(value, precision):
    """{% iso_date a.date a.date_precision %} → "2024", "2024-12" or "2024-12-11".

    The `datetime` of a <time> at the date's precision: machines read no day the source never gave.
    """
    return iso_partial_date(value, precision) or ""


@register.simple_tag
def time_tag(value, precision):
    """A <time> of a statement's date: its machine date at its precision, its words ("December 2024")."""
    if value is None:
        return ""
    return mark_safe(
        f'<time datetime="{iso_partial_date(value, precision)}">{escape(partial_date_words(value, precision))}</time>'
    )


@register.simple_tag
def date_span(text):
    """{% date_span m.start %} → '<time datetime="2024-12">December 2024</time>', 'by <time …>…</time>',
    'between <time …>June</time> and <time …>November 2021</time>'."""
    return span_html(text)


@register.simple_tag
def membership_period(membership):
    """A membership's period with <time>s: "since <time>2024</time>", "by <time>11 December 2024</time>", "a – b (why)".

    The words of `Membership.period_display`, each date in its <time>, then how it ended.
    """
    start = span_html(membership.start)
    if membership.end:
        reason = end_reason_text(membership)
        return mark_safe(f"{start} – {span_html(membership.end)}" + (f" ({escape(reason)})" if reason else ""))
    if not is_one_date(membership.start):
        return start
    return mark_safe(escape(gettext("since %(start)s")) % {"start": span_html(membership.start, DateCase.GENITIVE)})
