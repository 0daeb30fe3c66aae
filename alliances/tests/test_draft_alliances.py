"""A body has a draft state: a draft body and its memberships stay out of every public page, feed and API list."""

import csv
import io
import zipfile

import pytest
from rest_framework.test import APIClient

from alliances.models import Alliance, Status

from .conftest import load_register_folders
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

HIDDEN = "Secret Compact"


@pytest.fixture
def draft():
    """A draft body with a published membership of a Brazilian organisation, cited by a published announcement."""
    alliance = AllianceFactory(slug="secret-compact", name=HIDDEN, status=Status.DRAFT)
    source = AnnouncementFactory(slug="compact-news", title="News of the day")
    source.alliances.add(alliance)
    organization = OrganizationFactory(slug="brazil-ai", name="Brazil AI", country=country("BR"))
    membership = MembershipFactory(alliance=alliance, organization=organization, sources=[source])
    return alliance, membership


PAGES = [
    "/",
    "/alliances/",
    "/countries/",
    "/countries/br/",
    "/organizations/brazil-ai/",
    "/announcements/",
    "/announcements/compact-news/",
    "/timeline/",
    "/compare/",
    "/search/?q=secret",
    "/feeds/announcements/",
    "/sitemap-alliances.xml",
    "/ru/",
]


@pytest.mark.parametrize("address", PAGES)
def test_a_draft_body_is_named_on_no_public_page(client, draft, address):
    response = client.get(address)
    assert response.status_code == 200, address
    assert HIDDEN not in response.content.decode()
    assert "secret-compact" not in response.content.decode()


@pytest.mark.parametrize(
    "address",
    [
        "/alliances/secret-compact/",
        "/alliances/secret-compact/map.svg",
        "/feeds/announcements/secret-compact/",
        "/api/v1/alliances/secret-compact/",
        "/api/v1/alliances/secret-compact/members/",
        "/api/v1/alliances/secret-compact/popolo.json",
        "/api/v1/alliances/secret-compact/changes/?from=2024-01-01&to=2024-12-31",
    ],
)
def test_a_draft_bodys_own_addresses_answer_404(client, draft, address):
    assert client.get(address).status_code == 404


def test_the_api_lists_and_the_download_leave_out_a_draft_body_and_its_memberships(draft):
    api = APIClient()
    assert api.get("/api/v1/alliances/").json()["count"] == 0
    assert api.get("/api/v1/memberships/").json()["count"] == 0
    assert api.get("/api/v1/organizations/brazil-ai/").json()["memberships"] == []
    announcement = api.get("/api/v1/announcements/compact-news/").json()
    assert announcement["alliances"] == []
    archive = zipfile.ZipFile(io.BytesIO(api.get("/api/v1/register.zip").content))
    for table in ("alliances", "memberships", "citations"):
        assert list(csv.DictReader(io.StringIO(archive.read(f"{table}.csv").decode()))) == [], table


def test_curators_see_a_draft_body_in_the_api(draft, curator):
    api = APIClient()
    api.force_authenticate(curator)
    assert [row["slug"] for row in api.get("/api/v1/alliances/").json()["results"]] == ["secret-compact"]
    assert api.get("/api/v1/alliances/secret-compact/members/").json()["count"] == 1


def test_publishing_a_body_shows_it_with_its_memberships(client, draft, curator_client):
    alliance, _membership = draft
    response = curator_client.post(
        "/admin/alliances/alliance/",
        {"action": "publish", "_selected_action": [alliance.pk], "post": "yes", "change_reason": ""},
    )
    assert response.status_code == 302
    client.logout()
    page = client.get("/alliances/secret-compact/")
    assert page.status_code == 200
    assert "Brazil AI" in page.content.decode()


def test_a_new_body_starts_as_a_draft():
    assert Alliance._meta.get_field("status").default == Status.DRAFT


def test_the_shipped_bodies_load_as_published_when_their_file_has_no_status_column(tmp_path):
    load_register_folders(tmp_path, "shared", "brics")
    assert set(Alliance.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
