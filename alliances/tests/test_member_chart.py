"""The member-count chart: its steps are the pages' counts (the SQL rule, disputed kept out of the certain count)."""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from alliances.charts import member_count_steps, step_chart
from alliances.models import Certainty, Membership, MembershipSource, Role, Stance, Status

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
