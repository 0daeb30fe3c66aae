"""The event stream of the timelines (alliances/events.py): pages of one sorted stream, each part cut to the page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.events import EventKind, event_rows
from alliances.models import Announcement, EndReason, Membership, Role, Status

from .examples import build_brics, build_network
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def stream():
    """Joins, invitations, departures and announcements, many of them on the same few days."""
    alliance = AllianceFactory()
    for index in range(12):
        day = D(2020, 1 + index % 3, 1)
        source = AnnouncementFactory(date=day)
        ended = index % 2 == 0
        MembershipFactory(
            alliance=alliance,
            organization=OrganizationFactory(),
            role=Role.INVITED if index % 3 == 0 else Role.MEMBER,
            start_date=day,
            end_date=D(2021, 1 + index % 2, 1) if ended else None,
            end_precision="day" if ended else "",
            end_reason=EndReason.WITHDREW if ended else "",
            sources=[source],
        )
    return event_rows(Membership.objects.all(), Announcement.objects.all())


def test_every_page_is_the_slice_of_the_whole_stream(stream):
    everything = list(stream.union)
    assert len(everything) == stream.count() == 12 + 6 + 12
    assert everything == sorted(everything, key=lambda row: (-row[1].toordinal(), row[0], -row[2]))
    for size in (1, 4, 7, 25, 40):
        pages = [list(stream[start : start + size]) for start in range(0, len(everything), size)]
        assert sum(pages, []) == everything


def test_the_count_is_the_number_of_events_of_every_kind_and_year(stream):
    """Role changes, ends in a new role, other roles and drafts: the count adds up starts, ends and announcements."""
    build_brics(), build_network()
    partner = MembershipFactory(
        role=Role.PARTNER, start_date=D(2019, 5, 1), end_date=D(2020, 3, 1), end_precision="day",
        end_reason=EndReason.ROLE_CHANGED,
    )  # fmt: skip
    MembershipFactory(
        alliance=partner.alliance, organization=partner.organization, start_date=D(2020, 3, 1), continues=partner
    )
    MembershipFactory(role=Role.OBSERVER, start_date=D(2020, 2, 1), end_date=D(2021, 2, 1), end_precision="day")
    MembershipFactory(status=Status.DRAFT, start_date=D(2020, 2, 1))
    AnnouncementFactory(status=Status.DRAFT, date=D(2020, 2, 1))
    for year in (None, 2020, 2023, 2024):
        rows = event_rows(Membership.objects.all(), Announcement.objects.all(), year=year)
        assert rows.count() == len(list(rows.union)) > 0
        if year is None:
            assert {row[0] for row in rows.union} == set(EventKind)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes no ordered, limited query inside a UNION")
def test_each_part_is_asked_only_for_the_rows_up_to_the_page(stream):
    with CaptureQueriesContext(connection) as queries:
        list(stream[4:8])
    (sql,) = [query["sql"] for query in queries]
    # Each part (seven kinds of membership event, the announcements) cut to the page's end, then the page.
    assert sql.count("LIMIT 8") == len(stream.parts) == 8 and sql.endswith("LIMIT 4 OFFSET 4")
