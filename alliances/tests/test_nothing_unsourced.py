"""A published membership always cites a published announcement that supports it, whatever path writes (services)."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.dataset.version import register_version
from alliances.models import Announcement, MembershipSource, Stance, Status
from alliances.services import record_delete, record_save

from .admin_forms import form_data
from .factories import AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LEFT = "published membership would be left without a published source"
LEFT_MANY = "published memberships would be left without a published source"


@pytest.fixture
def only_source():
    """An announcement that is the only published source of four published memberships."""
    source = AnnouncementFactory(slug="only-source")
    for _ in range(4):
        MembershipFactory(sources=[source])
    return source


@pytest.fixture
def token_client(curator):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


def _still_published(announcement):
    announcement.refresh_from_db()
    return announcement.status == Status.PUBLISHED


@pytest.mark.parametrize("method", ["patch", "put"])
def test_the_api_refuses_to_put_back_to_draft_the_only_source_of_published_memberships(
    token_client, only_source, method
):
    url = f"/api/v1/announcements/{only_source.slug}/"
    body = {"status": "draft", "change_reason": "Retracted"}
    if method == "put":
        body = {**token_client.get(url).json(), **body}
        body = {key: value for key, value in body.items() if key not in ("url", "updated_at", "id")}
        body.update(alliances=[], countries=[], organizations=[])
    response = getattr(token_client, method)(url, body, format="json")
    assert response.status_code == 400, response.content
    assert f"4 {LEFT_MANY}" in response.json()["status"][0]
    assert _still_published(only_source)
    assert json.loads(APIClient().get("/api/v1/memberships/").content)["results"][0]["sources"] != []


def test_the_admin_form_refuses_it_on_the_status_field(curator_client, only_source):
    url = reverse("admin:alliances_announcement_change", args=[only_source.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), status="draft", change_reason="Retracted"))
    assert response.status_code == 200
    assert f"4 {LEFT_MANY}" in str(response.context["adminform"].form.errors["status"])
    assert _still_published(only_source)


def test_the_service_refuses_it_for_every_path_that_saves(only_source):
    # A load of the register's files or any code that writes through record_save.
    only_source.status = Status.DRAFT
    with pytest.raises(ValidationError) as refused:
        record_save(record=only_source, reason="Retracted")
    assert f"4 {LEFT_MANY}" in refused.value.message_dict["status"][0]
    assert _still_published(Announcement.objects.get(pk=only_source.pk))


def test_an_announcement_with_a_second_published_source_beside_it_may_go_back_to_draft(token_client):
    first, second = AnnouncementFactory(), AnnouncementFactory()
    MembershipFactory(sources=[first, second])
    response = token_client.patch(f"/api/v1/announcements/{first.slug}/", {"status": "draft"}, format="json")
    assert response.status_code == 200
    assert not _still_published(first)


def test_a_disputing_source_does_not_count_as_a_source(token_client):
    supporting, disputing = AnnouncementFactory(), AnnouncementFactory()
    membership = MembershipFactory(sources=[supporting, disputing])
    MembershipSource.objects.filter(membership=membership, announcement=disputing).update(stance=Stance.DISPUTES)
    response = token_client.patch(f"/api/v1/announcements/{supporting.slug}/", {"status": "draft"}, format="json")
    assert response.status_code == 400
    assert f"1 {LEFT}" in response.json()["status"][0]


def test_the_only_supporting_citation_cannot_be_turned_into_a_disputing_one(curator_client):
    membership = MembershipFactory()
    citation = MembershipSource.objects.get(membership=membership)
    url = reverse("admin:alliances_membershipsource_change", args=[citation.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), stance="disputes", cite_anyway="on"))
    assert response.status_code == 200
    assert "would be left without a published source" in str(response.context["adminform"].form.errors)
    citation.refresh_from_db()
    assert citation.stance == Stance.SUPPORTS


def test_the_only_supporting_citation_cannot_be_moved_to_a_draft_source(curator_client):
    membership = MembershipFactory()
    citation = MembershipSource.objects.get(membership=membership)
    draft = AnnouncementFactory(status=Status.DRAFT)
    url = reverse("admin:alliances_membershipsource_change", args=[citation.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), announcement=draft.pk))
    assert response.status_code == 200
    citation.refresh_from_db()
    assert citation.announcement_id != draft.pk


def test_the_service_refuses_to_delete_the_last_published_source():
    membership = MembershipFactory()
    citation = MembershipSource.objects.get(membership=membership)
    with pytest.raises(ValidationError):
        record_delete(record=citation, reason="Wrong source")
    assert MembershipSource.objects.filter(pk=citation.pk).exists()


def test_replacing_the_only_source_by_another_published_one_is_allowed(token_client):
    first, second = AnnouncementFactory(), AnnouncementFactory()
    membership = MembershipFactory(sources=[first])
    response = token_client.patch(f"/api/v1/memberships/{membership.pk}/", {"sources": [second.pk]}, format="json")
    assert response.status_code == 200, response.content
    assert list(membership.sources.all()) == [second]


def test_the_service_refuses_a_published_membership_without_sources():
    membership = MembershipFactory()
    with pytest.raises(ValidationError):
        record_save(record=membership, relations={"sources": []}, reason="Sources removed")
    assert membership.sources.count() == 1


def _version():
    return register_version().moment


def test_the_register_download_is_versioned_by_published_records_only(curator):
    published = MembershipFactory()
    draft = MembershipFactory(status=Status.DRAFT, sources=[AnnouncementFactory(status=Status.DRAFT)])
    before = _version()
    # A curator edits the draft (and its draft source): the published register, and its download, did not change.
    draft.notes = "Checked again"
    record_save(record=draft, reason="A note", user=curator)
    source = draft.sources.get()
    source.title = "Another title"
    record_save(record=source, reason="A title", user=curator)
    assert _version() == before
    published.notes = "Public note"
    record_save(record=published, reason="A note", user=curator)
    assert _version() != before


def test_taking_a_record_from_the_public_moves_the_download_version(curator):
    membership = MembershipFactory()
    before = _version()
    membership.status = Status.DRAFT
    record_save(record=membership, reason="Not yet certain", user=curator)
    after = _version()
    assert after != before
    # Then edited as a draft: that moves nothing.
    membership.notes = "Still checking"
    record_save(record=membership, reason="A note", user=curator)
    assert _version() == after
