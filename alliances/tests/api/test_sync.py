"""/api/v1/changes/: what the register gained, changed and lost since a version; a copy it keeps is the register."""

import datetime
import json

import pytest
from django.utils import timezone

from alliances.api.datapackage import TABLES
from alliances.models import (
    Alliance,
    AllianceName,
    Announcement,
    DatasetChange,
    Membership,
    Organization,
    Ranking,
    Status,
)
from alliances.services import membership_sources_set, record_delete, record_save, records_set_status
from alliances.spreadsheets import spreadsheet_unquoted

from ..dataset.registers import csv_rows, everything, unzipped
from ..factories import MembershipFactory, country

pytestmark = pytest.mark.django_db

CASTS = {"integer": int, "boolean": lambda text: text == "true"}


def copy_of(content):
    """{table: {key: row as the feed gives it}} of a download: what a client keeps of register.zip."""
    files, copy = unzipped(content), {}
    for table in TABLES:
        types = {field.name: field.type for field in table.fields}
        rows = {}
        for row in csv_rows(files, table.name):
            record = {
                name: (CASTS.get(types[name], spreadsheet_unquoted)(text) if text != "" else None)
                for name, text in row.items()
            }
            rows[tuple(record[name] for name in table.primary_key)] = record
        copy[table.name] = rows
    return copy


def synced(api, copy, since, page_size=3):
    """Apply every change since `since` to `copy`, following `next`; the version to ask from next time."""
    address = f"/api/v1/changes/?since={since}&page_size={page_size}"
    while address:
        page = api.get(address)
        assert page.status_code == 200, page.content
        body = page.json()
        for change in body["results"]:
            rows = copy[change["table"]]
            key = tuple(change["key"].values())
            if change["change"] == "withdrawn":
                rows.pop(key, None)
            else:
                rows[key] = change["record"]
        address = body["next"]
    return body["version"]


def write_a_day_of_curation():
    """Every kind of write: added, changed, unpublished, deleted, renamed, a source withdrawn, a draft published."""
    network, brics = Alliance.objects.get(slug="ai-alliance-network"), Alliance.objects.get(slug="brics")
    MembershipFactory(alliance=brics, organization=None, country=country("ID"), start_date=datetime.date(2025, 1, 6))
    sber = Organization.objects.get(slug="sber")
    sber.name = "Sberbank"
    record_save(record=sber, reason="The source's spelling")
    saudi = Membership.objects.filter(country="SA")
    records_set_status(records=saudi, status=Status.DRAFT, reason="Saudi officials still considering")
    record_delete(record=AllianceName.objects.get(name="AIAN"), reason="No source uses it")
    brics.slug = "brics-bloc"
    record_save(record=brics, reason="Renamed")
    denial = Announcement.objects.filter(slug="denial")
    records_set_status(records=denial, status=Status.DRAFT, reason="Source moved")
    iran = Membership.objects.get(country="IR")
    membership_sources_set(membership=iran, announcements=[Announcement.objects.get(slug="ai-journey-2024")])
    records_set_status(records=Membership.objects.filter(pk=iran.pk), status=Status.PUBLISHED, reason="Sourced")
    network.wikidata = "Q987654321"
    record_save(record=network)


def test_a_copy_of_the_download_kept_in_step_by_the_changes_is_the_published_register(
    api, django_capture_on_commit_callbacks
):
    everything()
    first = api.get("/api/v1/register.zip").content
    version = api.get("/api/v1/").json()["register_version"]
    copy = copy_of(first)
    with django_capture_on_commit_callbacks(execute=True):
        write_a_day_of_curation()
    next_version = synced(api, copy, version)
    assert copy == copy_of(api.get("/api/v1/register.zip").content)
    assert next_version == api.get("/api/v1/").json()["register_version"] >= version


def an_hour_ago():
    """The log of the records made so far made an hour old; the time to ask from for only the writes after."""
    DatasetChange.objects.update(at=timezone.now() - datetime.timedelta(hours=1))
    return (timezone.now() - datetime.timedelta(minutes=30)).isoformat().replace("+00:00", "Z")


