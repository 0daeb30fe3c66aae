"""Bulk import and export: dry-run preview, all-or-nothing with per-row errors, dates with precision, round trip."""

import csv
import datetime
import io
import re

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from alliances.admin.resources import AnnouncementResource, MembershipResource, OrganizationResource
from alliances.models import Announcement, Membership, MembershipSource, Organization, Status

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

CSV, XLSX = 0, 1  # the admin's format choices
MEMBERSHIP_HEADER = ["alliance", "organization", "country", "role", "start", "end", "end_reason", "status", "sources"]


def _csv(header, *rows):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode()


def _upload(client, model, content, name="rows.csv", file_format=CSV):
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse(f"admin:alliances_{model}_import"), {"import_file": upload, "format": file_format})


def _confirm(client, model, preview):
    form = preview.context["confirm_form"]
    return client.post(reverse(f"admin:alliances_{model}_process_import"), form.initial, follow=True)


def _history_count():
    return sum(model.history.count() for model in (Organization, Membership, MembershipSource, Announcement))


def test_dry_run_previews_new_changed_and_unchanged_rows_and_writes_nothing(curator_client):
    kept = OrganizationFactory(slug="kept", name="Kept Association", website="")
    renamed = OrganizationFactory(slug="renamed", name="Old Name", website="")
    content = _csv(
        ["slug", "name", "kind", "country", "website", "description"],
        ["kept", kept.name, kept.kind, "br", "", ""],
        ["renamed", "New Name", renamed.kind, "BR", "", ""],
        ["fresh", "Fresh Institute", "research_institute", "IN", "", ""],
    )
    before = _history_count()
    response = _upload(curator_client, "organization", content)
    text = response.content.decode()
    assert "1 new, 1 changed, 1 unchanged" in text
    labels = re.findall(r'<td class="import-type">\s*(\w+)\s*</td>', text)
    assert labels == ["Unchanged", "Changed", "New"]
    assert response.context["confirm_form"] is not None
    assert not Organization.objects.filter(slug="fresh").exists()
    assert Organization.objects.get(slug="renamed").name == "Old Name"
    assert _history_count() == before


def test_confirming_the_preview_writes_the_rows_with_the_curator_in_history(curator_client):
    OrganizationFactory(slug="renamed", name="Old Name", website="")
    content = _csv(
        ["slug", "name", "kind", "country", "website", "description"],
        ["renamed", "New Name", "national_association", "BR", "", ""],
        ["fresh", "Fresh Institute", "research_institute", "IN", "https://fresh.example", ""],
    )
    response = _confirm(curator_client, "organization", _upload(curator_client, "organization", content))
    assert "Import finished: 1 new, 1 updated" in response.content.decode()
    fresh = Organization.objects.get(slug="fresh")
    assert fresh.country.code == "IN" and fresh.website == "https://fresh.example"
    renamed = Organization.objects.get(slug="renamed")
    assert renamed.name == "New Name"
    assert renamed.history.first().history_user.username == "curator"
    assert fresh.history.get().history_type == "+"


def test_a_file_with_bad_rows_writes_nothing_and_names_each_row_column_and_reason(curator_client):
    alliance = AllianceFactory(slug="aan")
    organization = OrganizationFactory(slug="good-org")
    source = AnnouncementFactory(slug="seed")
    content = _csv(
        MEMBERSHIP_HEADER,
        ["aan", "good-org", "", "member", "2024-12-11", "", "", "published", "seed"],
        ["no-such-alliance", "good-org", "", "member", "2020", "", "", "draft", ""],
        ["aan", "", "XX", "member", "2024-13", "", "", "draft", ""],
        ["aan", "good-org", "", "member", "2010", "2011", "withdrew", "published", ""],
    )
    response = _upload(curator_client, "membership", content)
    text = response.content.decode()
    assert response.context.get("confirm_form") is None
    invalid = {row.number: row for row in response.context["result"].invalid_rows}
    assert set(invalid) == {2, 3, 4}
    assert "No alliance with slug 'no-such-alliance'." in invalid[2].field_specific_errors["alliance"]
    assert "No country with code 'XX'." in invalid[3].field_specific_errors["country"]
    assert "'2024-13' is not a date that exists." in invalid[3].field_specific_errors["start"]
    assert "must cite at least one published announcement" in invalid[4].field_specific_errors["sources"][0]
    assert "Some rows failed to validate" in text
    assert not Membership.objects.filter(alliance=alliance, organization=organization).exists()
    assert not source.memberships.exists()  # the good first row was not written either


def test_dates_are_kept_as_written_in_edtf():
    AllianceFactory(slug="brics")
    content = _csv(
        MEMBERSHIP_HEADER,
        ["brics", "", "AR", "invited", "2023-08-24", "2023-12", "declined", "draft", ""],
        ["brics", "", "ID", "member", "2025", "", "", "draft", ""],
        ["brics", "", "EG", "member", "by 2024-01-01", "", "", "draft", ""],
        ["brics", "", "BY", "partner", "2024-10/2024-12-23", "", "", "draft", ""],
    )
    result = MembershipResource().import_data(tablib.Dataset().load(content.decode(), format="csv"))
    assert not result.has_errors() and not result.has_validation_errors()
    stored = {m.country_id: m for m in Membership.objects.all()}
    assert (stored["AR"].start, stored["AR"].end, stored["AR"].end_latest) == (
        "2023-08-24",
        "2023-12",
        datetime.date(2023, 12, 31),
    )
    assert (stored["ID"].start, stored["ID"].start_earliest, stored["ID"].end) == (
        "2025",
        datetime.date(2025, 1, 1),
        "",
    )
    assert stored["EG"].start == "../2024-01-01"  # the form of before, kept as EDTF
    assert stored["BY"].start_earliest == datetime.date(2024, 10, 1)


