"""Dates as sources give them: the one place that reads, stores, writes and shows them.

A date is an interval of days, the earliest and the latest day it can be (DESIGN.md, "Time").
"2024-12-11" is that day; "2024-12" every day of December 2024; "../2024-12-11" ("by 11 December
2024") any day up to the 11th; "2021-06/2021-11" any day from June to November 2021. Curators, the
register's files, the API and the CSV write them in the Library of Congress Extended Date/Time
Format (EDTF), read here by the `edtf` library; the forms of before ("by 2024-12-11") are still
read. A model keeps the text as written and its two days in date columns beside it, so the
database answers "in force on D" with two comparisons (models/membership.py).

A date of a statement (an announcement's date) is one date at its precision, never an interval:
`PartialDate`. A start, an end, a founding or a size's day is a `Span`.
"""

import calendar
import datetime
import functools
import re
from dataclasses import dataclass
from enum import Enum
from typing import NamedTuple

from babel.dates import format_date, format_skeleton, get_month_names
from django.db import models
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, pgettext
from django.utils.translation import gettext_lazy as _
from edtf import parse_edtf
from edtf.parser.edtf_exceptions import EDTFParseException
from edtf.parser.parser_classes import (
    Date,
    Interval,
    Level1Interval,
    UncertainOrApproximate,
    UnspecifiedIntervalSection,
)

from .per_language import per_language

# The days a column holds where a date has no end on one side: no lower end known at all, or none
# above ("ongoing"). Kept in the columns so that the rule is two comparisons; never shown (`shown_day`).
FAR_PAST = datetime.date.min
FAR_FUTURE = datetime.date.max
# The last day a page or the API answers about ("as of"): FAR_FUTURE stands for "no end", so the day
# before it is the last on which "not yet ended" can be asked.
LAST_ANSWERED_DAY = datetime.date(9998, 12, 31)


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


def precision_field(**kwargs):
    """The model field that says how much of a statement's date beside it is known."""
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


class PartialDate(NamedTuple):
    """One date at the precision its source gives: "2024", "2024-12", "2024-12-11" (kept as its first day)."""

    value: datetime.date
    precision: str

    @property
    def first(self):
        return first_day(self.value, self.precision)

    @property
    def last(self):
        return last_day(self.value, self.precision)

    @property
    def edtf(self):
        return iso_partial_date(self.value, self.precision)


@dataclass(frozen=True)
class Span:
    """A date as an interval of days: its lower side and its upper side, each a PartialDate or None (open).

    A plain date is both sides at once ("2024-12"); "by 11 December 2024" has no lower side
    ("../2024-12-11"); "between June and November 2021" has both ("2021-06/2021-11").
    """

    lower: PartialDate | None
    upper: PartialDate | None

    @property
    def earliest(self):
        """The first day it can be, or None when nothing bounds it from below."""
        return self.lower.first if self.lower else None

    @property
    def latest(self):
        """The last day it can be, or None when nothing bounds it from above."""
        return self.upper.last if self.upper else None

    @property
    def single(self):
        """The one date it is ("2024-12"), or None for an interval."""
        return self.lower if self.lower == self.upper else None

    @property
    def edtf(self):
        """How the register writes it: "2024-12", "../2024-12-11", "2021-06/2021-11", "2024-12-11/..".

        `str(span)` says the same.
        """
        if self.single:
            return self.single.edtf
        return f"{self.lower.edtf if self.lower else '..'}/{self.upper.edtf if self.upper else '..'}"

    __str__ = edtf.fget

    def days(self, floor=None):
        """(earliest, latest) as the columns keep them: an open lower side is `floor` (what else bounds it:
        the body's founding for a start, the start for an end) or FAR_PAST; an open upper side FAR_FUTURE."""
        latest = self.latest or FAR_FUTURE
        earliest = self.earliest or (min(floor, latest) if floor else FAR_PAST)  # a floor past the date bounds nothing
        return earliest, latest


def shown_day(day):
    """A column's day as the API and the downloads give it: None for FAR_PAST and FAR_FUTURE (no such end)."""
    return None if day in (None, FAR_PAST, FAR_FUTURE) else day


# Reading. One parser for the admin, the import, the register's files and the API's writes.

