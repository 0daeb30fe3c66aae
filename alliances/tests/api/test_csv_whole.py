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

    def one_day(number):
        start, end = (
            FIRST_DAY + datetime.timedelta(days=2 * number),
            FIRST_DAY + datetime.timedelta(days=2 * number + 1),
        )
        return {"start": start.isoformat(), "start_earliest": start, "start_latest": start}, {
            "end": end.isoformat(),
            "end_earliest": end,
            "end_latest": end,
        }

    Membership.objects.bulk_create(
        (
            Membership(
                alliance=alliance, country=member, end_reason="withdrew", status=Status.PUBLISHED, **start, **end
            )
            for start, end in map(one_day, range(count))
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


@pytest.mark.skipif(connection.vendor != "sqlite", reason="its rows are made by SQLite's own SQL")
def test_memory_stays_flat_over_ten_chunks_of_rows(api):
    """The peak while a client reads the CSV of ten chunks of rows (20,000) is no higher than for two (4,000).

    A first read, not measured, makes what any first request makes. Streaming 100,000 rows under
    tracemalloc took a minute; at 4,000 and 20,000, kept rows show plainly (measured: holding the
    queryset's rows whole peaks 3.2 times as high, the CSV's rows listed before the first byte 3.2
    times, its text in one part 1.45 times, against 1.03 as streamed).
    """
    inserted_by_sqlite(10 * views.CSV_CHUNK_SIZE, AllianceFactory(slug="brics"), country("IN"))

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

    peak(100)
    small, large = peak(2 * views.CSV_CHUNK_SIZE), peak(10 * views.CSV_CHUNK_SIZE)
    assert large < small * 1.25, (small, large)


def inserted_by_sqlite(count, alliance, member):
    """The rows of `bulk_memberships`, written by one INSERT ... SELECT: a tenth of a second for 100,000."""
    table = Membership._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < %s)
            INSERT INTO {table} (uid, alliance_id, country_id, role, start, start_earliest, start_latest,
                "end", end_earliest, end_latest, end_reason, notes, status, created_at, updated_at)
            SELECT lower(hex(randomblob(16))), %s, %s, 'member', d, d, d, e, e, e, 'withdrew', '', %s, %s, %s
            FROM (SELECT date(%s, '+' || (2 * i) || ' days') AS d, date(%s, '+' || (2 * i + 1) || ' days') AS e FROM n)
            """,
            [count - 1, alliance.pk, member.pk, Status.PUBLISHED, NOW, NOW, FIRST_DAY, FIRST_DAY],
        )
    assert Membership.objects.count() == count


NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def test_a_streamed_csv_carries_an_etag_that_answers_304(api):
    bulk_memberships(3, AllianceFactory(slug="brics"), country("IN"))
    first = api.get("/api/v1/memberships/?format=csv")
    assert first.streaming and first["ETag"]
    again = api.get("/api/v1/memberships/?format=csv", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
