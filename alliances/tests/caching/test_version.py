import pytest
from django.core.cache import cache

from alliances.caching.version import VERSION_KEY
from alliances.caching.version import read_version as register_version

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_every_write_bumps_the_register_version(django_capture_on_commit_callbacks):
    before = register_version()
    with django_capture_on_commit_callbacks(execute=True):
        alliance = AllianceFactory()
    after_create = register_version()
    assert after_create > before
    with django_capture_on_commit_callbacks(execute=True):
        alliance.name = "Renamed"
        alliance.save()
    assert register_version() > after_create


def test_changing_a_many_to_many_bumps_the_version(django_capture_on_commit_callbacks):
    announcement = AnnouncementFactory()
    alliance = AllianceFactory()
    before = register_version()
    with django_capture_on_commit_callbacks(execute=True):
        announcement.alliances.add(alliance)
    assert register_version() > before


def test_a_deleted_membership_bumps_the_version(django_capture_on_commit_callbacks):
    membership = MembershipFactory()
    before = register_version()
    with django_capture_on_commit_callbacks(execute=True):
        membership.delete()
    assert register_version() > before


def test_a_cache_back_from_an_older_snapshot_hands_out_none_of_the_versions_it_lost(
    django_capture_on_commit_callbacks,
):
    snapshot = register_version()
    lost = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            AllianceFactory()
        lost.append(register_version())
    cache.set(VERSION_KEY, snapshot, timeout=None)  # Redis restarted from a snapshot taken before those writes
    again = []
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            AllianceFactory()
        again.append(register_version())
    assert not set(again) & set(lost)


def test_while_a_write_is_in_flight_nothing_is_read_under_a_version():
    from alliances.caching.version import confirm_write, mark_write

    before = register_version()
    mark_write()
    assert register_version() is None  # the pages are served from the database, nothing is kept
    confirm_write()
    assert register_version() > before


def test_a_write_the_cache_cannot_be_told_of_is_refused_and_saves_nothing(curator, monkeypatch):
    from rest_framework.test import APIClient

    from alliances.caching import store
    from alliances.models import Membership, Status

    membership = MembershipFactory()

    def unreachable(*args, **kwargs):
        raise store.Unreachable

    monkeypatch.setattr(store, "increment", unreachable)
    api = APIClient()
    api.force_authenticate(curator)
    response = api.patch(f"/api/v1/memberships/{membership.pk}/", {"status": "draft"}, format="json")
    assert response.status_code == 503
    assert "Nothing was saved" in response.json()["detail"]
    assert response["Retry-After"] == "30"
    assert Membership.objects.get(pk=membership.pk).status == Status.PUBLISHED


# serialized_rollback as every other transactional test here: its flush then leaves the content types
# and permissions to the next test's restore, instead of recreating them under it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_is_marked_once_and_confirmed_at_its_commit(monkeypatch):
    from django.db import transaction

    from alliances.caching import version

    calls = []
    monkeypatch.setattr(version, "mark_write", lambda: calls.append("mark"))
    monkeypatch.setattr(version, "confirm_write", lambda: calls.append("confirm"))
    with transaction.atomic():
        for n in range(5):
            AllianceFactory(slug=f"marked-{n}")
        assert calls == ["mark"]
    assert calls == ["mark", "confirm"]