_OLD_FORM = re.compile(r"^\s*by\s+(\S+)\s*$", re.IGNORECASE)  # "by 2024-12-11", as written before EDTF
# Day-first or month-first numbers with slashes or dots: 11/12/2024 is 11 December in Europe, 12 November in the US.
_AMBIGUOUS = re.compile(r"^\s*(?:by\s+)?(\d{1,2})[./](\d{1,2})[./](\d{2,4})\s*$", re.IGNORECASE)
_FORMS = "2024, 2024-12, 2024-12-11, ../2024-12-11 (by), 2021-06/2021-11 (between) or 2024-12-11/.. (on or after)"


class DateTextError(ValueError):
    """A text that is no date the register can keep; its message says what was wrong and the forms to write."""


@functools.lru_cache(maxsize=16384)  # a page shows the same few hundred dates again and again
def parse_span(text):
    """Read a date as a Span: EDTF ("2024", "2024-12", "2024-12-11", "../2024-12-11", "2021-06/2021-11",
    "2024-12-11/..") or the form of before, "by 2024-12-11". Raises DateTextError."""
    text = (text or "").strip()
    old = _OLD_FORM.match(text)
    edtf_text = f"../{old.group(1)}" if old else text
    try:
        parsed = parse_edtf(edtf_text)
    except (EDTFParseException, ValueError, TypeError):
        raise _not_a_date(text) from None
    if isinstance(parsed, Date):
        side = _partial(parsed, text)
        return Span(side, side)
    if isinstance(parsed, Interval | Level1Interval):
        span = Span(_side(parsed.lower, text), _side(parsed.upper, text))
        if span.lower is None and span.upper is None:
            raise DateTextError(_("'%(text)s' gives no day at all: write at least one side.") % {"text": text})
        if span.lower and span.upper and span.lower.first > span.upper.last:
            raise DateTextError(_("'%(text)s' ends before it begins: write the earlier date first.") % {"text": text})
        return span
    raise _unsupported(text)


_STORED_SIDE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


@functools.lru_cache(maxsize=4096)  # a page shows a few hundred; a whole CSV passes through
def stored_span(text):
    """The Span of a text the register stored: written by `Span.edtf` after `parse_span` read and checked it.

    Decoded here rather than by the EDTF library, which takes about 10 ms a date: a cold page shows
    hundreds. A text in any other form is read by `parse_span`; a day (a `date`) is that day.
    """
    if isinstance(text, datetime.date):
        text = text.isoformat()
    sides = []
    for side in (text or "").split("/"):
        match = _STORED_SIDE.fullmatch(side)
        if side == "..":
            sides.append(None)
        elif match:
            year, month, day = match.groups()
            precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
            sides.append(PartialDate(datetime.date(int(year), int(month or 1), int(day or 1)), precision))
        else:
            return parse_span(text)
    return Span(sides[0], sides[-1]) if len(sides) in (1, 2) else parse_span(text)


def parse_partial_date(text):
    """Read one date at its precision ("2024", "2024-12", "2024-12-11") as a PartialDate: a statement's date,
    which is never an interval. Raises DateTextError."""
    span = parse_span(text)
    if span.single is None:
        raise DateTextError(
            _("'%(text)s': this date is one date, not a bound or an interval: write 2024, 2024-12 or 2024-12-11.")
            % {"text": (text or "").strip()}
        )
    return span.single


def _not_a_date(text):
    if _AMBIGUOUS.match(text):
        return DateTextError(
            _(
                "'%(text)s' could be read day-first or month-first: write the year first, "
                "as 2024-12-11 (year-month-day), 2024-12 or 2024."
            )
            % {"text": text}
        )
    if re.match(r"^\s*\d{4}-\d{1,2}(-\d{1,2})?\s*$", text):
        return DateTextError(_("'%(text)s' is not a date that exists.") % {"text": text})
    return DateTextError(_("'%(text)s' is not a date: write %(forms)s.") % {"text": text, "forms": _FORMS})


def _unsupported(text):
    return DateTextError(
        _(
            "'%(text)s' is EDTF the register does not keep (uncertain or approximate dates, seasons, "
            "unspecified digits, sets, times): write %(forms)s."
        )
        % {"text": text, "forms": _FORMS}
    )


