"""Versions of shared answers held in a process between writes' notices (alliances/caching/versions.py, README.md
"Held versions"): on PostgreSQL only, a trigger's notice at each commit that changes a key's version."""

import os
import time

import psycopg
import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from alliances.caching import versions
from alliances.caching.keys import REGISTER
from alliances.models import KeyVersion

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="notices are PostgreSQL's")
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the countries of migration 0002 stay
KEYS = [REGISTER, "alliance:network"]


@pytest.fixture(autouse=True)
def held(settings):
    """Versions held for a minute, in a process that holds none yet; its LISTEN connection closed after the test."""
    settings.VERSIONS_HELD_SECONDS = 60
    versions._held.update(listener=None, versions={}, until=0.0)
    yield versions._held
    if versions._held["listener"] is not None:
        versions._held["listener"].close()
    versions._held.update(listener=None, versions={})


def read_counting():
    with CaptureQueriesContext(connection) as queries:
        found = versions.read(KEYS, held=True)
    return found, len(queries)


def write_elsewhere(key, version):
    """Another process's write: its own connection, committed."""
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute(
            "INSERT INTO alliances_keyversion (key, version) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET version = EXCLUDED.version",
            [key, version],
        )


def heard(key, version, failure):
    """Read till `key` has `version`: a notice is on its way, and takes a moment at most."""
    deadline = time.monotonic() + 5
    while read_counting()[0][key] != version:
        assert time.monotonic() < deadline, failure
        time.sleep(0.01)


def stored():
    return dict(KeyVersion.objects.values_list("key", "version"))


@on_postgresql
def test_held_versions_answer_without_a_query_till_another_process_commits_a_write():
    versions.bump(["alliance:network"])
    assert read_counting() == ({key: stored()[key] for key in KEYS}, 1)
    assert read_counting() == ({key: stored()[key] for key in KEYS}, 0)

    write_elsewhere("alliance:network", 12345)
    heard("alliance:network", 12345, "the other process's write was never heard")
    assert read_counting() == ({REGISTER: stored()[REGISTER], "alliance:network": 12345}, 0)


@on_postgresql
def test_this_process_drops_what_it_holds_at_its_own_commit():
    read_counting()
    with transaction.atomic():
        versions.bump(["alliance:network"])
        assert read_counting()[1] == 1  # inside a write's transaction the database answers, never what is held
    assert read_counting() == ({key: stored()[key] for key in KEYS}, 1)  # at once, not at the notice


@on_postgresql
def test_a_write_rolled_back_sends_no_notice():
    read_counting()
    with psycopg.connect(**connection.get_connection_params()) as other:
        other.execute("UPDATE alliances_keyversion SET version = 1")
        other.rollback()
    time.sleep(0.2)
    assert read_counting()[1] == 0


@on_postgresql
def test_nothing_is_held_longer_than_the_setting(settings, held):
    settings.VERSIONS_HELD_SECONDS = 0.2
    read_counting()
    held["versions"][REGISTER] = -1  # as if a notice had been lost
    assert read_counting()[0][REGISTER] == -1
    time.sleep(0.25)
    assert read_counting() == ({key: stored().get(key, 0) for key in KEYS}, 1)


@on_postgresql
def test_a_lost_listening_connection_is_noticed_and_opened_again(held):
    read_counting()
    with psycopg.connect(**connection.get_connection_params(), autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [held["listener"].info.backend_pid])
    time.sleep(0.2)
    write_elsewhere(REGISTER, 777)  # no listener hears it
    assert read_counting() == ({REGISTER: 777, "alliance:network": 0}, 1)
    assert held["listener"] is None
    assert read_counting() == ({REGISTER: 777, "alliance:network": 0}, 1)  # listening again, nothing held yet
    assert held["listener"] is not None
    assert read_counting()[1] == 0
    write_elsewhere(REGISTER, 778)
    heard(REGISTER, 778, "the new listening connection heard nothing")


@on_postgresql
def test_a_forked_worker_listens_on_a_connection_of_its_own(held):
    read_counting()
    child = os.fork()
    if child == 0:  # the worker: nothing of the master's held or listened to
        os._exit(0 if held["listener"] is None and not held["versions"] else 1)
    assert os.waitpid(child, 0)[1] == 0
    assert read_counting()[1] == 0  # the master's connection still listens
    write_elsewhere(REGISTER, 779)
    heard(REGISTER, 779, "the master's listening connection was closed by its worker")


@on_postgresql
def test_a_warm_hit_asks_nothing_and_an_edges_fetch_asks_the_database(alliance, django_assert_max_num_queries):
    visitor = Client()
    assert "Published Institute" in visitor.get("/alliances/network/").content.decode()
    with django_assert_max_num_queries(0):
        assert visitor.get("/alliances/network/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert visitor.get("/alliances/network/", HTTP_X_VARNISH="1001").status_code == 200
    assert len(queries) == 1
    assert "alliances_keyversion" in queries[0]["sql"]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite has no notices")
def test_without_postgresql_every_request_reads_its_versions():
    assert read_counting()[1] == 1
    assert read_counting()[1] == 1
