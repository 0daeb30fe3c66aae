import datetime

import pytest
from django.utils import translation

from alliances.dates import (
    DateBound,
    DatePrecision,
    PartialDate,
    first_day,
    format_partial_date,
    iso_partial_date,
    last_day,
    parse_partial_date,
    partial_date_fields,
    partial_date_get,
    partial_date_set,
    precision_error,
    written_partial_date,
)
from alliances.models import Alliance, Announcement, Membership, ReportedSize

DAY = datetime.date(2024, 12, 11)


@pytest.mark.parametrize(
    ("language", "value", "precision", "shown"),
    [
        ("en", DAY, DatePrecision.DAY, "11 December 2024"),
        ("en", datetime.date(2024, 12, 1), DatePrecision.MONTH, "December 2024"),
        ("en", datetime.date(2024, 1, 1), DatePrecision.YEAR, "2024"),
        ("ru", DAY, DatePrecision.DAY, "11 декабря 2024 г."),
        ("ru", datetime.date(2024, 12, 1), DatePrecision.MONTH, "Декабрь 2024 г."),
        ("ru", datetime.date(2024, 1, 1), DatePrecision.YEAR, "2024"),
    ],
)
def test_a_date_is_shown_at_its_precision_in_each_language(language, value, precision, shown):
    with translation.override(language):
        assert format_partial_date(value, precision) == shown


def test_a_year_is_never_shown_as_the_first_of_january():
    with translation.override("en"):
        shown = format_partial_date(datetime.date(2024, 1, 1), DatePrecision.YEAR)
    assert "January" not in shown
    assert shown == "2024"


def test_no_date_shows_nothing():
    assert format_partial_date(None, DatePrecision.DAY) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", PartialDate(datetime.date(2024, 1, 1), DatePrecision.YEAR, DateBound.ON)),
        ("2024-12", PartialDate(datetime.date(2024, 12, 1), DatePrecision.MONTH, DateBound.ON)),
        ("2024-12-11", PartialDate(DAY, DatePrecision.DAY, DateBound.ON)),
        (" 2024-3 ", PartialDate(datetime.date(2024, 3, 1), DatePrecision.MONTH, DateBound.ON)),
        ("by 2024-12-11", PartialDate(DAY, DatePrecision.DAY, DateBound.BY)),
        ("By  2024-12", PartialDate(datetime.date(2024, 12, 1), DatePrecision.MONTH, DateBound.BY)),
    ],
)
def test_partial_dates_parse_with_the_precision_and_bound_written(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12/11/2024", "day-first or month-first"),
        ("11.12.2024", "day-first or month-first"),
        ("31/12/2024", "write the year first"),
        ("2024-13", "exists"),
        ("", "not a date"),
        ("before 2024", "not a date"),
    ],
)
def test_bad_partial_dates_say_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_partial_date(text)


@pytest.mark.parametrize(
    ("value", "precision", "first", "last"),
    [
        (datetime.date(2023, 12, 1), DatePrecision.MONTH, datetime.date(2023, 12, 1), datetime.date(2023, 12, 31)),
        (datetime.date(2024, 2, 1), DatePrecision.MONTH, datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        (datetime.date(2024, 1, 1), DatePrecision.YEAR, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (DAY, DatePrecision.DAY, DAY, DAY),
    ],
)
def test_a_partial_date_denotes_the_days_it_covers(value, precision, first, last):
    assert (first_day(value, precision), last_day(value, precision)) == (first, last)


@pytest.mark.parametrize(
    ("language", "value", "precision", "shown"),
    [
        ("en", DAY, DatePrecision.DAY, "by 11 December 2024"),
        ("en", datetime.date(2024, 12, 1), DatePrecision.MONTH, "by December 2024"),
        ("en", datetime.date(2024, 1, 1), DatePrecision.YEAR, "by 2024"),
        ("ru", DAY, DatePrecision.DAY, "не позднее 11 декабря 2024 г."),
        ("ru", datetime.date(2024, 12, 1), DatePrecision.MONTH, "не позднее декабря 2024 г."),
    ],
)
def test_a_bound_reads_by_in_each_language(language, value, precision, shown):
    with translation.override(language):
        assert format_partial_date(value, precision, DateBound.BY) == shown


def test_a_written_date_reads_back_as_it_was_parsed():
    for text in ("2024", "2024-12", "2024-12-11", "by 2024-12-11", "by 2024"):
        assert written_partial_date(*parse_partial_date(text)) == text


def test_iso_partial_dates_drop_what_is_not_known():
    assert iso_partial_date(datetime.date(2024, 1, 1), DatePrecision.YEAR) == "2024"
    assert iso_partial_date(datetime.date(2024, 12, 1), DatePrecision.MONTH) == "2024-12"
    assert iso_partial_date(DAY, DatePrecision.DAY) == "2024-12-11"
    assert iso_partial_date(None, DatePrecision.DAY) is None


def test_a_year_precision_date_must_be_stored_as_the_first_of_january():
    assert "1 January" in precision_error(datetime.date(2024, 5, 3), DatePrecision.YEAR)
    assert precision_error(datetime.date(2024, 1, 1), DatePrecision.YEAR) is None
    assert "first day" in precision_error(datetime.date(2024, 5, 3), DatePrecision.MONTH)
    assert precision_error(datetime.date(2024, 5, 3), DatePrecision.DAY) is None


def test_each_register_date_is_found_with_its_precision_and_bound_fields():
    assert partial_date_fields(Membership) == [
        ("start_date", "start_precision", "start_bound"),
        ("end_date", "end_precision", "end_bound"),
    ]
    assert partial_date_fields(ReportedSize) == [("as_of", "as_of_precision", "as_of_bound")]
    assert partial_date_fields(Announcement) == [
        ("date", "date_precision", None),
        ("published_date", "published_precision", None),
    ]
    assert partial_date_fields(Alliance) == [
        ("founded_date", "founded_precision", None),
        ("dissolved_date", "dissolved_precision", None),
    ]


def test_a_date_that_cannot_be_a_bound_refuses_by_and_shows_the_form_to_write():
    with pytest.raises(ValueError, match="'by 2024': this date cannot be a bound; write the date itself."):
        parse_partial_date(" by 2024 ", bound_allowed=False)
    assert parse_partial_date("2024", bound_allowed=False) == (datetime.date(2024, 1, 1), "year", "on")


def test_a_partial_date_set_on_a_record_reads_back_the_same():
    membership = Membership(start_date=datetime.date(2020, 1, 1), end_date=datetime.date(2021, 1, 1))
    start, end = partial_date_fields(Membership)
    partial_date_set(membership, start, parse_partial_date("by 2024-12"))
    partial_date_set(membership, end, None)
    assert partial_date_get(membership, start) == (datetime.date(2024, 12, 1), "month", "by")
    assert (membership.end_date, membership.end_precision, membership.end_bound) == (None, "", "")
    assert partial_date_get(membership, end) is None
