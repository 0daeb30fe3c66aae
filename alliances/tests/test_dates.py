import datetime

import pytest
from django.utils import translation

from alliances.dates import DatePrecision, format_partial_date, iso_partial_date, parse_partial_date, precision_error

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
        ("2024", (datetime.date(2024, 1, 1), DatePrecision.YEAR)),
        ("2024-12", (datetime.date(2024, 12, 1), DatePrecision.MONTH)),
        ("2024-12-11", (DAY, DatePrecision.DAY)),
        (" 2024-3 ", (datetime.date(2024, 3, 1), DatePrecision.MONTH)),
    ],
)
def test_partial_dates_parse_with_the_precision_written(text, expected):
    assert parse_partial_date(text) == expected


@pytest.mark.parametrize(("text", "reason"), [("12/11/2024", "not a date"), ("2024-13", "exists"), ("", "not a date")])
def test_bad_partial_dates_say_what_is_wrong(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_partial_date(text)


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
