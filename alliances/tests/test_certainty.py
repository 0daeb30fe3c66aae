""" "Active on a day" in its two degrees, held against a brute-force oracle over days.

The rule lives once, in SQL (MembershipQuerySet). The oracle here walks the days each date may
mean: a partial date covers every day of its month or year, a "by" date every day up to its
last one (but none before the alliance was founded), and a membership is in force on D when it
began on or before D and ended after D. Certainly active: true for every reading of the dates;
possibly: true for at least one. Hypothesis draws random precisions, bounds, ends and days; the
test runs on SQLite in `make test` and on PostgreSQL in CI.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.dates import DateBound, DatePrecision, first_day, last_day, truncate
from alliances.models import Certainty, Membership, Role, Status

from .factories import AllianceFactory, country

pytestmark = pytest.mark.django_db

WINDOW = (datetime.date(2019, 1, 1), datetime.date(2026, 12, 31))
COUNTRIES = ["BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "SA"]


def _days(first, last):
    first, last = max(first, WINDOW[0]), min(last, WINDOW[1])
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _start_days(membership, founded):
    last = last_day(membership.start_date, membership.start_precision)
    if membership.start_bound == DateBound.BY:
        return _days(founded or WINDOW[0], last)
    return _days(first_day(membership.start_date, membership.start_precision), last)


def _end_days(membership):
    """The days the membership may have ended on (it is not in force on its end day); None: it has not ended."""
    if membership.end_date is None:
        return None
    last = last_day(membership.end_date, membership.end_precision)
    if membership.end_bound == DateBound.BY:
        return _days(WINDOW[0], last)
    return _days(first_day(membership.end_date, membership.end_precision), last)


def oracle(membership, day, founded):
    """What the register may say of `membership` on `day`: Certainty.CERTAIN, Certainty.POSSIBLE or None."""
    starts, ends = _start_days(membership, founded), _end_days(membership)
    started = [start <= day for start in starts]
    not_ended = [True] if ends is None else [end > day for end in ends]
    if all(started) and all(not_ended):
        return Certainty.CERTAIN
    if any(started) and any(not_ended):
        return Certainty.POSSIBLE
    return None


precisions = st.sampled_from(list(DatePrecision))
bounds = st.sampled_from(list(DateBound))
dates = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2025, 12, 31))


@st.composite
def memberships(draw):
    start_precision, start_bound = draw(precisions), draw(bounds)
    start = truncate(draw(dates), start_precision)
    fields = {"start_date": start, "start_precision": start_precision, "start_bound": start_bound}
    if draw(st.booleans()):
        end_precision = draw(precisions)
        end = truncate(draw(st.dates(min_value=start, max_value=datetime.date(2026, 6, 30))), end_precision)
        if end >= start:
            fields.update(end_date=end, end_precision=end_precision, end_bound=draw(bounds))
    return fields


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(memberships(), min_size=1, max_size=len(COUNTRIES)),
    days=st.lists(dates, min_size=1, max_size=6),
    founded=st.one_of(st.none(), dates),
)
def test_the_sql_rule_agrees_with_the_oracle_on_every_day(rows, days, founded):
    if founded is not None:  # an alliance is founded no later than its first member joins
        founded = min(founded, *(row["start_date"] for row in rows))
    alliance = AllianceFactory(founded_date=founded)
    try:
        created = Membership.objects.bulk_create(
            Membership(alliance=alliance, country=country(code), role=Role.MEMBER, status=Status.PUBLISHED, **row)
            for code, row in zip(COUNTRIES, rows, strict=False)
        )
        ours = Membership.objects.filter(alliance=alliance)
        for day in days:
            expected = {m.pk: oracle(m, day, founded) for m in created}
            answered = dict(ours.with_certainty(day).values_list("pk", "certainty"))
            assert answered == {pk: value for pk, value in expected.items() if value is not None}, (day, rows)
            certain = set(ours.certainly_active_on(day).values_list("pk", flat=True))
            assert certain == {pk for pk, value in expected.items() if value == Certainty.CERTAIN}
            possible = set(ours.of_certainty(day, Certainty.POSSIBLE).values_list("pk", flat=True))
            assert possible == {pk for pk, value in expected.items() if value == Certainty.POSSIBLE}
    finally:
        Membership.objects.filter(alliance=alliance).delete()
        alliance.delete()


D = datetime.date


def _member(alliance, code, **fields):
    return Membership.objects.create(
        alliance=alliance, country=country(code), role=fields.pop("role", Role.MEMBER), **fields
    )


def test_an_invitation_that_ended_in_a_month_is_possibly_active_through_that_month():
    bloc = AllianceFactory(founded_date=D(2009, 6, 16))
    argentina = _member(
        bloc,
        "AR",
        role=Role.INVITED,
        start_date=D(2023, 8, 24),
        end_date=D(2023, 12, 1),
        end_precision=DatePrecision.MONTH,
        end_reason="declined",
    )
    on = dict(Membership.objects.with_certainty(D(2023, 12, 15)).values_list("pk", "certainty"))
    assert on == {argentina.pk: Certainty.POSSIBLE}
    assert dict(Membership.objects.with_certainty(D(2023, 11, 30)).values_list("pk", "certainty")) == {
        argentina.pk: Certainty.CERTAIN
    }
    assert not Membership.objects.active_on(D(2024, 1, 1)).exists()


def test_a_member_by_a_day_is_certain_from_that_day_and_possible_back_to_the_founding():
    network = AllianceFactory(founded_date=D(2024, 12, 11))
    association = _member(network, "BR", start_date=D(2024, 12, 11), start_bound=DateBound.BY)
    assert Membership.objects.certainly_active_on(D(2024, 12, 11)).get() == association
    assert Membership.objects.of_certainty(D(2024, 12, 10), Certainty.POSSIBLE).exists() is False  # not founded
    network.founded_date = D(2024, 11, 1)
    network.save()
    assert Membership.objects.of_certainty(D(2024, 12, 10), Certainty.POSSIBLE).get() == association
    assert not Membership.objects.active_on(D(2024, 10, 31)).exists()


def test_a_member_since_a_year_is_possible_during_it_and_certain_from_its_last_day():
    alliance = AllianceFactory(founded_date=None)
    member = _member(alliance, "RS", start_date=D(2024, 1, 1), start_precision=DatePrecision.YEAR)
    assert Membership.objects.of_certainty(D(2024, 6, 1), Certainty.POSSIBLE).get() == member
    assert Membership.objects.certainly_active_on(D(2024, 12, 31)).get() == member
    assert not Membership.objects.active_on(D(2023, 12, 31)).exists()
