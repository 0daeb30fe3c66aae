from django import template

from ..dates import format_partial_date

register = template.Library()


@register.simple_tag
def partial_date(value, precision):
    """{% partial_date m.start_date m.start_precision %} → "2024", "December 2024" or "11 December 2024"."""
    return format_partial_date(value, precision)