def _side(section, text):
    if isinstance(section, UnspecifiedIntervalSection):
        if section.is_open:
            return None
        raise DateTextError(
            _("'%(text)s' leaves a side empty: write '..' for a side no source bounds.") % {"text": text}
        )
    if isinstance(section, UncertainOrApproximate) and section.ua is None:
        section = section.date
    if isinstance(section, Date):
        return _partial(section, text)
    raise _unsupported(text)


def _partial(date, text):
    if type(date) is not Date or not re.fullmatch(r"\d{4}", date._year or "") or date._year == "0000":
        raise _unsupported(text)
    year, month, day = int(date._year), date._month, date._day
    try:
        value = datetime.date(year, int(month or 1), int(day or 1))
    except ValueError:
        raise DateTextError(_("'%(text)s' is not a date that exists.") % {"text": text}) from None
    precision = DatePrecision.DAY if day else DatePrecision.MONTH if month else DatePrecision.YEAR
    return PartialDate(value, precision)


def how_to_write(help_text="", *, span=True):
    """A date field's help text followed by how to write the date (the forms parse_span reads)."""
    hint = (
        _(
            "Year first, as exactly as the source: 2024, 2024-12 or 2024-12-11; ../2024-12-11 when it had happened "
            "by then (how long before is unknown); 2021-06/2021-11 between two dates (EDTF)."
        )
        if span
        else _("Year first: 2024, 2024-12 or 2024-12-11.")
    )
    return format_lazy("{} {}", help_text, hint) if help_text else hint


# Writing and showing.


def iso_partial_date(value, precision):
    """The reduced-precision ISO 8601 form that Popolo and CSV readers expect: "2024", "2024-12", "2024-12-11"."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


class DateCase(Enum):
    """The grammatical case a date takes in a sentence; Russian declines a month's name, English does not.

    NOMINATIVE: on its own ("December 2024", «декабрь 2024 г.»); GENITIVE: after "since", "by", "from"
    («с декабря 2024 г.»); LOCATIVE: after "in" («в декабре 2024 г.»); ACCUSATIVE: after "as of", "to"
    («на декабрь 2024 г.»).
    """

    NOMINATIVE = "nominative"
    GENITIVE = "genitive"
    LOCATIVE = "locative"
    ACCUSATIVE = "accusative"


_BABEL_LOCALES = {"en": "en_GB", "ru": "ru"}  # English dates read "11 December 2024", unambiguous everywhere


def _locale():
    return _BABEL_LOCALES.get((get_language() or "en").split("-")[0], "en_GB")


@per_language(maxsize=16384)  # a few thousand distinct dates a page set shows
def partial_date_words(value, precision, case=DateCase.NOMINATIVE):
    """One date at its precision in the active language and the case its sentence needs:
    "2024", "December 2024", "11 December 2024"; «с декабря 2024 г.» is GENITIVE."""
    if value is None:
        return ""
    # CLDR puts a narrow no-break space before «г.»; the site writes a plain space, as text is copied.
    return _partial_date_words(value, precision, case).replace("\u202f", " ")


def _partial_date_words(value, precision, case):
    locale = _locale()
    if precision == DatePrecision.YEAR:
        return format_skeleton("y", value, locale=locale)
    if precision == DatePrecision.DAY:
        return format_date(value, "long", locale=locale)  # a day's month is in the form a day takes
    nominative = format_skeleton("yMMMM", value, locale=locale)
    standalone = get_month_names("wide", "stand-alone", locale)[value.month]
    if case in (DateCase.NOMINATIVE, DateCase.ACCUSATIVE) or standalone not in nominative:
        return nominative  # a month's accusative is its nominative in Russian; English never declines
    genitive = get_month_names("wide", "format", locale)[value.month]  # CLDR's month within a date: «декабря»
    if case == DateCase.LOCATIVE:
        # CLDR has no locative; every Russian month forms it from the genitive: «декабря» → «декабре», «мая» → «мае».
        genitive = re.sub(r"[ая]$", "е", genitive)
    return nominative.replace(standalone, genitive)


def format_partial_date(value, precision):
    """A statement's date at its precision, in the active language: "2024", "December 2024", "11 December 2024"."""
    return partial_date_words(value, precision)


@per_language(maxsize=16384)
def span_words(text, case=DateCase.NOMINATIVE):
    """A Span's EDTF text in words, in the active language: "December 2024", "by 11 December 2024",
    "between June and November 2021", "on or after 3 September 2025"; "" for no date."""
    return _span_words(text, case, lambda side, words: words)


