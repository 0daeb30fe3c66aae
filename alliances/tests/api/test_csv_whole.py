"""`?format=csv` on a list: every row of the filter, streamed in flat memory, its count in X-Total-Count."""

import csv
import datetime
import io
import tracemalloc

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.api import views
from alliances.models import Membership, Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

FIRST_DAY = datetime.date(1800, 1, 1)


def bulk_memberships(count, alliance, member):
    """`count` published one-day memberships of one country, one after another: minimal rows, made fast."""
    Membership.objects.bulk_create(
        (
            Membership(
                alliance=alliance,
                country=member,
                start_date=FIRST_DAY + datetime.timedelta(days=2 * number),
                end_date=FIRST_DAY + datetime.timedelta(days=2 * number + 1),
                end_precision="day",
                end_bound="on",
                status=Status.PUBLISHED,
            )
            for number in range(count)
        ),
        batch_size=5000,
    )


def started_before(count):
    """The started_before filter that keeps the first `count` rows of `bulk_memberships`."""
    return (FIRST_DAY + datetime.timedelta(days=2 * (count - 1))).isoformat()


def rows_of(response):
    assert response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def test_the_csv_of_a_list_holds_every_row_of_the_filter_not_a_page(api):
    bulk_memberships(250, AllianceFactory(slug="brics"), country("IN"))
    MembershipFactory()  # another alliance's
    response = api.get("/api/v1/memberships/?format=csv&alliance=brics&page=2&page_size=10")
    assert response.status_code == 200
    assert response["X-Total-Count"] == "250"
    assert response["Content-Disposition"] == 'attachment; filename="memberships.csv"'
    rows = rows_of(response)
    assert len(rows) == 250
    assert {row["alliance"] for row in rows} == {"brics"}
    assert [int(row["id"]) for row in rows] == sorted(int(row["id"]) for row in rows)


def test_an_alliances_members_and_the_organizations_stream_whole_too(api):
    brics = AllianceFactory(slug="brics")
    bulk_memberships(120, brics, country("IN"))
    response = api.get(f"/api/v1/alliances/brics/members/?format=csv&as_of={started_before(1)}")
    assert response["X-Total-Count"] == "1"
    assert response["Content-Disposition"] == 'attachment; filename="alliances-brics-members.csv"'
    (row,) = rows_of(response)
    assert (row["member"], row["start_date"], row["certainty"]) == ("IN", "1800-01-01", "certain")
    for number in range(130):
        OrganizationFactory(slug=f"org-{number:03d}", name=f"Org {number:03d}")
    response = api.get("/api/v1/organizations/?format=csv")
    assert response["X-Total-Count"] == "130"
    assert [row["slug"] for row in rows_of(response)] == [f"org-{number:03d}" for number in range(130)]


def test_an_unknown_alliance_or_a_bad_filter_answers_before_any_csv(api):
    assert api.get("/api/v1/alliances/nowhere/members/?format=csv").status_code == 404
    response = api.get("/api/v1/memberships/?format=csv&started_before=yesterday")
    assert response.status_code == 400
    assert not response.streaming
    assert b"started_before" in response.content


def test_the_csv_costs_one_query_of_sources_a_chunk(api, monkeypatch):
    monkeypatch.setattr(views, "CSV_CHUNK_SIZE", 100)
    alliance = AllianceFactory(slug="brics")
    bulk_memberships(450, alliance, country("IN"))
    source = AnnouncementFactory(source_url="https://a.example/said")
    for membership in Membership.objects.order_by("id")[:5]:
        membership.sources.add(source)

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            rows = rows_of(api.get(f"/api/v1/memberships/?format=csv&started_before={started_before(count)}"))
        assert len(rows) == count
        return rows, len(captured)

    rows, few = queries(250)  # 3 chunks
    assert rows[0]["source_urls"] == "https://a.example/said" and rows[5]["source_urls"] == ""
    _, more = queries(450)  # 5 chunks
    assert more - few == 2


@pytest.mark.skipif(connection.vendor != "sqlite", reason="its 100,000 rows are made by SQLite's own SQL")
def test_memory_stays_flat_over_100000_rows(api):
    """The peak while a client reads the CSV of 100,000 rows is no higher than for 10,000."""
    inserted_by_sqlite(100_000, AllianceFactory(slug="brics"), country("IN"))

    def peak(count):
        tracemalloc.start()
        try:
            response = api.get(f"/api/v1/memberships/?format=csv&started_before={started_before(count)}")
            assert response["X-Total-Count"] == str(count)
            lines = sum(part.count(b"\n") for part in response.streaming_content)
            assert lines == count + 1
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    small, large = peak(10_000), peak(100_000)
    assert large < small * 1.25, (small, large)


def inserted_by_sqlite(count, alliance, member):
    """The rows of `bulk_memberships`, written by one INSERT ... SELECT: a tenth of a second for 100,000."""
    table = Membership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %s)
            INSERT INTO {table} (alliance_id, country_id, role, start_date, start_precision, start_bound,
                end_date, end_precision, end_bound, end_reason, notes, status, created_at, updated_at, uid)
            SELECT %s, %s, 'member', date(%s, '+' || (2 * i) || ' days'), 'day', 'on',
                date(%s, '+' || (2 * i + 1) || ' days'), 'day', 'on', '', '', %s, %s, %s, lower(hex(randomblob(16)))
            FROM n
            """,
            [count - 1, alliance.pk, member.pk, FIRST_DAY, FIRST_DAY, Status.PUBLISHED, NOW, NOW],
        )
    assert Membership.objects.count() == count


NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def test_a_streamed_csv_carries_an_etag_that_answers_304(api):
    bulk_memberships(3, AllianceFactory(slug="brics"), country("IN"))
    first = api.get("/api/v1/memberships/?format=csv")
    assert first.streaming and first["ETag"]
    again = api.get("/api/v1/memberships/?format=csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
