""" "Active on a day" in its two degrees, held against a brute-force oracle over days.

The rule lives once, in SQL (MembershipQuerySet), on the four day columns. The oracle here walks
the days each date may mean, worked out from how the test wrote it, not from those columns: a
month or a year covers every one of its days; "../D" every day up to D's last one, but none before
the alliance was founded (none before the start, for an end); "A/B" every day from A's first to B's
last. A membership is in force on D when it began on or before D and ended after D. Certainly
active: true for every reading of the dates; possibly: true for at least one. Hypothesis draws
random precisions, open and closed sides, ends, foundings and days; the test runs on SQLite in
`make test` and on PostgreSQL in CI.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.dates import DatePrecision, PartialDate, first_day, last_day, truncate
from alliances.models import Certainty, Membership, Role, Status

from .factories import AllianceFactory, country

pytestmark = pytest.mark.django_db

WINDOW = (datetime.date(2019, 1, 1), datetime.date(2026, 12, 31))
COUNTRIES = ["BR", "RU", "IN", "CN", "ZA", "EG", "ET", "IR", "AE", "SA"]
D = datetime.date


def _days(first, last):
    first, last = max(first, WINDOW[0]), min(last, WINDOW[1])
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


precisions = st.sampled_from(list(DatePrecision))
dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2025, 12, 31))


@st.composite
def sides(draw, low):
    """A date as written, drawn: (EDTF text, its lower side's first day or None when open, its upper side's last
    day), none of whose days is before `low`."""
    upper_precision = draw(precisions)
    upper = truncate(draw(st.dates(min_value=low, max_value=max(low, D(2026, 6, 30)))), upper_precision)
    upper_written = PartialDate(upper, upper_precision).edtf
    last = last_day(upper, upper_precision)
    shape = draw(st.sampled_from(["one", "by", "between"]))
    if shape == "one":
        return upper_written, first_day(upper, upper_precision), last
    if shape == "by":
        return f"../{upper_written}", None, last
    lower_precision = draw(precisions)
    lower = truncate(draw(st.dates(min_value=low, max_value=last)), lower_precision)
    if first_day(lower, lower_precision) > last:
        return upper_written, first_day(upper, upper_precision), last
    return f"{PartialDate(lower, lower_precision).edtf}/{upper_written}", first_day(lower, lower_precision), last


@st.composite
def memberships(draw):
    start, start_first, start_last = draw(sides(D(2020, 1, 1)))
    row = {"start": start, "start_first": start_first, "start_last": start_last, "end": None}
    if draw(st.booleans()):  # an end no earlier than the start can be: within its uncertainty, or after
        row["end"] = draw(sides(start_first or start_last))
    return row


def oracle(row, day, founded):
    """What the register may say of the membership `row` on `day`: Certainty.CERTAIN, Certainty.POSSIBLE or None."""
    start_from = row["start_first"] or founded or WINDOW[0]
    starts = _days(start_from, row["start_last"])
    started = [start <= day for start in starts]
    if row["end"] is None:
        not_ended = [True]
    else:
        _text, end_first, end_last = row["end"]
        not_ended = [end > day for end in _days(end_first or start_from, end_last)]
    if all(started) and all(not_ended):
        return Certainty.CERTAIN
    if any(started) and any(not_ended):
        return Certainty.POSSIBLE
    return None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(memberships(), min_size=1, max_size=len(COUNTRIES)),
    days=st.lists(dates, min_size=1, max_size=6),
    founded=st.one_of(st.none(), dates),
)
def test_the_sql_rule_agrees_with_the_oracle_on_every_day(rows, days, founded):
    if founded is not None:  # an alliance is founded no later than its first member can have joined
        founded = min(founded, *(row["start_first"] or row["start_last"] for row in rows))
    alliance = AllianceFactory(founded=founded.isoformat() if founded else "")
    try:
        made = []
        for code, row in zip(COUNTRIES, rows, strict=False):
            membership = Membership(
                alliance=alliance,
                country=country(code),
                role=Role.MEMBER,
                status=Status.PUBLISHED,
                start=row["start"],
                end=row["end"][0] if row["end"] else "",
                end_reason="withdrew" if row["end"] else "",
            )
            membership.days_set()  # bulk_create calls no save()
            made.append((membership, row))
        created = Membership.objects.bulk_create([membership for membership, _row in made])
        ours = Membership.objects.filter(alliance=alliance)
        for day in days:
            expected = {m.pk: oracle(row, day, founded) for m, (_made, row) in zip(created, made, strict=True)}
            answered = dict(ours.with_certainty(day).values_list("pk", "certainty"))
            assert answered == {pk: value for pk, value in expected.items() if value is not None}, (day, rows)
            certain = set(ours.certainly_active_on(day).values_list("pk", flat=True))
            assert certain == {pk for pk, value in expected.items() if value == Certainty.CERTAIN}
            possible = set(ours.of_certainty(day, Certainty.POSSIBLE).values_list("pk", flat=True))
            assert possible == {pk for pk, value in expected.items() if value == Certainty.POSSIBLE}
            standing = dict(ours.with_certainty_on(day).values_list("pk", "certainty"))
            assert standing == expected
    finally:
        Membership.objects.filter(alliance=alliance).delete()
        alliance.delete()


def _member(alliance, code, **fields):
    return Membership.objects.create(
        alliance=alliance, country=country(code), role=fields.pop("role", Role.MEMBER), **fields
    )


def test_an_invitation_that_ended_in_a_month_is_possibly_active_through_that_month():
    bloc = AllianceFactory(founded="2009-06-16")
    argentina = _member(bloc, "AR", role=Role.INVITED, start="2023-08-24", end="2023-12", end_reason="declined")
    on = dict(Membership.objects.with_certainty(D(2023, 12, 15)).values_list("pk", "certainty"))
    assert on == {argentina.pk: Certainty.POSSIBLE}
    assert dict(Membership.objects.with_certainty(D(2023, 11, 30)).values_list("pk", "certainty")) == {
        argentina.pk: Certainty.CERTAIN
    }
    assert not Membership.objects.active_on(D(2024, 1, 1)).exists()


def test_a_member_by_a_day_is_certain_from_that_day_and_possible_back_to_the_founding():
    network = AllianceFactory(founded="2024-12-11")
    association = _member(network, "BR", start="../2024-12-11")
    assert Membership.objects.certainly_active_on(D(2024, 12, 11)).get() == association
    assert Membership.objects.of_certainty(D(2024, 12, 10), Certainty.POSSIBLE).exists() is False  # not founded
    network.founded = "2024-11-01"
    network.save()  # the founding moves: so does the earliest day of every start written "by" a day
    assert Membership.objects.of_certainty(D(2024, 12, 10), Certainty.POSSIBLE).get() == association
    assert not Membership.objects.active_on(D(2024, 10, 31)).exists()


def test_a_start_between_two_dates_is_possible_only_between_them():
    """GPAI's members welcomed at the 2021 summit: not possibly members on 1 July 2020, though GPAI existed."""
    gpai = AllianceFactory(founded="2020-06-15")
    israel = _member(gpai, "IL", start="2020-12-05/2021-11-24")
    assert israel.start_earliest == D(2020, 12, 5) and israel.start_latest == D(2021, 11, 24)
    assert not Membership.objects.active_on(D(2020, 7, 1)).exists()
    assert Membership.objects.of_certainty(D(2021, 6, 1), Certainty.POSSIBLE).get() == israel
    assert Membership.objects.certainly_active_on(D(2021, 11, 24)).get() == israel


def test_a_member_since_a_year_is_possible_during_it_and_certain_from_its_last_day():
    alliance = AllianceFactory(founded="")
    member = _member(alliance, "RS", start="2024")
    assert Membership.objects.of_certainty(D(2024, 6, 1), Certainty.POSSIBLE).get() == member
    assert Membership.objects.certainly_active_on(D(2024, 12, 31)).get() == member
    assert not Membership.objects.active_on(D(2023, 12, 31)).exists()


def test_a_by_start_of_a_body_with_no_founding_is_possible_on_any_earlier_day():
    alliance = AllianceFactory(founded="")
    member = _member(alliance, "RS", start="../2024-05")
    assert Membership.objects.of_certainty(D(1990, 1, 1), Certainty.POSSIBLE).get() == member
    assert Membership.objects.certainly_active_on(D(2024, 5, 31)).get() == member
