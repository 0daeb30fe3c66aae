"""Every change explained: each write path (admin, API, import) leaves one version with who and why."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.models import Announcement, Membership, MembershipSource, OrganizationName, Status

from .admin_forms import form_data
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def curator_api(curator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


def _versions(record):
    return list(record.history.order_by("history_id").values_list("history_type", "history_change_reason"))


# The API


def test_api_citations_each_leave_a_history_row_with_the_reason(curator_api, curator):
    alliance, organization = AllianceFactory(slug="aan"), OrganizationFactory(slug="org")
    first, second = AnnouncementFactory(), AnnouncementFactory()
    payload = {
        "alliance": "aan",
        "organization": "org",
        "start_date": "2024-12-11",
        "start_precision": "day",
        "sources": [first.pk],
        "change_reason": "Named in the founding communiqué",
    }
    response = curator_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get(alliance=alliance, organization=organization)
    assert _versions(membership) == [("+", "Named in the founding communiqué")]
    citation = MembershipSource.history.get(announcement=first)
    assert (citation.history_type, citation.history_user, citation.history_change_reason) == (
        "+",
        curator,
        "Named in the founding communiqué",
    )

    response = curator_api.patch(
        f"/api/v1/memberships/{membership.pk}/", {"sources": [second.pk], "change_reason": "Better source"}, "json"
    )
    assert response.status_code == 200, response.json()
    kept = MembershipSource.history.order_by("history_id").values_list(
        "announcement_id", "history_type", "history_change_reason"
    )
    # The new source is cited before the old one goes: the membership is never without one.
    assert list(kept) == [
        (first.pk, "+", "Named in the founding communiqué"),
        (second.pk, "+", "Better source"),
        (first.pk, "-", "Better source"),
    ]


def test_an_api_announcement_with_its_alliances_and_countries_is_one_version(curator_api):
    AllianceFactory(slug="aan")
    payload = {
        "slug": "founding",
        "title": "Founding",
        "date": "2024-12-11",
        "date_precision": "day",
        "alliances": ["aan"],
        "countries": ["br", "in"],
        "change_reason": "Press release",
    }
    assert curator_api.post("/api/v1/announcements/", payload, format="json").status_code == 201
    announcement = Announcement.objects.get(slug="founding")
    assert _versions(announcement) == [("+", "Press release")]
    version = announcement.history.get()
    assert sorted(row.country_id for row in version.countries.all()) == ["BR", "IN"]


def test_an_api_change_without_a_reason_is_kept_with_none(curator_api):
    organization = OrganizationFactory(slug="org")
    response = curator_api.patch("/api/v1/organizations/org/", {"name": "Renamed"}, format="json")
    assert response.status_code == 200
    assert _versions(organization)[-1] == ("~", None)
    assert "change_reason" not in response.json()


def test_an_api_reason_longer_than_history_keeps_is_refused_naming_the_field(curator_api):
    OrganizationFactory(slug="org")
    response = curator_api.patch("/api/v1/organizations/org/", {"change_reason": "x" * 101}, format="json")
    assert response.status_code == 400
    assert "change_reason" in response.json()


# The admin


def test_a_new_announcement_from_the_admin_is_one_version_and_no_empty_changed_row(curator_client):
    alliance = AllianceFactory()
    url = reverse("admin:alliances_announcement_add")
    data = form_data(
        curator_client.get(url),
        title="Founding",
        slug="founding",
        kind="press_release",
        date="2024-12-11",
        date_precision="day",
        alliances=[alliance.pk],
        countries=["BR", "IN"],
        organizations=[],
        language="en",
        change_reason="Press release",
    )
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    announcement = Announcement.objects.get(slug="founding")
    assert _versions(announcement) == [("+", "Press release")]
    entries = curator_client.get(reverse("curator-activity-mine")).context["entries"]
    assert [(entry["type"], entry["object"]) for entry in entries] == [("Created", str(announcement))]


def test_a_source_added_in_the_admin_leaves_a_row_with_the_reason(curator_client):
    membership = MembershipFactory()
    another = AnnouncementFactory(title=f"{membership.alliance.name} grows")  # it names the alliance
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    page = curator_client.get(url)
    data = form_data(page, change_reason="A second source")
    data.update({"citations-TOTAL_FORMS": "2", "citations-1-announcement": another.pk})
    response = curator_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    added = MembershipSource.history.get(announcement=another)
    assert (added.history_type, added.history_change_reason, added.history_user.username) == (
        "+",
        "A second source",
        "curator",
    )


def test_unpublishing_in_the_admin_form_needs_a_reason(curator_client):
    membership = MembershipFactory()
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), status=Status.DRAFT))
    assert response.status_code == 200
    assert "a reason is required to unpublish" in response.content.decode()
    response = curator_client.post(
        url, form_data(curator_client.get(url), status=Status.DRAFT, change_reason="Source retracted")
    )
    assert response.status_code == 302
    assert _versions(membership)[-1] == ("~", "Source retracted")


def test_deleting_an_inline_row_needs_a_reason(curator_client):
    organization = OrganizationFactory()
    name = OrganizationName.objects.create(organization=organization, name="OldAcronym", kind="acronym")
    url = reverse("admin:alliances_organization_change", args=[organization.pk])
    data = form_data(curator_client.get(url), **{"other_names-0-DELETE": "on"})
    response = curator_client.post(url, data)
    assert response.status_code == 200
    assert "a reason is required to unpublish a record or to delete one of its rows" in response.content.decode()
    assert OrganizationName.objects.filter(pk=name.pk).exists()

    response = curator_client.post(url, {**data, "change_reason": "Never used"})
    assert response.status_code == 302
    assert OrganizationName.history.get(id=name.pk, history_type="-").history_change_reason == "Never used"


def test_a_delete_confirmation_asks_for_the_reason(curator_client):
    name = OrganizationName.objects.create(organization=OrganizationFactory(), name="X", kind="acronym")
    page = curator_client.get(reverse("admin:alliances_organizationname_delete", args=[name.pk]))
    text = page.content.decode()
    assert 'name="change_reason"' in text and "Reason for this change" in text


# The import


def test_an_import_run_gives_its_reason_to_every_row_and_citation(curator_client):
    AllianceFactory(slug="aan")
    OrganizationFactory(slug="org")
    AnnouncementFactory(slug="first")
    content = io.StringIO()
    content.write("alliance,organization,country,role,start,end,end_reason,status,sources\n")
    content.write("aan,org,,member,2024-12-11,,,published,first\n")
    upload = SimpleUploadedFile("rows.csv", content.getvalue().encode())
    preview = curator_client.post(
        reverse("admin:alliances_membership_import"),
        {"import_file": upload, "format": 0, "change_reason": "Members listed at AI Journey"},
    )
    form = preview.context["confirm_form"]
    assert form.initial["change_reason"] == "Members listed at AI Journey"
    response = curator_client.post(reverse("admin:alliances_membership_process_import"), form.initial, follow=True)
    assert response.status_code == 200
    membership = Membership.objects.get()
    assert _versions(membership) == [("+", "Members listed at AI Journey")]
    citation = MembershipSource.history.get()
    assert (citation.history_change_reason, citation.history_user.username) == (
        "Members listed at AI Journey",
        "curator",
    )
