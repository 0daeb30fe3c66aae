"""Two curators editing one record: a save made from a stale form or a stale read is refused, and says what changed."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.models import MembershipSource, Organization
from alliances.roles import curator_create

from .admin_forms import form_data
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

STALE = "was changed while you edited it"


@pytest.fixture
def maria(db):
    user, _ = curator_create(username="maria", password="pw-for-tests-only")
    client = Client()
    client.force_login(user)
    return client


def _change_url(record):
    return reverse(f"admin:alliances_{record._meta.model_name}_change", args=[record.pk])


def _errors(response):
    return " ".join(str(error) for error in response.context["adminform"].form.non_field_errors())


def test_a_save_from_a_stale_form_is_refused_and_shows_what_changed(curator_client, maria):
    organization = OrganizationFactory(name="Old Name", website="")
    url = _change_url(organization)
    mine = form_data(curator_client.get(url), website="https://mine.example")
    theirs = form_data(maria.get(url), name="New Name")

    assert maria.post(url, theirs).status_code == 302
    response = curator_client.post(url, mine)

    assert response.status_code == 200
    errors = _errors(response)
    assert STALE in errors
    assert "maria" in errors and "Old Name" in errors and "New Name" in errors
    organization.refresh_from_db()
    assert (organization.name, organization.website) == ("New Name", "")
    # The page keeps what I typed and now carries the record's revision: saving it again, after reading, saves it.
    page = response.content.decode()
    revision = response.context["adminform"].form.data["loaded_revision"]
    assert revision != mine["loaded_revision"] and f'value="{revision}"' in page
    assert 'value="https://mine.example"' in page
    again = {**mine, "name": "New Name", "loaded_revision": revision}
    assert curator_client.post(url, again).status_code == 302
    organization.refresh_from_db()
    assert (organization.name, organization.website) == ("New Name", "https://mine.example")


def test_a_change_to_a_row_edited_inside_the_record_makes_the_form_stale(curator_client, maria):
    membership = MembershipFactory()
    url = _change_url(membership)
    mine = form_data(curator_client.get(url), notes="Mine.")
    citation = MembershipSource.objects.get(membership=membership)
    citation_url = _change_url(citation)
    changed = form_data(maria.get(citation_url), quotation="They said so.", cite_anyway="on")
    assert maria.post(citation_url, changed).status_code == 302

    response = curator_client.post(url, mine)
    assert response.status_code == 200
    assert STALE in _errors(response)
    membership.refresh_from_db()
    assert membership.notes == ""


def test_a_fresh_form_saves_whatever_others_changed_elsewhere(curator_client, maria):
    organization, other = OrganizationFactory(), OrganizationFactory()
    url = _change_url(organization)
    mine = form_data(curator_client.get(url), website="https://mine.example")
    assert maria.post(_change_url(other), form_data(maria.get(_change_url(other)), name="Renamed")).status_code == 302
    assert curator_client.post(url, mine).status_code == 302


def test_restoring_a_version_from_a_stale_page_is_refused_too(curator_client, maria):
    organization = OrganizationFactory(name="First")
    version = organization.history.first()
    assert maria.post(_change_url(organization), form_data(maria.get(_change_url(organization)), name="Second"))
    url = reverse("admin:alliances_organization_simple_history", args=[organization.pk, version.history_id])
    page = curator_client.get(url)
    assert maria.post(_change_url(organization), form_data(maria.get(_change_url(organization)), name="Third"))
    response = curator_client.post(url, form_data(page))
    assert response.status_code == 200
    organization.refresh_from_db()
    assert organization.name == "Third"


# The API: If-Match with the ETag it serves


@pytest.fixture
def token_client(curator):
    return _token_client(curator)


@pytest.fixture
def marias_api(maria):
    from django.contrib.auth import get_user_model

    return _token_client(get_user_model().objects.get(username="maria"))


def _token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


RECORDS = {
    # a record, its key in the address, a change, and another value of the changed field
    "alliances": lambda: (AllianceFactory(), "slug", {"website": "https://x.example"}, "https://stale.example"),
    "organizations": lambda: (OrganizationFactory(), "slug", {"website": "https://x.example"}, "https://y.example"),
    "announcements": lambda: (AnnouncementFactory(), "slug", {"publisher": "Someone"}, "Someone else"),
    "memberships": lambda: (MembershipFactory(), "pk", {"role": "observer"}, "partner"),
}


def _detail(resource):
    record, key, change, other = RECORDS[resource]()
    return f"/api/v1/{resource}/{getattr(record, key)}/", change, other


@pytest.mark.parametrize("resource", RECORDS)
def test_a_write_with_a_stale_if_match_answers_412_and_writes_nothing(token_client, marias_api, resource):
    url, change, other = _detail(resource)
    etag = token_client.get(url)["ETag"]
    assert etag
    [(field, value)] = change.items()
    assert marias_api.patch(url, {field: value}, format="json").status_code == 200

    response = token_client.patch(url, {field: other}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412, response.content
    assert "changed since you read it" in response.json()["detail"]
    # The 412 names the record's tag now: the revision part of what a read answers.
    assert response["ETag"].rpartition("~")[2] == token_client.get(url)["ETag"].rpartition("~")[2]
    assert token_client.get(url).json()[field] == value


@pytest.mark.parametrize("resource", RECORDS)
def test_a_write_with_the_current_etag_is_made_and_answers_the_next_etag(token_client, resource):
    url, change, other = _detail(resource)
    etag = token_client.get(url)["ETag"]
    response = token_client.patch(url, change, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] != etag
    # The ETag a write answers is good for the next write.
    [field] = change
    again = token_client.patch(url, {field: other}, format="json", HTTP_IF_MATCH=response["ETag"])
    assert again.status_code == 200, again.content


def test_a_write_elsewhere_does_not_make_an_etag_stale(token_client, marias_api):
    first, second = OrganizationFactory(), OrganizationFactory()
    etag = token_client.get(f"/api/v1/organizations/{first.slug}/")["ETag"]
    assert (
        marias_api.patch(f"/api/v1/organizations/{second.slug}/", {"website": "https://a.example"}).status_code == 200
    )
    response = token_client.patch(
        f"/api/v1/organizations/{first.slug}/", {"website": "https://b.example"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200


def test_a_changed_citation_makes_a_memberships_etag_stale(token_client):
    membership = MembershipFactory()
    url = f"/api/v1/memberships/{membership.pk}/"
    etag = token_client.get(url)["ETag"]
    MembershipSource.objects.filter(membership=membership).update(quotation="Changed behind the client's back.")
    assert token_client.patch(url, {"notes": "x"}, format="json", HTTP_IF_MATCH=etag).status_code == 412


def test_if_match_any_or_absent_writes_and_an_unknown_etag_does_not(token_client):
    organization = OrganizationFactory()
    url = f"/api/v1/organizations/{organization.slug}/"
    assert token_client.patch(url, {"website": "https://a.example"}, format="json").status_code == 200
    assert (
        token_client.patch(url, {"website": "https://b.example"}, format="json", HTTP_IF_MATCH="*").status_code == 200
    )
    refused = token_client.patch(url, {"website": "https://c.example"}, format="json", HTTP_IF_MATCH='"nonsense"')
    assert refused.status_code == 412
    assert Organization.objects.get(pk=organization.pk).website == "https://b.example"


def test_a_delete_with_a_stale_if_match_answers_412(admin_token_client, marias_api):
    organization = OrganizationFactory()
    url = f"/api/v1/organizations/{organization.slug}/"
    etag = admin_token_client.get(url)["ETag"]
    assert marias_api.patch(url, {"website": "https://a.example"}, format="json").status_code == 200
    assert admin_token_client.delete(url, HTTP_IF_MATCH=etag).status_code == 412
    assert Organization.objects.filter(pk=organization.pk).exists()
    etag = admin_token_client.get(url)["ETag"]
    assert admin_token_client.delete(url, HTTP_IF_MATCH=etag).status_code == 204


def test_a_curators_if_none_match_still_answers_304(token_client):
    organization = OrganizationFactory()
    url = f"/api/v1/organizations/{organization.slug}/"
    etag = token_client.get(url)["ETag"]
    assert token_client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_the_schema_documents_if_match_and_412(api_client_plain):
    schema = api_client_plain.get("/api/v1/schema/?format=json").json()
    for path in ("/api/v1/organizations/{slug}/", "/api/v1/memberships/{id}/"):
        for method in ("put", "patch", "delete"):
            operation = schema["paths"][path][method]
            assert any(p["name"] == "If-Match" and p["in"] == "header" for p in operation["parameters"]), method
            assert "412" in operation["responses"]


@pytest.fixture
def admin_token_client(superuser):
    return _token_client(superuser)


@pytest.fixture
def api_client_plain():
    return APIClient()
