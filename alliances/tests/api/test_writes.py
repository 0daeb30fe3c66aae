"""Writes: who may make them, and the admin's validation with answers that name the field."""

import pytest
from django.db import IntegrityError

from alliances.api.views import AllianceViewSet
from alliances.models import Alliance, Announcement, Membership, Organization, Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def existing():
    return {
        "alliance": AllianceFactory(slug="brics"),
        "organization": OrganizationFactory(slug="sber"),
        "announcement": AnnouncementFactory(),
        "membership": MembershipFactory(),
    }


def new_payload(resource, existing):
    return {
        "alliances": {"slug": "gpai", "name": "GPAI", "kind": "ai_alliance", "founded_precision": "day"},
        "organizations": {"slug": "new-org", "name": "New Org", "kind": "company", "country": "br"},
        "announcements": {"slug": "new-ann", "title": "New", "date": "2025-01-06", "date_precision": "day"},
        "memberships": {
            "alliance": "brics",
            "organization": "sber",
            "start_date": "2025-01-06",
            "start_precision": "day",
        },
    }[resource]


def detail_url(resource, existing):
    key = {
        "alliances": existing["alliance"].slug,
        "organizations": existing["organization"].slug,
        "announcements": existing["announcement"].pk,
        "memberships": existing["membership"].pk,
    }[resource]
    return f"/api/v1/{resource}/{key}/"


RESOURCES = ["alliances", "organizations", "announcements", "memberships"]
MODELS = {
    "alliances": Alliance,
    "organizations": Organization,
    "announcements": Announcement,
    "memberships": Membership,
}


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(("who", "status"), [("api", 401), ("reader_api", 403)])
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_only_curators_may_write(request, existing, resource, who, status, method):
    client = request.getfixturevalue(who)
    count = MODELS[resource].objects.count()
    url = f"/api/v1/{resource}/" if method == "post" else detail_url(resource, existing)
    response = getattr(client, method)(url, new_payload(resource, existing), format="json")
    assert response.status_code == status
    assert MODELS[resource].objects.count() == count


EDITS = {
    "alliances": {"name": "Renamed"},
    "organizations": {"name": "Renamed"},
    "announcements": {"title": "Renamed"},
    "memberships": {"role": "observer"},
}


@pytest.mark.parametrize("who", ["api", "reader_api", "curator_api"])
def test_a_read_builds_the_views_queryset_once_whoever_asks(request, existing, monkeypatch, who):
    """The permission check of a read asks for nothing: DRF's built the queryset a second time to find its model."""
    calls = []
    real = AllianceViewSet.get_queryset
    monkeypatch.setattr(AllianceViewSet, "get_queryset", lambda self: calls.append(1) or real(self))
    assert request.getfixturevalue(who).get("/api/v1/alliances/").status_code == 200
    assert len(calls) == 1


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_curator_creates_and_patches_but_only_an_admin_deletes(curator_api, admin_api, existing, resource):
    model = MODELS[resource]
    created = curator_api.post(f"/api/v1/{resource}/", new_payload(resource, existing), format="json")
    assert created.status_code == 201, created.content
    obj = model.objects.latest("pk")
    url = detail_url(resource, {**existing, resource.removesuffix("s"): obj})
    edited = curator_api.patch(url, EDITS[resource], format="json")
    assert edited.status_code == 200, edited.content
    ((field, value),) = EDITS[resource].items()
    obj.refresh_from_db()
    assert getattr(obj, field) == value
    # Curators never delete these records (alliances.roles); they set them back to draft instead.
    assert curator_api.delete(url).status_code == 403
    assert model.objects.filter(pk=obj.pk).exists()
    assert admin_api.delete(url).status_code == 204
    assert not model.objects.filter(pk=obj.pk).exists()


