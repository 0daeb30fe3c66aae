"""What a write changes (alliances/caching/keys.py, versions.py): the versions of its keys and the purges it owes."""

import http.server
import threading

import pytest

from alliances.caching import purges
from alliances.caching.keys import REGISTER, SITE
from alliances.models import KeyVersion, PendingPurge, Status
from alliances.services import record_save
from alliances.synthetic import synthetic_generate

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def versions():
    return dict(KeyVersion.objects.values_list("key", "version"))


def changed_by(write):
    """The keys whose version `write()` changed."""
    before = versions()
    write()
    after = versions()
    return {key for key, version in after.items() if before.get(key) != version}


@pytest.fixture
def membership():
    source = AnnouncementFactory(slug="statement")
    organization = OrganizationFactory(slug="institute", country=country("BR"))
    return MembershipFactory(alliance=AllianceFactory(slug="network"), organization=organization, sources=[source])


def test_a_membership_changes_its_alliance_member_country_and_sources(membership):
    membership.status = Status.DRAFT
    changed = changed_by(lambda: record_save(record=membership))
    assert changed == {REGISTER, "alliance:network", "organization:institute", "country:br", "announcement:statement"}


def test_a_membership_moved_to_another_alliance_changes_both(membership):
    other = AllianceFactory(slug="other-network")
    membership.alliance = other
    assert {"alliance:network", "alliance:other-network"} <= changed_by(lambda: record_save(record=membership))


def test_an_organization_changes_the_answers_that_name_it(membership):
    organization = membership.organization
    organization.name = "Renamed Institute"
    organization.country = country("IN")
    changed = changed_by(lambda: record_save(record=organization))
    # Its own page, both countries' pages, its alliance's page and its source's page all show its name.
    assert changed == {
        REGISTER, "organization:institute", "country:br", "country:in", "alliance:network", "announcement:statement"
    }  # fmt: skip


def test_an_announcement_and_what_it_concerns_change_together(membership):
    announcement = AnnouncementFactory(slug="news")
    gpai = AllianceFactory(slug="gpai")
    changed = changed_by(lambda: record_save(record=announcement, relations={"alliances": [gpai]}))
    assert changed == {REGISTER, "announcement:news", "alliance:gpai"}
    cited = membership.sources.get()
    cited.title = "Retitled"
    assert {"announcement:statement", "alliance:network", "organization:institute", "country:br"} <= changed_by(
        lambda: record_save(record=cited)
    )


def test_an_unrelated_alliance_and_country_keep_their_versions(membership):
    AllianceFactory(slug="unrelated")
    alliance = membership.alliance
    alliance.description = "New words."
    changed = changed_by(lambda: record_save(record=alliance))
    assert "alliance:unrelated" not in changed and "country:ru" not in changed
    assert "alliance:network" in changed


def test_a_deleted_membership_changes_what_showed_it(membership):
    assert "alliance:network" in changed_by(membership.delete)


def test_a_bulk_load_changes_every_answer():
    assert changed_by(
        lambda: synthetic_generate(organizations=2, memberships=2, announcements=2, alliances=2, seed=1)
    ) == {REGISTER, SITE}


def test_a_write_owes_each_edge_its_keys_in_its_own_transaction(membership, settings):
    settings.EDGE_PURGE_URLS = ["http://edge-one/", "http://edge-two/"]
    membership.status = Status.DRAFT
    record_save(record=membership)
    owed = PendingPurge.objects.all()
    assert {row.edge for row in owed} == {"http://edge-one/", "http://edge-two/"}
    assert {key for row in owed for key in row.keys.split()} >= {"alliance:network", "country:br", REGISTER}
    assert purges.pending()["pending"] == owed.count()


def test_without_edges_nothing_is_owed(membership):
    record_save(record=membership)
    assert not PendingPurge.objects.exists()


class FakeEdge(http.server.BaseHTTPRequestHandler):
    """An edge that acknowledges a purge with 200 (or, when `refuse`, 503) and notes the keys."""

    purged, refuse = [], False

    def do_PURGE(self):  # noqa: N802 (the method's name)
        FakeEdge.purged.append(self.headers["xkey-softpurge"])
        self.send_response(503 if FakeEdge.refuse else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_edge(settings):
    server = http.server.HTTPServer(("127.0.0.1", 0), FakeEdge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeEdge.purged, FakeEdge.refuse = [], False
    settings.EDGE_PURGE_URLS = [f"http://127.0.0.1:{server.server_port}/"]
    yield FakeEdge
    server.shutdown()


def test_purges_are_sent_until_the_edge_acknowledges_them(membership, fake_edge, monkeypatch):
    monkeypatch.setattr(purges, "wake", lambda: None)  # sent by hand here, not by the thread
    membership.status = Status.DRAFT
    record_save(record=membership)
    fake_edge.refuse = True
    purges.deliver()
    row = PendingPurge.objects.get()
    assert row.attempts == 1 and row.next_attempt_at > row.created_at  # asked again later
    assert "alliance:network" in fake_edge.purged[0].split()
    fake_edge.refuse = False
    PendingPurge.objects.update(next_attempt_at=row.created_at)
    purges.deliver()
    assert not PendingPurge.objects.exists()
    assert len(fake_edge.purged) == 2


def test_many_keys_go_in_several_requests_each_within_a_header(fake_edge, settings):
    keys = [f"organization:synthetic-organization-{n}" for n in range(1000)]
    assert purges.send(settings.EDGE_PURGE_URLS[0], keys)
    assert len(fake_edge.purged) > 1
    assert max(len(header) for header in fake_edge.purged) <= purges.HEADER_CHARACTERS
    assert sorted(key for header in fake_edge.purged for key in header.split()) == sorted(keys)


def test_an_edge_that_does_not_answer_is_not_acknowledged(settings):
    assert purges.send("http://127.0.0.1:9/", ["register"]) is False  # nothing listens on the discard port


def test_a_superuser_sees_the_purges_still_owed_and_a_curator_does_not(superuser_client, curator):
    PendingPurge.objects.create(edge="http://edge-one/", keys="alliance:network register")
    listing = superuser_client.get("/admin/alliances/pendingpurge/")
    assert listing.status_code == 200
    assert "alliance:network register" in listing.content.decode()
    assert "Pending purges" in superuser_client.get("/admin/").content.decode()
    superuser_client.force_login(curator)
    assert superuser_client.get("/admin/alliances/pendingpurge/").status_code == 403
    assert "Pending purges" not in superuser_client.get("/admin/").content.decode()


def test_readiness_shows_the_purges_still_owed(client):
    PendingPurge.objects.create(edge="http://edge-one/", keys="register")
    ready = client.get("/readyz").json()
    assert ready["purges"]["pending"] == 1
    assert ready["purges"]["oldest_seconds"] >= 0
    assert "purges" not in client.get("/healthz").json()
