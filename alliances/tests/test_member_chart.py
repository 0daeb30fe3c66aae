"""The member-count chart: its steps are the pages' counts (the SQL rule, disputed kept out of the certain count)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.charts import member_count_steps, step_chart
from alliances.models import Certainty, Membership, MembershipSource, ReportedSize, Role, Stance, Status

from .factories import AllianceFactory, AnnouncementFactory, country
from .test_certainty import COUNTRIES, dates, memberships

pytestmark = pytest.mark.django_db

ONE_DAY = datetime.timedelta(days=1)
UNTIL = datetime.date(2026, 12, 31)


def counts_on(queryset, day):
    """(certain and undisputed, all) in force on `day`, as the pages count them (MembershipQuerySet.with_certainty)."""
    rows = list(queryset.with_certainty(day).with_disputed().values_list("certainty", "disputed"))
    return rows.count((Certainty.CERTAIN, False)), len(rows)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(memberships(), min_size=1, max_size=len(COUNTRIES)),
    founded=st.one_of(st.none(), dates),
    disputed=st.sets(st.integers(0, len(COUNTRIES) - 1), max_size=3),
)
def test_every_step_is_the_rules_count_on_its_day_and_the_day_before_it_differs(rows, founded, disputed):
    if founded is not None:  # an alliance is founded no later than its first member can have joined
        founded = min(founded, *(row["start_first"] or row["start_last"] for row in rows))
    alliance = AllianceFactory(founded=founded.isoformat() if founded else "")
    denial = AnnouncementFactory()
    try:
        made = []
        for code, row in zip(COUNTRIES, rows, strict=False):
            end = row["end"][0] if row["end"] else ""
            membership = Membership(
                alliance=alliance, country=country(code), role=Role.MEMBER, status=Status.PUBLISHED,
                start=row["start"], end=end, end_reason="withdrew" if end else "",
            )  # fmt: skip
            membership.days_set()  # bulk_create calls no save()
            made.append(membership)
        created = Membership.objects.bulk_create(made)
        for index in disputed & set(range(len(created))):
            MembershipSource.objects.create(membership=created[index], announcement=denial, stance=Stance.DISPUTES)
        ours = Membership.objects.filter(alliance=alliance)
        steps = member_count_steps(ours, UNTIL, alliance.founded)
        assert steps, rows
        for day, _label, certain, upper in steps:
            assert counts_on(ours, day) == (certain, upper), (day, rows)
        for (day, *_), (_before, _label, certain, upper) in zip(steps[1:], steps, strict=False):
            assert counts_on(ours, day - ONE_DAY) == (certain, upper), (day, rows)  # nothing changed in between
        if founded is not None or all(row["start_first"] for row in rows):
            assert counts_on(ours, steps[0][0] - ONE_DAY) == (0, 0)
    finally:
        MembershipSource.objects.filter(announcement=denial).delete()
        Membership.objects.filter(alliance=alliance).delete()
        alliance.delete()
        denial.delete()


D = datetime.date


def test_a_step_is_labelled_with_the_date_as_its_source_gives_it_never_an_invented_day():
    alliance = AllianceFactory(founded="2024-11")
    common = {"alliance": alliance, "role": Role.MEMBER, "status": Status.PUBLISHED}
    Membership.objects.create(**common, country=country("RS"), start="2024")
    Membership.objects.create(**common, country=country("BR"), start="../2024-12-11")
    Membership.objects.create(**common, country=country("IN"), start="2025-02/2025-04")
    steps = member_count_steps(Membership.objects.all(), D(2025, 6, 1), alliance.founded)
    shown = [(label, certain, upper) for _day, label, certain, upper in steps]
    assert shown == [
        ("2024", 0, 1),  # "2024": possibly one from its first day
        ("2024-11", 0, 2),  # the founding: a "by" member possibly in from then
        ("../2024-12-11", 1, 2),  # "by 11 December 2024"
        ("../2024", 2, 2),  # "by 2024": certain from its last day
        ("2025-02", 2, 3),  # between February and April 2025: possibly from February
        ("../2025-04", 3, 3),  # and certainly by the end of April
    ]
    chart = step_chart(steps, D(2025, 6, 1))
    assert [row[0] for row in chart.steps] == [
        "2024",
        "November 2024",
        "by 11 December 2024",
        "by 2024",
        "February 2025",
        "by April 2025",
    ]
    assert chart.band_path.startswith("M") and chart.band_path.endswith("Z")


def test_a_disputed_member_since_by_a_day_of_an_alliance_with_no_founding_date_has_a_step():
    """Possibly in force from before any day and never certainly: the chart still has its one step."""
    alliance = AllianceFactory(founded="")
    membership = Membership.objects.create(
        alliance=alliance, country=country("SA"), role=Role.MEMBER, status=Status.PUBLISHED, start="../2020-01-01"
    )
    MembershipSource.objects.create(membership=membership, announcement=AnnouncementFactory(), stance=Stance.DISPUTES)
    steps = member_count_steps(Membership.objects.filter(alliance=alliance), UNTIL)
    assert [(day, label, certain, upper) for day, label, certain, upper in steps] == [
        (D(2020, 1, 1), "../2020-01-01", 0, 1)
    ]
    assert counts_on(Membership.objects.filter(alliance=alliance), D(2020, 1, 1)) == (0, 1)


def size(members, as_of, countries=None):
    reported = ReportedSize(members=members, countries=countries, as_of=as_of)
    reported.days_set()
    return reported


def test_a_reported_size_is_a_marked_point_beside_the_listed_count():
    steps = [(D(2024, 5, 2), "2024-05-02", 0, 8), (D(2024, 5, 7), "../2024-05-07", 8, 8)]
    chart = step_chart(steps, D(2025, 6, 1), sizes=[size(49, "../2024-05-03"), size(55, "2025-02")], complete=False)
    assert [(count, words) for _x, _y, count, words in chart.points] == [
        (49, "reported: 49 members (by 3 May 2024)"),
        (55, "reported: 55 members (February 2025)"),
    ]
    assert max(value for _y, _label_y, value in chart.y_ticks) == 55  # the axis reaches the reported size
    assert ("by 3 May 2024", None, None, "49 members") in chart.steps  # the table's row of the size
    assert chart.line_label == "Members listed, certainly"


def test_certainly_zero_is_not_drawn_where_the_founding_source_names_the_participants_only_by_number():
    """Hiroshima's Friends Group: 49 at its launch, none named that day; the line starts with the first named."""
    steps = [(D(2024, 5, 2), "2024-05-02", 0, 8), (D(2024, 5, 7), "../2024-05-07", 8, 8)]
    chart = step_chart(steps, D(2025, 6, 1), sizes=[size(49, "../2024-05-03")], complete=False)
    first_x = chart.certain_path.split()[0].removeprefix("M").split(",")[0]
    assert float(first_x) > 0  # no line on the founding day
    assert chart.steps[0] == ("2 May 2024", None, 8, None)  # the table says nothing certain rather than 0
    whole = step_chart(steps, D(2025, 6, 1))  # a complete list's zero is a count: drawn
    assert whole.certain_path.startswith("M0.0,") and whole.steps[0] == ("2 May 2024", 0, 8, None)


def test_a_size_of_countries_only_is_drawn_at_its_countries():
    chart = step_chart([], D(2025, 1, 1), sizes=[size(None, "../2024-12-26", countries=44)], complete=False)
    assert [count for _x, _y, count, _words in chart.points] == [44] and chart.certain_path == ""
