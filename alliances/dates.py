"""Dates with a precision and a bound: the one place that stores, checks, parses, shows and compares them.

"Joined in 2024" is stored as 2024-01-01 with precision YEAR and shown as "2024": it denotes
every day of 2024, and a precise day is never invented. A date can also be a bound: "by 11
December 2024" (bound BY) says the event happened on or before that day, and nothing about how
long before. Every page, the admin, the API, imports and the rule "active on a day" use the
helpers here.
"""

import calendar
import datetime
import re
from typing import NamedTuple

from django.db import models
from django.db.models import Q
from django.utils import dateformat, formats
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from .per_language import per_language


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


class DateBound(models.TextChoices):
    ON = "on", _("on (within the date written)")
    BY = "by", _("by (on or before the date written; how long before is unknown)")


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


def bound_field(**kwargs):
    """The model field that says whether the date beside it is the event's date or a bound ("by")."""
    options = {
        "max_length": 2,
        "choices": DateBound.choices,
        "default": DateBound.ON,
        "help_text": _(
            "'on': it happened within the date written. 'by': it had happened by then (a source reports "
            "the state on that date); how long before is unknown."
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


def first_day(value, precision):
    """The first day a partial date covers: "December 2023" → 1 December 2023."""
    return truncate(value, precision)


def last_day(value, precision):
    """The last day a partial date covers: "December 2023" → 31 December 2023, "2024" → 31 December 2024."""
    if precision == DatePrecision.YEAR:
        return value.replace(month=12, day=31)
    if precision == DatePrecision.MONTH:
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
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


# Comparisons in SQL. A stored date is the first day of its period, so "the period's last day
# is before D" is "the stored date is before the first day of the period that holds D + 1",
# a plain comparison for each precision: no date arithmetic in the database, and an index on
# the date column still serves.


def _next_day(day):
    return day + datetime.timedelta(days=1)


def q_last_day_on_or_before(prefix, day):
    """Rows whose date `<prefix>_date` (at `<prefix>_precision`) covers no day after `day`: all of it is by then."""
    after = _next_day(day)
    date, precision = f"{prefix}_date", f"{prefix}_precision"
    return (
        Q(**{f"{date}__lt": truncate(after, DatePrecision.YEAR)})
        | Q(**{f"{date}__lt": truncate(after, DatePrecision.MONTH), f"{precision}__in": _MONTH_OR_FINER})
        | Q(**{f"{date}__lt": after, precision: DatePrecision.DAY})
    )


_MONTH_OR_FINER = (DatePrecision.MONTH, DatePrecision.DAY)


def q_first_day_on_or_before(prefix, day, earliest=None):
    """Rows whose date `<prefix>_date` may cover `day` or an earlier one.

    A "by" date may cover any day up to its last one: how early is unknown, unless `earliest`
    (a Q that holds when the day is not before what bounds the date from below) says more.
    """
    by = Q(**{f"{prefix}_bound": DateBound.BY})
    return (Q(**{f"{prefix}_date__lte": day}) & ~by) | (by & (earliest if earliest is not None else Q()))


def q_first_day_certainly_on_or_after(prefix, day):
    """Rows whose date `<prefix>_date` is known to cover no day before `day` (never so for a "by" date)."""
    return Q(**{f"{prefix}_date__gte": day}) & ~Q(**{f"{prefix}_bound": DateBound.BY})


@per_language(maxsize=16384)  # a few thousand distinct days a page set shows; Django's date_format is slow
def format_partial_date(value, precision, bound=DateBound.ON):
    """Show a date at its precision, in the active language: "2024", "December 2024", "by 11 December 2024"."""
    if value is None:
        return ""
    if bound == DateBound.BY:
        return _("by %(date)s") % {"date": _shown_in_a_phrase(value, precision)}
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        return formats.date_format(value, "YEAR_MONTH_FORMAT")
    return formats.date_format(value, "DATE_FORMAT")


def _shown_in_a_phrase(value, precision):
    """A date inside a sentence ("by …"): Russian puts a month in the genitive there ("декабря 2024 г.")."""
    if precision == DatePrecision.YEAR:
        return str(value.year)
    if precision == DatePrecision.MONTH:
        # Translators: a month and year inside "by …"; Django's format characters (E: month in the genitive).
        return dateformat.format(value, pgettext("month and year after 'by'", "F Y"))
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


def written_partial_date(value, precision, bound=DateBound.ON):
    """A date as a curator writes it and the parser reads it back: "2024-12", "by 2024-12-11"; "" for none."""
    text = iso_partial_date(value, precision)
    if text is None:
        return ""
    return f"by {text}" if bound == DateBound.BY else text


class PartialDate(NamedTuple):
    value: datetime.date
    precision: str
    bound: str = DateBound.ON


_PARTIAL_DATE = re.compile(r"^\s*(?:(by)\s+)?(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$", re.IGNORECASE)
# Day-first or month-first numbers with slashes or dots: 11/12/2024 is 11 December in Europe, 12 November in the US.
_AMBIGUOUS = re.compile(r"^\s*(?:by\s+)?(\d{1,2})[./](\d{1,2})[./](\d{2,4})\s*$", re.IGNORECASE)


def parse_partial_date(text, *, bound_allowed=True):
    """Read "2024", "2024-12", "2024-12-11" or "by 2024-12-11" as a PartialDate (first day, precision, bound).

    Raises ValueError with a message that says what was wrong and shows the form to write; "by"
    too where the date cannot be a bound (`bound_allowed` False: the model keeps no bound for it).
    The admin, the import and the API's writes all read dates here.
    """
    match = _PARTIAL_DATE.match(text or "")
    if not match:
        ambiguous = _AMBIGUOUS.match(text or "")
        if ambiguous:
            raise ValueError(
                _(
                    "'%(text)s' could be read day-first or month-first: write the year first, "
                    "as 2024-12-11 (year-month-day), 2024-12 or 2024."
                )
                % {"text": text}
            )
        raise ValueError(
            _("'%(text)s' is not a date: write 2024, 2024-12, 2024-12-11 or by 2024-12-11.") % {"text": text}
        )
    by, year, month, day = match.groups()
    year, month, day = (int(part) if part else None for part in (year, month, day))
    try:
        value = datetime.date(year, month or 1, day or 1)
    except ValueError:
        raise ValueError(_("'%(text)s' is not a date that exists.") % {"text": text.strip()}) from None
    if by and not bound_allowed:
        raise ValueError(_("'%(text)s': this date cannot be a bound; write the date itself.") % {"text": text.strip()})
    bound = DateBound.BY if by else DateBound.ON
    if day:
        return PartialDate(value, DatePrecision.DAY, bound)
    if month:
        return PartialDate(value, DatePrecision.MONTH, bound)
    return PartialDate(value, DatePrecision.YEAR, bound)


def how_to_write(help_text="", *, bound_allowed):
    """A date field's help text followed by how to write the date (the forms parse_partial_date reads)."""
    hint = (
        _(
            "Year first: 2024, 2024-12 or 2024-12-11; “by 2024-12-11” when the source says only that it had "
            "happened by then."
        )
        if bound_allowed
        else _("Year first: 2024, 2024-12 or 2024-12-11.")
    )
    return format_lazy("{} {}", help_text, hint) if help_text else hint


class PartialDateFields(NamedTuple):
    """The fields that hold one partial date: the date, its precision, its bound (None where the model keeps none)."""

    date: str
    precision: str
    bound: str | None


def partial_date_fields(model):
    """Every partial date of `model`: "start_date" is kept with "start_precision" (and "start_bound"), "as_of" with
    "as_of_precision", "date" with "date_precision". A date without a precision field beside it is not one."""
    names = {field.name for field in model._meta.get_fields()}
    found = []
    for field in model._meta.get_fields():
        if not isinstance(field, models.DateField) or isinstance(field, models.DateTimeField):
            continue
        stem = field.name.removesuffix("_date")
        precision, bound = f"{stem}_precision", f"{stem}_bound"
        if precision in names:
            found.append(PartialDateFields(field.name, precision, bound if bound in names else None))
    return found


def partial_date_get(instance, fields):
    """The PartialDate that `instance`'s `fields` (PartialDateFields) hold, or None when there is no date."""
    value = getattr(instance, fields.date)
    if value is None:
        return None
    bound = getattr(instance, fields.bound) if fields.bound else ""
    return PartialDate(value, getattr(instance, fields.precision) or DatePrecision.DAY, bound or DateBound.ON)


def partial_date_set(instance, fields, partial):
    """Store `partial` (a PartialDate, or None for no date) in `instance`'s `fields` (PartialDateFields).

    With no date, a precision or bound that may be blank becomes blank; one that may not keeps its value.
    """
    value, precision, bound = partial if partial is not None else (None, "", "")
    setattr(instance, fields.date, value)
    for name, part in ((fields.precision, precision), (fields.bound, bound)):
        if name and (value is not None or instance._meta.get_field(name).blank):
            setattr(instance, name, part)
