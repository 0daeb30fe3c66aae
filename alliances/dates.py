"""Dates with a precision: the one place that stores, checks, parses and shows them.

"Joined in 2024" is stored as 2024-01-01 with precision YEAR and shown as "2024";
a precise day is never invented. Every page, the admin, the API and imports use the
helpers here.
"""

import datetime
import re

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .caching.per_language import per_language


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def precision_field(**kwargs):
    """The model field that says how much of the date beside it is known."""
    options = {
        "max_length": 5,
        "choices": DatePrecision.choices,
        "default": DatePrecision.DAY,
        "help_text": _(
            "How much of the date is known. For 'year', enter 1 January of that year; "
            "for 'month', the first day of that month."
        ),
    }
    options.update(kwargs)
    return models.CharField(**options)


def truncate(value, precision):
    """The first day of the period that `value` falls in at `precision`."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    return value


def precision_error(value, precision):
    """A curator-readable message when `value` is not stored as its precision requires."""
    if value is None or not precision or truncate(value, precision) == value:
        return None
    if precision == DatePrecision.YEAR:
        return _("A date known only to the year is stored as 1 January of that year (%(date)s).") % {
            "date": truncate(value, precision).isoformat()
        }
    return _("A date known only to the month is stored as the first day of that month (%(date)s).") % {
        "date": truncate(value, precision).isoformat()
    }


@per_language(maxsize=16384)  # a few thousand distinct days a page set shows; Django's date_format is slow
def format_partial_date(value, precision):
    """Show a date at its precision, in the active language: "2024", "December 2024", "11 December 2024"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def iso_partial_date(value, precision):
    """The reduced-precision ISO 8601 form that Popolo and CSV readers expect: "2024", "2024-12", "2024-12-11"."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


_PARTIAL_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_partial_date(text):
    """Read "2024", "2024-12" or "2024-12-11" as (first day, precision).

    Raises ValueError with a message that says what was wrong.
    """
    match = _PARTIAL_DATE.match(text or "")
    if not match:
        raise ValueError(_("'%(text)s' is not a date: write 2024, 2024-12 or 2024-12-11.") % {"text": text})
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        value = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(_("'%(text)s' is not a date that exists.") % {"text": text}) from None
    if day:
        return value, DatePrecision.DAY
    if month:
        return value, DatePrecision.MONTH
    return value, DatePrecision.YEAR
