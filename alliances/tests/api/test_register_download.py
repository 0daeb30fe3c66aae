"""/api/v1/register.zip: the whole published register as a Frictionless Data Package, valid by frictionless itself."""

import csv
import datetime
import io
import json
import zipfile

import pytest
from frictionless import validate

from alliances.api.datapackage import TABLES
from alliances.models import Membership, MembershipSource, Stance, Status

from ..conftest import load_register_folders
from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def unzipped(response):
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def rows(files, table):
    return list(csv.DictReader(io.StringIO(files[f"{table}.csv"])))


def test_the_shipped_register_downloads_as_a_valid_data_package(api, tmp_path):
    load_register_folders(tmp_path, "shared", "ai-alliance-network", "brics", "rankings")
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
    names = {"alliances", "organizations", "countries", "memberships", "announcements", "citations"}
    assert {resource["name"] for resource in descriptor["resources"]} == names
    for resource in descriptor["resources"]:
        header = next(csv.reader(io.StringIO(files[resource["path"]])))
        assert header == [field["name"] for field in resource["schema"]["fields"]], resource["name"]
    memberships = rows(files, "memberships")
    assert len(memberships) == Membership.objects.published().count()
    # Issue 10's fields: bounds and precisions of both dates, end reasons, disputes; stances and quotations.
    argentina = next(row for row in memberships if row["country"] == "AR")
    assert (argentina["role"], argentina["end_reason"]) == ("invited", "declined")
    saudi = next(row for row in memberships if row["country"] == "SA" and row["role"] == "member")
    assert saudi["disputed"] == "true"
    assert {row["start_bound"] for row in memberships} == {"on", "by"}
    # A precision or a bound is given only beside its date.
    assert {row["dissolved_precision"] for row in rows(files, "alliances") if not row["dissolved_date"]} == {""}
    assert {(row["end_precision"], row["end_bound"]) for row in memberships if not row["end_date"]} == {("", "")}
    citations = rows(files, "citations")
    assert {row["stance"] for row in citations} == {"supports", "disputes"}
    assert all(row["quotation"] for row in citations if row["stance"] == "supports")


def test_it_is_dated_and_versioned_by_the_newest_change(api):
    membership = MembershipFactory()
    changed = datetime.datetime(2030, 1, 2, 3, 4, 5, tzinfo=datetime.UTC)
    Membership.objects.filter(pk=membership.pk).update(updated_at=changed)
    descriptor = json.loads(unzipped(api.get("/api/v1/register.zip"))["datapackage.json"])
    assert (descriptor["created"], descriptor["version"]) == ("2030-01-02T03:04:05Z", "2030.01.02.030405")
    assert descriptor["profile"] == "tabular-data-package"


def test_drafts_stay_out(api):
    draft_source = AnnouncementFactory(status=Status.DRAFT, title="Unchecked rumour")
    published = MembershipFactory()
    published.sources.add(draft_source)
    MembershipFactory(status=Status.DRAFT, sources=[draft_source])
    files = unzipped(api.get("/api/v1/register.zip"))
    assert [row["id"] for row in rows(files, "memberships")] == [str(published.pk)]
    assert "Unchecked rumour" not in "".join(files.values())
    assert [row["membership"] for row in rows(files, "citations")] == [str(published.pk)]


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
    # Its versions, the newest change of four tables, then one query a table.
    with django_assert_max_num_queries(5 + len(TABLES)):
        response = api.get("/api/v1/register.zip")
    assert len(rows(unzipped(response), "memberships")) == 2 * size


def test_the_zip_is_made_once_per_register_version(
    curator_api, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    grow(3)
    first = curator_api.get("/api/v1/register.zip")
    # A curator's request is not served from the shared responses: the zip itself is kept.
    with django_assert_max_num_queries(6):  # the token, the newest change of four tables
        again = curator_api.get("/api/v1/register.zip")
    assert again.content == first.content
    with django_capture_on_commit_callbacks(execute=True):
        MembershipFactory()
    assert len(rows(unzipped(curator_api.get("/api/v1/register.zip")), "memberships")) == 7
