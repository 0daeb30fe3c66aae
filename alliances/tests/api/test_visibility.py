"""Drafts never reach anonymous clients; curators who may view them see them."""

import pytest

from alliances.models import Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, RankingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    alliance = AllianceFactory(slug="brics")
    published = MembershipFactory(alliance=alliance)
    draft_source = AnnouncementFactory(status=Status.DRAFT, title="Unchecked rumour")
    draft = MembershipFactory(alliance=alliance, status=Status.DRAFT, sources=[draft_source])
    published.sources.add(draft_source)
    return published, draft, draft_source


def test_anonymous_clients_never_see_draft_memberships_or_sources(api, records):
    published, draft, draft_source = records
    body = api.get("/api/v1/memberships/").json()
    assert [row["id"] for row in body["results"]] == [published.pk]
    assert "Unchecked rumour" not in str(body)
    assert api.get(f"/api/v1/memberships/{draft.pk}/").status_code == 404
    assert api.get(f"/api/v1/announcements/{draft_source.pk}/").status_code == 404
    assert api.get(f"/api/v1/announcements/{draft_source.slug}/").status_code == 404
    assert draft_source.pk not in [a["id"] for a in api.get("/api/v1/announcements/").json()["results"]]
    members = api.get("/api/v1/alliances/brics/members/").json()
    assert [row["id"] for row in members["results"]] == [published.pk]
    popolo = api.get("/api/v1/alliances/brics/popolo.json").json()
    assert [m["id"] for m in popolo["memberships"]] == [f"membership/{published.uid}"]


def test_rankings_citing_a_draft_stay_hidden(api):
    RankingFactory(source=AnnouncementFactory(status=Status.DRAFT))
    assert api.get("/api/v1/countries/ru/").json()["rankings"] == []


def test_a_logged_in_reader_without_view_permission_sees_published_only(reader_api, records):
    published, _, _ = records
    assert [row["id"] for row in reader_api.get("/api/v1/memberships/").json()["results"]] == [published.pk]


def test_a_curator_with_view_permission_sees_drafts(viewer_api, records):
    published, draft, draft_source = records
    body = viewer_api.get("/api/v1/memberships/").json()
    assert [row["id"] for row in body["results"]] == [published.pk, draft.pk]
    assert "Unchecked rumour" in str(body)
    assert viewer_api.get(f"/api/v1/announcements/{draft_source.slug}/").status_code == 200
    assert viewer_api.get(f"/api/v1/announcements/{draft_source.pk}/").status_code == 301


def test_a_curators_view_of_drafts_is_never_served_to_the_public(api, viewer_api, records):
    published, draft, _ = records
    assert viewer_api.get("/api/v1/memberships/").json()["count"] == 2
    public = api.get("/api/v1/memberships/").json()
    assert public["count"] == 1
    assert [row["id"] for row in public["results"]] == [published.pk]
    assert viewer_api.get("/api/v1/memberships/").json()["count"] == 2
