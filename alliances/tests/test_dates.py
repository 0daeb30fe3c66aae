"""Dates as sources give them (alliances/dates.py): read in EDTF and the forms of before, kept as intervals of
days, written back as read, shown in words in the case the sentence needs."""

import datetime

import pytest
from django.utils import translation

from alliances.dates import (
    FAR_FUTURE,
    FAR_PAST,
    DateCase,
    DatePrecision,
    DateTextError,
    PartialDate,
    Span,
    first_day,
    format_partial_date,
    iso_partial_date,
    last_day,
    parse_partial_date,
    parse_span,
    partial_date_fields,
    partial_date_get,
    partial_date_set,
    precision_error,
    span_html,
    span_words,
    stored_span,
)
from alliances.models import Announcement, Membership

D = datetime.date
DAY = D(2024, 12, 11)


@pytest.mark.parametrize(
    ("language", "value", "precision", "shown"),
    [
        ("en", DAY, DatePrecision.DAY, "11 December 2024"),
        ("en", D(2024, 12, 1), DatePrecision.MONTH, "December 2024"),
        ("en", D(2024, 1, 1), DatePrecision.YEAR, "2024"),
        ("ru", DAY, DatePrecision.DAY, "11 декабря 2024 г."),
        ("ru", D(2024, 12, 1), DatePrecision.MONTH, "декабрь 2024 г."),
        ("ru", D(2024, 1, 1), DatePrecision.YEAR, "2024"),
    ],
)
def test_a_date_is_shown_at_its_precision_in_each_language(language, value, precision, shown):
    with translation.override(language):
        assert format_partial_date(value, precision) == shown


def test_a_year_is_never_shown_as_the_first_of_january():
    with translation.override("en"):
        assert format_partial_date(D(2024, 1, 1), DatePrecision.YEAR) == "2024"


def test_no_date_shows_nothing():
    assert format_partial_date(None, DatePrecision.DAY) == ""
    assert span_words("") == ""


@pytest.mark.parametrize(
    ("text", "written", "earliest", "latest"),
    [
        ("2024", "2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-12", "2024-12", D(2024, 12, 1), D(2024, 12, 31)),
        ("2024-02", "2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2024-12-11", "2024-12-11", DAY, DAY),
        (" 2024-12-11 ", "2024-12-11", DAY, DAY),
        ("../2024-12-11", "../2024-12-11", None, DAY),
        ("by 2024-12-11", "../2024-12-11", None, DAY),
        ("By  2024-12", "../2024-12", None, D(2024, 12, 31)),
        ("2021-06/2021-11", "2021-06/2021-11", D(2021, 6, 1), D(2021, 11, 30)),
        ("2025-09-03/2025-12-12", "2025-09-03/2025-12-12", D(2025, 9, 3), D(2025, 12, 12)),
        ("2024-12-11/..", "2024-12-11/..", DAY, None),
        ("2024-05/2024-05", "2024-05", D(2024, 5, 1), D(2024, 5, 31)),
    ],
)
def test_dates_read_as_written_in_edtf_or_the_form_of_before(text, written, earliest, latest):
    span = parse_span(text)
    assert (span.edtf, span.earliest, span.latest) == (written, earliest, latest)
    assert stored_span(span.edtf) == span  # what the register stores reads back the same


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("12/11/2024", "day-first or month-first"),
        ("11.12.2024", "day-first or month-first"),
        ("31/12/2024", "write the year first"),
        ("2024-13", "exists"),
        ("2024-02-30", "exists"),
        ("", "not a date"),
        ("before 2024", "not a date"),
        ("2024?", "does not keep"),
        ("2024-21", "does not keep"),
        ("2024-XX", "does not keep"),
        ("2024-12-11/2024-12-10", "ends before it begins"),
        ("../..", "no day at all"),
        ("2024/", "leaves a side empty"),
    ],
)
def test_bad_dates_say_what_is_wrong(text, reason):
    with pytest.raises(DateTextError, match=reason):
        parse_span(text)


def test_a_statements_date_is_one_date_never_an_interval():
    assert parse_partial_date("2024-12") == PartialDate(D(2024, 12, 1), DatePrecision.MONTH)
    for text in ("../2024", "by 2024", "2021/2022"):
        with pytest.raises(DateTextError, match="one date, not a bound or an interval"):
            parse_partial_date(text)


@pytest.mark.parametrize(
    ("value", "precision", "first", "last"),
    [
        (D(2023, 12, 1), DatePrecision.MONTH, D(2023, 12, 1), D(2023, 12, 31)),
        (D(2024, 2, 1), DatePrecision.MONTH, D(2024, 2, 1), D(2024, 2, 29)),
        (D(2024, 1, 1), DatePrecision.YEAR, D(2024, 1, 1), D(2024, 12, 31)),
        (DAY, DatePrecision.DAY, DAY, DAY),
    ],
)
def test_a_partial_date_denotes_the_days_it_covers(value, precision, first, last):
    assert (first_day(value, precision), last_day(value, precision)) == (first, last)


