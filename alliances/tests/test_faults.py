"""Faults: Redis and PostgreSQL going away under the production stack, and curators racing.

The shared PostgreSQL and Redis of the machine are never touched: these tests start their
own Redis (port 6391) and PostgreSQL cluster (port 5491, in a temporary folder: a copy of the
session's served cluster, stacks.py), and a gunicorn with the production settings (port 8491)
pointed at them. They skip, saying why, where redis-server or PostgreSQL's initdb is missing.
"""

import http.client
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from alliances.caching import store
from alliances.models import Membership, Status
from config.settings.base import redis_cache

from .factories import AllianceFactory, OrganizationFactory
from .stacks import BASE_DIR, PrivatePostgres, PrivateRedis, wait_until

pytestmark = pytest.mark.faults

REDIS_PORT, POSTGRES_PORT, APP_PORT = 6391, 5491, 8491
# Today's placeholders and tomorrow's pages and API: whatever they answer with Redis up, they
# must answer with Redis down, and never a 5xx.
URLS = ["/", "/alliances/brics/", "/countries/ru/", "/announcements/", "/api/v1/memberships/", "/api/v1/alliances/"]


def fetch(path, method="GET", body=None, headers=None):
    """(status, body) from the app server, as the load balancer would forward an HTTPS request."""
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(f"http://127.0.0.1:{APP_PORT}{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def fetch_from(source_address, path, headers):
    """(status, Location) of a request sent from another loopback address than the trusted 127.0.0.1."""
    connection_ = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=20, source_address=(source_address, 0))
    try:
        connection_.request("GET", path, headers=headers)
        response = connection_.getresponse()
        return response.status, response.getheader("Location")
    finally:
        connection_.close()


