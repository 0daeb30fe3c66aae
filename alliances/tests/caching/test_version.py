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