@per_language(maxsize=16384)
def span_html(text, case=DateCase.NOMINATIVE):
    """As `span_words`, each date a <time> a machine reads at its precision:
    'by <time datetime="2024-12-11">11 December 2024</time>'."""
    return mark_safe(
        _span_words(
            text, case, lambda side, words: f'<time datetime="{side.edtf}">{escape(words)}</time>', escape=escape
        )
    )


def is_one_date(text):
    """True when the stored text is one date ("2024-12"), not a bound or an interval; a text that is no date, too
    (written past validation: shown as it stands)."""
    try:
        return stored_span(text).single is not None
    except DateTextError:
        return True


def _span_words(text, case, mark, escape=str):
    if not text:
        return ""
    try:
        span = stored_span(text)
    except DateTextError:
        return escape(text)  # written past validation: shown as it stands, never a failed page
    if span.single:
        return mark(span.single, partial_date_words(*span.single, case))
    if span.lower is None:
        return escape(gettext("by %(date)s")) % {
            "date": mark(span.upper, partial_date_words(*span.upper, DateCase.GENITIVE))
        }
    if span.upper is None:
        return escape(gettext("on or after %(date)s")) % {
            "date": mark(span.lower, partial_date_words(*span.lower, DateCase.GENITIVE))
        }
    first, last = _between_parts(span)
    # Translators: a date known only to lie between two others; Russian: «в период с июня по ноябрь 2021 г.».
    words = escape(pgettext("a date between two others", "between %(first)s and %(last)s"))
    return words % {"first": mark(span.lower, first), "last": mark(span.upper, last)}


def _between_parts(span):
    """The two sides' words, the year (and month) said once where they share it: "June" and "November 2021",
    "3" and "12 December 2025"; each in the case Russian puts it in («с июня по ноябрь 2021 г.»)."""
    lower, upper = span.lower, span.upper
    first, last = partial_date_words(*lower, DateCase.GENITIVE), partial_date_words(*upper, DateCase.ACCUSATIVE)
    if lower.value.year != upper.value.year or DatePrecision.YEAR in (lower.precision, upper.precision):
        return first, last
    locale = _locale()
    if lower.precision == DatePrecision.MONTH:
        return _without(first, format_skeleton("y", lower.value, locale=locale)), last
    if upper.precision == DatePrecision.DAY and lower.value.month == upper.value.month:
        return str(lower.value.day), last
    return format_skeleton("MMMMd", lower.value, locale=locale), last


def _without(words, year):
    """ "June 2021" → "June"; «июня 2021 г.» → «июня»."""
    index = words.find(year)
    return words[:index].strip() if index > 0 else words


# A statement's date in a model: "<stem>_date" with "<stem>_precision" beside it (an announcement's
# date and its own publication date). The admin's and the API's one box a date read them here.


class PartialDateFields(NamedTuple):
    """The fields that hold one statement's date: the date and its precision."""

    date: str
    precision: str


def partial_date_fields(model):
    """Every statement's date of `model`: "date" is kept with "date_precision", "published_date" with
    "published_precision". A date without a precision field beside it is not one."""
    names = {field.name for field in model._meta.get_fields()}
    found = []
    for field in model._meta.get_fields():
        if not isinstance(field, models.DateField) or isinstance(field, models.DateTimeField):
            continue
        precision = f"{field.name.removesuffix('_date')}_precision"
        if precision in names:
            found.append(PartialDateFields(field.name, precision))
    return found


def partial_date_get(instance, fields):
    """The PartialDate that `instance`'s `fields` hold, or None when there is no date."""
    value = getattr(instance, fields.date)
    if value is None:
        return None
    return PartialDate(value, getattr(instance, fields.precision) or DatePrecision.DAY)


def partial_date_set(instance, fields, partial):
    """Store `partial` (a PartialDate, or None for no date) in `instance`'s `fields`; with no date, a precision
    that may be blank becomes blank."""
    value, precision = partial if partial is not None else (None, "")
    setattr(instance, fields.date, value)
    if value is not None or instance._meta.get_field(fields.precision).blank:
        setattr(instance, fields.precision, precision)


def written_partial_date(value, precision):
    """A statement's date as a curator writes it and the parser reads it back: "2024-12"; "" for none."""
    return iso_partial_date(value, precision) or ""