@pytest.fixture(scope="module")
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(REDIS_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres_server(served_cluster):
    """A cluster of the module's own: a copy of the served one (migrated, the bodies the tests read)."""
    server = PrivatePostgres(POSTGRES_PORT)
    try:
        server.create(copy_of=served_cluster)
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="module")
def app_server(redis_server, postgres_server, collected_static):
    """gunicorn with the production settings on the private PostgreSQL and Redis, with the bodies the tests read."""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres_server.url,
        "REDIS_URL": redis_server.url,
        "PORT": str(APP_PORT),
        "WEB_CONCURRENCY": "2",
        "STATIC_ROOT": str(collected_static),
    }
    for command in (
        ["create_curator", "--username", "faults", "--no-input"],
        ["drf_create_token", "faults"],
    ):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env={**environment, "DJANGO_CURATOR_PASSWORD": "faults-curator-password-x9"},
            check=True,
            timeout=300,
            capture_output=True,
        )
    gunicorn = [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(gunicorn, cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: fetch("/healthz")[0] == 200)
            yield process
        finally:
            process.terminate()
            process.wait(timeout=30)


def test_with_redis_stopped_the_site_answers_from_the_database(app_server, redis_server):
    before = {url: fetch(url) for url in URLS}
    assert before["/alliances/brics/"][0] == 200
    redis_server.stop()
    try:
        after = {url: fetch(url) for url in URLS}
        health = fetch("/healthz")
    finally:
        redis_server.start()
    for url in URLS:
        assert after[url][0] == before[url][0] < 500, url
    assert "Brazil" in after["/alliances/brics/"][1]
    # Liveness: the site works without Redis, so the balancer must not take every server out.
    assert health[0] == 200
    assert json.loads(health[1]) == {"status": "degraded", "database": "ok", "cache": "unreachable"}


def test_with_postgresql_restarted_requests_fail_cleanly_then_recover(app_server, postgres_server):
    assert fetch("/alliances/brics/")[0] == 200
    postgres_server.stop()
    try:
        kept = fetch("/alliances/brics/")
        page = fetch("/alliances/brics/?as_of=2024-06-01")  # never asked before: needs the database
        api, health = fetch("/api/v1/alliances/"), fetch("/healthz")
    finally:
        postgres_server.start()
    # Every answer reads its versions from the database: without it, even a kept page is a clean 503
    # (behind the edge, the edge serves its copy meanwhile: stale-if-error).
    assert kept[0] == 503
    assert page[0] == 503
    assert "temporarily unavailable" in page[1]
    assert "Traceback" not in page[1]
    assert api[0] == 503
    assert health[0] == 503
    assert json.loads(health[1])["database"].startswith("failed")
    # Every worker finds its dead connection by the health check and opens a new one: no restart.
    # Each address is new, so each answer comes from the database, not the shared cache.
    for day in range(1, 7):
        status, body = fetch(f"/alliances/brics/?as_of=2024-06-0{day}")
        assert status == 200
        assert "Brazil" in body


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_curators_saving_overlapping_memberships_at_once_one_wins_the_other_is_told(curator, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("the exclusion constraint that settles the race exists on PostgreSQL only")
    alliance, organization = AllianceFactory(), OrganizationFactory()
    # Both curators pass validation before either writes: the database alone must settle it.
    both_validated = threading.Barrier(2, timeout=10)
    check_overlap = Membership._check_overlap

    def check_then_wait(self, errors):
        check_overlap(self, errors)
        both_validated.wait()

    monkeypatch.setattr(Membership, "_check_overlap", check_then_wait)
    responses = {}

    def save(start):
        client = Client()
        client.force_login(curator)
        form = {
            "alliance": alliance.pk, "organization": organization.pk, "country": "", "role": "member",
            "status": Status.DRAFT, "start": start, "end": "", "end_reason": "", "notes": "",
            "citations-TOTAL_FORMS": "0",
            "citations-INITIAL_FORMS": "0", "citations-MIN_NUM_FORMS": "0", "citations-MAX_NUM_FORMS": "1000",
        }  # fmt: skip
        try:
            response = client.post(reverse("admin:alliances_membership_add"), form)
            responses[start] = (response, client.get(response["Location"]).content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(start,)) for start in ("2025-01-01", "2025-06-01")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert Membership.objects.count() == 1
    winner = Membership.objects.get().start
    loser = "2025-06-01" if winner == "2025-01-01" else "2025-01-01"
    assert responses[winner][0].status_code == 302
    assert responses[loser][0]["Location"] == reverse("admin:alliances_membership_add")
    assert "Nothing was saved: another change made at the same moment conflicts" in responses[loser][1]


def test_a_write_while_redis_is_paused_succeeds_and_nothing_goes_stale(app_server, redis_server, postgres_server):
    query = "SELECT key FROM authtoken_token t JOIN auth_user u ON u.id = t.user_id WHERE u.username = 'faults'"
    psql = [str(postgres_server.bin / "psql"), "-h", "127.0.0.1", "-p", str(POSTGRES_PORT), "-U", "postgres"]
    found = subprocess.run([*psql, "-d", "faults", "-At", "-c", query], capture_output=True, text=True, check=True)
    curator = {"Authorization": f"Token {found.stdout.strip()}"}
    listed = json.loads(fetch("/api/v1/alliances/brics/members/")[1])["results"]
    membership = next(row for row in listed if row["member"].get("name") == "Brazil")
    address = f"/api/v1/memberships/{membership['id']}/"
    assert fetch(address)[0] == 200  # kept now, for every anonymous reader
    with redis_server.paused():
        started = time.monotonic()
        status, _ = fetch(address, "PATCH", {"status": "draft"}, curator)
        assert status == 200  # a write never asks Redis
        assert fetch("/alliances/brics/")[0] == 200
        members = json.loads(fetch("/api/v1/alliances/brics/members/")[1])["results"]
        assert "Brazil" not in {row["member"].get("name") for row in members}  # not the answer kept before the write
        assert time.monotonic() - started < 5
    # Redis is back with the answers it kept before the write: none of them is served.
    assert fetch(address)[0] == 404
    assert fetch(address, "PATCH", {"status": "published"}, curator)[0] == 200
    assert fetch(address)[0] == 200


def test_django_believes_x_forwarded_proto_only_from_a_trusted_proxy(app_server):
    https = {"X-Forwarded-Proto": "https", "Host": "127.0.0.1"}
    assert fetch_from("127.0.0.1", "/", https) == (200, None)
    # 127.0.0.2 is not in FORWARDED_ALLOW_IPS (127.0.0.1): its claim is ignored, the request is plain HTTP.
    assert fetch_from("127.0.0.2", "/", https) == (301, "https://127.0.0.1/")


@pytest.fixture
def private_cache(settings, redis_server):
    """The site's cache is django-redis on the private Redis, empty."""
    settings.CACHES = {"default": redis_cache(redis_server.url)}
    store.clear()
    yield
    store.clear()


def test_the_shared_cache_treats_an_unreachable_redis_as_a_miss(private_cache, redis_server):
    store.write("faults:key", "value")
    assert store.read(["faults:key"]) == {"faults:key": "value"}
    with redis_server.paused():
        started = time.monotonic()
        assert store.read(["faults:key"]) is None  # gave up after its socket timeout...
        assert time.monotonic() - started < 1
        started = time.monotonic()
        for _ in range(100):
            store.write("faults:key", "new value")  # ...and the breaker asks no more: skipped, not raised
            assert store.read(["faults:key"]) is None
            assert store.count_in_window("faults:count", 1, 60) is None
        assert time.monotonic() - started < 0.1
    store.clear()  # the breaker closed again, as after its period
    assert store.read(["faults:key"]) == {}