def test_withdrawals_are_tombstones_with_when_and_why(api, django_capture_on_commit_callbacks):
    everything()
    since = an_hour_ago()
    with django_capture_on_commit_callbacks(execute=True):
        write_a_day_of_curation()
    results = api.get(f"/api/v1/changes/?since={since}&page_size=1000").json()["results"]
    changes = {(entry["table"], tuple(entry["key"].values())): entry for entry in results}
    saudi = Membership.objects.get(country="SA")
    tombstone = changes[("memberships", (str(saudi.uid),))]
    assert tombstone["change"] == "withdrawn" and tombstone["record"] is None
    assert tombstone["withdrawn"] == {
        "why": "unpublished",
        "reason": "Saudi officials still considering",
        "replaced_by": None,
    }
    assert changes[("alliance_names", ("ai-alliance-network", "AIAN"))]["withdrawn"]["why"] == "deleted"
    renamed = changes[("alliances", ("brics",))]["withdrawn"]
    assert (renamed["why"], renamed["replaced_by"]) == ("renamed", {"slug": "brics-bloc"})
    assert changes[("alliances", ("brics-bloc",))]["record"]["slug"] == "brics-bloc"
    # A ranking whose source went back to draft leaves the register with it.
    vibrancy = Ranking.objects.get(index_name="AI vibrancy")
    assert changes[("rankings", (str(vibrancy.uid),))]["withdrawn"]["reason"] == "Source moved"
    sber = changes[("organizations", ("sber",))]
    assert (sber["change"], sber["record"]["name"]) == ("changed", "Sberbank")
    indonesia = Membership.objects.get(country="ID")
    assert changes[("memberships", (str(indonesia.uid),))]["change"] == "added"
    moments = [entry["at"] for entry in results]
    assert moments == sorted(moments)


def test_each_row_comes_once_as_it_is_now(api):
    membership = MembershipFactory()
    since = an_hour_ago()
    for reason in ("first", "second"):
        membership.notes = reason
        record_save(record=membership, reason=reason)
    results = api.get(f"/api/v1/changes/?since={since}").json()["results"]
    rows = [entry for entry in results if entry["table"] == "memberships"]
    assert [(entry["change"], entry["record"]["notes"]) for entry in rows] == [("changed", "second")]


def test_since_takes_a_version_a_time_or_a_day_and_reaches_a_minute_back(api):
    MembershipFactory()
    DatasetChange.objects.update(at=datetime.datetime(2026, 3, 1, 10, 0, 30, tzinfo=datetime.UTC))
    for since in ("2026.03.01.100100", "2026-03-01T10:01:00Z", "2026-03-01", "2026-03", "2026"):
        body = api.get(f"/api/v1/changes/?since={since}").json()
        assert {entry["table"] for entry in body["results"]} >= {"memberships", "citations"}, since
    assert api.get("/api/v1/changes/?since=2026.03.01.100200").json()["results"] == []
    assert api.get("/api/v1/changes/?since=2026-03-02").json()["results"] == []


@pytest.mark.parametrize("since", ["", "yesterday", "2026-13-01", "2026.13.01.000000", "by 2026-01-01"])
def test_a_missing_or_wrong_since_answers_400_naming_it(api, since):
    response = api.get(f"/api/v1/changes/?since={since}")
    assert response.status_code == 400
    assert "since" in response.json()


def test_pages_follow_each_other_and_a_row_changed_between_two_comes_again(api):
    for _ in range(4):
        MembershipFactory()
    first = api.get("/api/v1/changes/?since=2000.01.01.000000&page_size=5").json()
    assert len(first["results"]) == 5 and first["next"]
    seen = [(entry["table"], tuple(entry["key"].values())) for entry in first["results"]]
    earlier = next(entry for entry in first["results"] if entry["table"] == "memberships")
    membership = Membership.objects.get(uid=earlier["key"]["uid"])
    membership.notes = "changed between two pages"
    record_save(record=membership)
    address = first["next"]
    while address:
        body = api.get(address).json()
        seen += [(entry["table"], tuple(entry["key"].values())) for entry in body["results"]]
        address = body["next"]
    logged = {(table, tuple(json.loads(key))) for table, key in DatasetChange.objects.values_list("table", "key")}
    assert set(seen) == logged  # none skipped
    assert seen.count(("memberships", (str(membership.uid),))) == 2  # and the changed one again, as it is now


def test_the_lists_updated_since_says_where_withdrawals_are(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    parameters = schema["paths"]["/api/v1/memberships/"]["get"]["parameters"]
    (updated_since,) = [p for p in parameters if p["name"] == "updated_since"]
    assert "/api/v1/changes/" in updated_since["description"]