def test_a_file_of_countries_needs_no_organization_column():
    AllianceFactory(slug="brics")
    content = _csv(["alliance", "country", "role", "start"], ["brics", "ir", "member", "2024-01-01"])
    result = MembershipResource().import_data(tablib.Dataset().load(content.decode(), format="csv"))
    assert result.totals["new"] == 1
    assert Membership.objects.get().country_id == "IR"


def test_a_changed_precision_of_an_end_alone_counts_as_a_change():
    membership = MembershipFactory(start="2024-01-01", end="2025-01-01", end_reason="withdrew")
    dataset = MembershipResource().export()
    dataset.dict = [{**row, "end": "2025"} for row in dataset.dict]
    # The membership is found by its start as written; only the end's precision differs.
    result = MembershipResource().import_data(dataset)
    assert result.totals["update"] == 1
    membership.refresh_from_db()
    assert (membership.end, membership.end_latest) == ("2025", datetime.date(2025, 12, 31))


def test_import_sets_sources_by_slug_and_history_records_each_citation(curator):
    AllianceFactory(slug="aan")
    OrganizationFactory(slug="org")
    AnnouncementFactory(slug="first")
    AnnouncementFactory(slug="second")
    content = _csv(MEMBERSHIP_HEADER, ["aan", "org", "", "member", "2024-12-11", "", "", "published", "first,second"])
    result = MembershipResource().import_data(tablib.Dataset().load(content.decode(), format="csv"), user=curator)
    assert not result.has_validation_errors()
    membership = Membership.objects.get()
    assert sorted(membership.sources.values_list("slug", flat=True)) == ["first", "second"]
    assert MembershipSource.history.filter(history_type="+").count() == 2


def test_unknown_source_slugs_are_named():
    AllianceFactory(slug="aan")
    OrganizationFactory(slug="org")
    content = _csv(MEMBERSHIP_HEADER, ["aan", "org", "", "member", "2024", "", "", "draft", "nope,also-nope"])
    result = MembershipResource().import_data(tablib.Dataset().load(content.decode(), format="csv"))
    errors = result.invalid_rows[0].field_specific_errors
    assert errors == {"sources": ["No source (announcement) with slug nope, also-nope."]}


@pytest.mark.usefixtures("some_of_the_register")
class TestOnTheRegisterThatShips:
    @pytest.mark.parametrize("file_format", ["csv", "xlsx"])
    def test_export_then_import_changes_nothing(self, file_format):
        Membership.objects.filter(country__code="SA").update(notes="Still only invited.")
        before = _history_count()
        assert_export_imports_unchanged(file_format)
        assert _history_count() == before

    def test_the_admin_exports_csv_with_slugs_codes_and_partial_dates(self, curator_client):
        fields = {f"membershipresource_{name}": "on" for name in [*MEMBERSHIP_HEADER, "notes"]}
        response = curator_client.post(
            reverse("admin:alliances_membership_export"), {"format": CSV, "resource": 0, **fields}
        )
        assert response.status_code == 200
        rows = list(csv.DictReader(io.StringIO(response.content.decode())))
        argentina = next(row for row in rows if row["country"] == "AR")
        assert argentina["alliance"] == "brics"
        assert argentina["end"] == "2023-12-22"
        assert argentina["start"] == "2023-08-24"
        assert argentina["sources"]

    def test_the_admin_preview_of_an_unchanged_xlsx_export_shows_every_row_unchanged(self, curator_client):
        xlsx = OrganizationResource().export().export("xlsx")
        response = _upload(curator_client, "organization", xlsx, name="organizations.xlsx", file_format=XLSX)
        count = Organization.objects.count()
        assert f"0 new, 0 changed, {count} unchanged" in response.content.decode()


def assert_export_imports_unchanged(file_format):
    """Every resource's export, imported again, skips every row: nothing new, nothing changed."""
    for resource_class in (OrganizationResource, AnnouncementResource, MembershipResource):
        exported = resource_class().export().export(file_format)
        dataset = tablib.Dataset().load(exported, format=file_format)
        result = resource_class().import_data(dataset)
        assert not result.has_errors() and not result.has_validation_errors(), resource_class
        assert result.totals["skip"] == len(dataset) > 0, resource_class
        assert result.totals["new"] == result.totals["update"] == 0


def test_import_reports_likely_duplicates_in_the_preview(curator_client):
    OrganizationFactory(slug="nab", name="National AI Association of Brazil", country=country("BR"))
    content = _csv(
        ["slug", "name", "kind", "country", "website", "description"],
        ["nab-2", "National A.I. Association of Brazil", "national_association", "BR", "", ""],
        ["nai", "National AI Association of India", "national_association", "IN", "", ""],
    )
    response = _upload(curator_client, "organization", content)
    duplicates = response.context["result"].likely_duplicates
    assert [(d["row"], d["name"]) for d in duplicates] == [(1, "National A.I. Association of Brazil")]
    assert [o.slug for o in duplicates[0]["matches"]] == ["nab"]
    assert "Likely duplicates" in response.content.decode()
    assert response.context["confirm_form"] is not None  # a curator may still confirm


def test_an_import_cannot_unpublish_the_only_source_of_a_published_membership():
    source = AnnouncementFactory(slug="only")
    MembershipFactory(sources=[source])
    dataset = AnnouncementResource().export(queryset=Announcement.objects.filter(pk=source.pk))
    dataset.dict = [{**row, "status": Status.DRAFT} for row in dataset.dict]
    result = AnnouncementResource().import_data(dataset)
    message = result.invalid_rows[0].field_specific_errors["status"][0]
    assert "1 published membership would be left without a published source" in message
    source.refresh_from_db()
    assert source.status == Status.PUBLISHED