def test_the_columns_hold_an_open_side_as_the_floor_or_the_furthest_days():
    assert parse_span("../2024-12-11").days(floor=D(2020, 6, 15)) == (D(2020, 6, 15), DAY)
    assert parse_span("../2024-12-11").days() == (FAR_PAST, DAY)
    assert parse_span("2024-12-11/..").days() == (DAY, FAR_FUTURE)
    assert parse_span("2021-06/2021-11").days(floor=D(2020, 1, 1)) == (D(2021, 6, 1), D(2021, 11, 30))


@pytest.mark.parametrize(
    ("language", "text", "shown"),
    [
        ("en", "../2024-12-11", "by 11 December 2024"),
        ("en", "../2024-12", "by December 2024"),
        ("en", "../2024", "by 2024"),
        ("en", "2021-06/2021-11", "between June and November 2021"),
        ("en", "2025-09-03/2025-12-12", "between 3 September and 12 December 2025"),
        ("en", "2025-12-03/2025-12-12", "between 3 and 12 December 2025"),
        ("en", "2020-11/2021-02", "between November 2020 and February 2021"),
        ("en", "2021/2022-11-21", "between 2021 and 21 November 2022"),
        ("en", "2025-09-03/..", "on or after 3 September 2025"),
        ("ru", "../2024-12-11", "не позднее 11 декабря 2024 г."),
        ("ru", "../2024-12", "не позднее декабря 2024 г."),
        ("ru", "2021-06/2021-11", "в период с июня по ноябрь 2021 г."),
        ("ru", "2025-09-03/2025-12-12", "в период с 3 сентября по 12 декабря 2025 г."),
        ("ru", "2020-11/2021-02", "в период с ноября 2020 г. по февраль 2021 г."),
        ("ru", "2025-09-03/..", "не ранее 3 сентября 2025 г."),
    ],
)
def test_a_bound_or_an_interval_reads_in_words_in_each_language(language, text, shown):
    with translation.override(language):
        assert span_words(text) == shown


@pytest.mark.parametrize(
    ("case", "shown"),
    [
        (DateCase.NOMINATIVE, "декабрь 2024 г."),
        (DateCase.GENITIVE, "декабря 2024 г."),
        (DateCase.LOCATIVE, "декабре 2024 г."),
        (DateCase.ACCUSATIVE, "декабрь 2024 г."),
    ],
)
def test_a_month_takes_the_case_its_sentence_needs_in_russian(case, shown):
    with translation.override("ru"):
        assert span_words("2024-12", case) == shown
    with translation.override("en"):
        assert span_words("2024-12", case) == "December 2024"


def test_every_russian_month_forms_its_locative():
    months = ["январе", "феврале", "марте", "апреле", "мае", "июне", "июле", "августе", "сентябре", "октябре",
              "ноябре", "декабре"]  # fmt: skip
    with translation.override("ru"):
        assert [span_words(f"2025-{n:02d}", DateCase.LOCATIVE).split()[0] for n in range(1, 13)] == months


def test_each_side_of_a_date_is_a_time_a_machine_reads():
    with translation.override("en"):
        html = span_html("2021-06/2021-11")
    assert html == 'between <time datetime="2021-06">June</time> and <time datetime="2021-11">November 2021</time>'


def test_iso_partial_dates_drop_what_is_not_known():
    assert iso_partial_date(D(2024, 1, 1), DatePrecision.YEAR) == "2024"
    assert iso_partial_date(D(2024, 12, 1), DatePrecision.MONTH) == "2024-12"
    assert iso_partial_date(DAY, DatePrecision.DAY) == "2024-12-11"
    assert iso_partial_date(None, DatePrecision.DAY) is None


def test_a_year_precision_date_must_be_stored_as_the_first_of_january():
    assert "1 January" in precision_error(D(2024, 5, 3), DatePrecision.YEAR)
    assert precision_error(D(2024, 1, 1), DatePrecision.YEAR) is None
    assert "first day" in precision_error(D(2024, 5, 3), DatePrecision.MONTH)
    assert precision_error(D(2024, 5, 3), DatePrecision.DAY) is None


def test_a_statements_dates_are_found_with_their_precision_fields():
    assert partial_date_fields(Announcement) == [("date", "date_precision"), ("published_date", "published_precision")]
    assert partial_date_fields(Membership) == []  # a membership's dates are intervals: Span


def test_a_statements_date_set_on_a_record_reads_back_the_same():
    announcement = Announcement(date=D(2020, 1, 1), published_date=D(2021, 1, 1))
    date, published = partial_date_fields(Announcement)
    partial_date_set(announcement, date, parse_partial_date("2024-12"))
    partial_date_set(announcement, published, None)
    assert partial_date_get(announcement, date) == (D(2024, 12, 1), "month")
    assert (announcement.published_date, announcement.published_precision) == (None, "")


def test_a_span_is_its_two_sides():
    month = PartialDate(D(2021, 6, 1), DatePrecision.MONTH)
    assert Span(month, month).single == month
    assert Span(None, month).single is None
    assert str(Span(None, month)) == "../2021-06"