def test_a_session_curator_may_write_too(curator_client, existing):
    response = curator_client.post(
        "/api/v1/organizations/",
        {"slug": "by-session", "name": "By session", "kind": "company"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert Organization.objects.filter(slug="by-session").exists()


def test_a_new_membership_is_a_draft_and_answers_in_the_read_shape(curator_api, existing):
    response = curator_api.post("/api/v1/memberships/", new_payload("memberships", existing), format="json")
    body = response.json()
    assert body["alliance"] == {"slug": "brics", "name": existing["alliance"].name}
    assert body["member"]["slug"] == "sber"
    assert Membership.objects.get(pk=body["id"]).status == Status.DRAFT


def test_publishing_without_a_published_source_answers_400_on_status(curator_api, existing):
    payload = {**new_payload("memberships", existing), "status": "published"}
    response = curator_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 400
    assert "status" in response.json()
    payload["sources"] = [existing["announcement"].pk]
    assert curator_api.post("/api/v1/memberships/", payload, format="json").status_code == 201


def test_an_end_before_the_start_answers_400_on_end_date(curator_api, existing):
    payload = {**new_payload("memberships", existing), "end_date": "2024-01-01", "end_precision": "day"}
    response = curator_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 400
    assert "end_date" in response.json()


def test_an_imprecise_date_not_stored_as_its_first_day_answers_400(curator_api, existing):
    payload = {**new_payload("memberships", existing), "start_date": "2025-03-15", "start_precision": "year"}
    response = curator_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 400
    assert "2025-01-01" in str(response.json()["start_date"])


def test_an_overlapping_membership_answers_400_on_start_date(curator_api, existing):
    curator_api.post("/api/v1/memberships/", new_payload("memberships", existing), format="json")
    response = curator_api.post("/api/v1/memberships/", new_payload("memberships", existing), format="json")
    assert response.status_code == 400
    assert "start_date" in response.json()


def test_both_or_neither_member_answers_400(curator_api, existing):
    payload = {**new_payload("memberships", existing), "country": "br"}
    response = curator_api.post("/api/v1/memberships/", payload, format="json")
    assert response.status_code == 400
    assert "organization" in response.json()


def test_a_duplicate_slug_answers_400_on_slug(curator_api, existing):
    response = curator_api.post("/api/v1/alliances/", {"slug": "brics", "name": "Again", "kind": "bloc"}, format="json")
    assert response.status_code == 400
    assert "slug" in response.json()


def test_deleting_an_alliance_that_has_memberships_answers_409(admin_api, existing):
    membership = existing["membership"]
    response = admin_api.delete(f"/api/v1/alliances/{membership.alliance.slug}/")
    assert response.status_code == 409
    assert "detail" in response.json()
    assert Alliance.objects.filter(pk=membership.alliance_id).exists()


def test_a_write_that_loses_a_race_answers_409_not_500(curator_api, existing, monkeypatch):
    def conflict(*args, **kwargs):
        raise IntegrityError("membership_no_overlap")

    monkeypatch.setattr(Membership, "save", conflict)
    response = curator_api.post("/api/v1/memberships/", new_payload("memberships", existing), format="json")
    assert response.status_code == 409
    assert "detail" in response.json()


def test_countries_are_read_only(admin_api, curator_api):
    assert admin_api.delete("/api/v1/countries/br/").status_code == 405
    assert admin_api.post("/api/v1/countries/", {"code": "XX"}, format="json").status_code == 405
    # A curator may not delete countries either: the permission check answers before the method check.
    assert curator_api.delete("/api/v1/countries/br/").status_code == 403


def test_a_write_runs_full_validation_on_patch(curator_api, existing):
    membership = existing["membership"]
    response = curator_api.patch(
        f"/api/v1/memberships/{membership.pk}/", {"end_date": "2000-01-01", "end_precision": "day"}, format="json"
    )
    assert response.status_code == 400
    assert "end_date" in response.json()
    membership.refresh_from_db()
    assert membership.end == ""
    assert membership.start == "2024-12-11"


def test_citing_a_draft_source_leaves_a_published_memberships_updated_at(curator_api):
    published_source = AnnouncementFactory()
    membership = MembershipFactory(sources=[published_source])
    before = Membership.objects.get(pk=membership.pk).updated_at
    draft = AnnouncementFactory(status=Status.DRAFT)
    url = f"/api/v1/memberships/{membership.pk}/"
    response = curator_api.patch(url, {"sources": [published_source.pk, draft.pk]}, format="json")
    assert response.status_code == 200
    assert {source["id"] for source in response.json()["sources"]} == {published_source.pk, draft.pk}
    assert Membership.objects.get(pk=membership.pk).updated_at == before
    # Another published source is news for readers: then it moves.
    response = curator_api.patch(url, {"sources": [published_source.pk, AnnouncementFactory().pk]}, format="json")
    assert response.status_code == 200
    assert Membership.objects.get(pk=membership.pk).updated_at > before
