"""/api/v1/register.zip: the whole published register as a Frictionless Data Package, valid by frictionless itself."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from django.utils import timezone
from frictionless import validate

from alliances.api.datapackage import TABLES
from alliances.models import (
    AllianceName,
    DatasetChange,
    Membership,
    MembershipSource,
    OrganizationName,
    ReportedSize,
    Stance,
    Status,
)

from ..conftest import the_folders_again
from ..factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    country,
)

pytestmark = pytest.mark.django_db


def unzipped(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def rows(files, table):
    return list(csv.DictReader(io.StringIO(files[f"{table}.csv"])))


def test_the_shipped_register_downloads_as_a_valid_data_package(api, tmp_path):
    the_folders_again(tmp_path, "shared", "ai-alliance-network", "brics", "rankings")
    response = api.get("/api/v1/register.zip")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="alliance-tracker-register-')
    folder = tmp_path / "download"
    zipfile.ZipFile(io.BytesIO(response.content)).extractall(folder)
    report = validate(folder / "datapackage.json")
    assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])[:10]
    files = unzipped(response)
    descriptor = json.loads(files["datapackage.json"])
    names = {
        "alliances",
        "alliance_names",
        "organizations",
        "organization_names",
        "countries",
        "memberships",
        "announcements",
        "citations",
        "reported_sizes",
        "founding_claims",
        "rankings",
    }
    assert {resource["name"] for resource in descriptor["resources"]} == names
    for resource in descriptor["resources"]:
        header = next(csv.reader(io.StringIO(files[resource["path"]])))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["name"]
    memberships = rows(files, "memberships")
    assert len(memberships) == Membership.objects.published().count()
    assert {row["uid"] for row in memberships} == {
        str(uid) for uid in Membership.objects.published().values_list("uid", flat=True)
    }
    # Issue 10's fields: bounds and precisions of both dates, end reasons, disputes; stances and quotations.
    argentina = next(row for row in memberships if row["country"] == "AR")
    assert (argentina["role"], argentina["end_reason"]) == ("invited", "declined")
    saudi = next(row for row in memberships if row["country"] == "SA" and row["role"] == "member")
    assert saudi["disputed"] == "true"
    assert any(row["start"].startswith("../") for row in memberships) and any(
        "/" not in row["start"] for row in memberships
    )
    # An open side has no day: the register's stand-ins for "no end" never reach the download.
    for row in memberships:
        assert row["start_latest"] and "9999" not in row["end_latest"] and "0001" not in row["start_earliest"]
        assert bool(row["end"]) == bool(row["end_earliest"]) == bool(row["end_latest"])
    assert {row["dissolved_earliest"] for row in rows(files, "alliances") if not row["dissolved"]} == {""}
    citations = rows(files, "citations")
    assert {row["stance"] for row in citations} == {"supports", "disputes"}
    assert all(row["quotation"] for row in citations if row["stance"] == "supports")
    assert {row["membership"] for row in citations} <= {row["uid"] for row in memberships}
    # The rest of the register: other names, reported sizes, rankings, countries in Russian with their regions.
    assert {"alliance": "brics", "name": "БРИКС", "language": "ru", "kind": "translation"} in [
        {key: row[key] for key in ("alliance", "name", "language", "kind")} for row in rows(files, "alliance_names")
    ]
    assert any(row["alliance"] == "ai-alliance-network" for row in rows(files, "reported_sizes"))
    assert any(row["country"] == "RU" for row in rows(files, "rankings"))
    russia = next(row for row in rows(files, "countries") if row["code"] == "RU")
    assert (russia["name_ru"], russia["region"], russia["wikidata"]) == ("Россия", "EU", "Q159")


def test_it_says_its_licence_sources_contributors_and_homepage(api):
    MembershipFactory()
    descriptor = json.loads(unzipped(api.get("/api/v1/register.zip"))["datapackage.json"])
    assert descriptor["licenses"] == [
        {
            "name": "CC-BY-4.0",
            "title": "Creative Commons Attribution 4.0 International",
            "path": "https://creativecommons.org/licenses/by/4.0/",
        }
    ]
    assert descriptor["homepage"] == "http://testserver/"
    assert all(source["title"] for source in descriptor["sources"])
    assert descriptor["contributors"] and all(person["title"] for person in descriptor["contributors"])
    assert "Quotations from sources are short" in descriptor["description"]


def test_it_is_versioned_by_the_register_version_and_dated_when_made(api):
    MembershipFactory()
    changed = datetime.datetime(2030, 1, 2, 3, 4, 5, 600000, tzinfo=datetime.UTC)
    DatasetChange.objects.update(at=changed)
    before = timezone.now().replace(microsecond=0)
    descriptor = json.loads(unzipped(api.get("/api/v1/register.zip"))["datapackage.json"])
    assert descriptor["version"] == "2030.01.02.030405"
    assert descriptor["created"] >= before.isoformat().replace("+00:00", "Z")
    assert descriptor["profile"] == "tabular-data-package"


def test_a_register_without_a_log_is_versioned_by_its_newest_published_change(api):
    membership = MembershipFactory()
    DatasetChange.objects.all().delete()
    Membership.objects.filter(pk=membership.pk).update(updated_at=datetime.datetime(2030, 1, 2, tzinfo=datetime.UTC))
    assert json.loads(unzipped(api.get("/api/v1/register.zip"))["datapackage.json"])["version"] == "2030.01.02.000000"


def test_identifiers_notes_and_wikidata_items_are_in_it(api):
    brics = AllianceFactory(slug="brics", wikidata="Q9484")
    sber = OrganizationFactory(slug="sber", wikidata="Q205012")
    membership = MembershipFactory(alliance=brics, organization=sber, notes="The source names no day.")
    files = unzipped(api.get("/api/v1/register.zip"))
    (row,) = rows(files, "memberships")
    assert (row["uid"], row["notes"]) == (str(membership.uid), "The source names no day.")
    assert "id" not in row
    assert rows(files, "alliances")[0]["wikidata"] == "Q9484"
    assert rows(files, "organizations")[0]["wikidata"] == "Q205012"
    (citation,) = rows(files, "citations")
    assert (citation["uid"], citation["membership"]) == (str(membership.citations.get().uid), str(membership.uid))


def test_names_sizes_and_rankings_come_with_their_sources_published(api):
    alliance = AllianceFactory(slug="network")
    AllianceName.objects.create(alliance=alliance, name="Сеть", language="ru")
    organization = OrganizationFactory(slug="sber")
    OrganizationName.objects.create(organization=organization, name="Сбер", language="ru")
    published, draft = AnnouncementFactory(), AnnouncementFactory(status=Status.DRAFT)
    shown = ReportedSize.objects.create(
        alliance=alliance, as_of=datetime.date(2024, 12, 16), members=15, source=published
    )
    ReportedSize.objects.create(alliance=alliance, as_of=datetime.date(2025, 1, 1), members=99, source=draft)
    ranked = RankingFactory(source=published, edition_year=None)
    RankingFactory(source=draft)
    files = unzipped(api.get("/api/v1/register.zip"))
    assert [(row["alliance"], row["name"]) for row in rows(files, "alliance_names")] == [("network", "Сеть")]
    assert [(row["organization"], row["name"]) for row in rows(files, "organization_names")] == [("sber", "Сбер")]
    assert [(row["uid"], row["members"], row["source"]) for row in rows(files, "reported_sizes")] == [
        (str(shown.uid), "15", published.slug)
    ]
    assert [(row["uid"], row["edition_year"]) for row in rows(files, "rankings")] == [(str(ranked.uid), "")]


def test_drafts_stay_out(api):
    draft_source = AnnouncementFactory(status=Status.DRAFT, title="Unchecked rumour")
    published = MembershipFactory()
    published.sources.add(draft_source)
    MembershipFactory(status=Status.DRAFT, sources=[draft_source])
    files = unzipped(api.get("/api/v1/register.zip"))
    assert [row["uid"] for row in rows(files, "memberships")] == [str(published.uid)]
    assert "Unchecked rumour" not in "".join(files.values())
    assert [row["membership"] for row in rows(files, "citations")] == [str(published.uid)]


def test_text_a_spreadsheet_would_run_is_written_as_text(api):
    MembershipFactory(organization=OrganizationFactory(name="=HYPERLINK(1)"))
    names = [row["name"] for row in rows(unzipped(api.get("/api/v1/register.zip")), "organizations")]
    assert "'=HYPERLINK(1)" in names


def grow(size):
    alliance = AllianceFactory()
    for n in range(size):
        source = AnnouncementFactory()
        membership = MembershipFactory(alliance=alliance, sources=[source])
        MembershipSource.objects.filter(membership=membership).update(stance=Stance.SUPPORTS, quotation=f"Quote {n}")
        MembershipFactory(
            alliance=alliance, organization=None, country=country("RU"), start_date=datetime.date(2000 + n, 1, 1),
            end_date=datetime.date(2000 + n, 6, 1), end_precision="day",
        )  # fmt: skip


@pytest.mark.parametrize("size", [1, 12])
def test_queries_do_not_grow_with_the_register(api, django_assert_max_num_queries, size):
    grow(size)
    # Its versions, the register version, then one query a table.
    with django_assert_max_num_queries(2 + len(TABLES)):
        response = api.get("/api/v1/register.zip")
    assert len(rows(unzipped(response), "memberships")) == 2 * size


def test_the_zip_is_made_once_per_register_version(
    curator_api, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    grow(3)
    first = curator_api.get("/api/v1/register.zip")
    # A curator's request is not served from the shared responses: the zip itself is kept.
    with django_assert_max_num_queries(3):  # the token, the register version
        again = curator_api.get("/api/v1/register.zip")
    assert again.content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory()
    assert len(rows(unzipped(curator_api.get("/api/v1/register.zip")), "memberships")) == 7
