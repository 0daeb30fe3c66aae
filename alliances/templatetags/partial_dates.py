from django import template

from ..dates import format_partial_date, iso_partial_date

register = template.Library()


@register.simple_tag
def partial_date(value, precision):
    """{% partial_date m.start_date m.start_precision %} → "2024", "December 2024" or "11 December 2024"."""
    return format_partial_date(value, precision)


@register.simple_tag
def iso_date(value, precision):
    """{% iso_date m.start_date m.start_precision %} → "2024", "2024-12" or "2024-12-11".

    The `datetime` of a <time> at the date's precision: machines read no day the source never gave.
    """
    return iso_partial_date(value, precision) or ""
