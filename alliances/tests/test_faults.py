"""Faults: Redis and PostgreSQL going away under the production stack, and curators racing.

The shared PostgreSQL and Redis of the machine are never touched: these tests start their
own Redis (port 6391) and PostgreSQL cluster (port 5491, in a temporary folder), and a
gunicorn with the production settings (port 8491) pointed at them. They skip, saying why,
where redis-server or PostgreSQL's initdb is missing.
"""

import contextlib
import glob
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

from alliances.models import Membership, Status

from .factories import AllianceFactory, OrganizationFactory

pytestmark = pytest.mark.faults

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS_PORT, POSTGRES_PORT, APP_PORT = 6391, 5491, 8491
# Today's placeholders and tomorrow's pages and API: whatever they answer with Redis up, they
# must answer with Redis down, and never a 5xx.
URLS = ["/", "/alliances/brics/", "/countries/ru/", "/announcements/", "/api/v1/memberships/", "/api/v1/alliances/"]


class PrivateRedis:
    def __init__(self, port):
        self.port, self.process = port, None
        self.url = f"redis://127.0.0.1:{port}/0"

    def start(self):
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)


class PrivatePostgres:
    """A throwaway cluster in a temporary folder, run as the postgres user when we are root."""

    def __init__(self, port):
        self.port = port
        self.bin = Path(sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))[-1]).parent
        self.folder = Path(tempfile.mkdtemp(prefix="faults-postgres-"))
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{port}/faults"
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")

    def as_owner(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def create(self):
        self.as_owner(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")
        self.start()
        self.as_owner(str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "faults")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"), "-o", options,
                      "-w", "start")  # fmt: skip

    def stop(self, mode="fast"):
        self.as_owner(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")

    def destroy(self):
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)


def wait_until(condition, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError("gave up waiting")


def fetch(path):
    """(status, body) from the app server, as the load balancer would forward an HTTPS request."""
    request = urllib.request.Request(f"http://127.0.0.1:{APP_PORT}{path}", headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture(scope="module")
def redis_server():
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    server = PrivateRedis(REDIS_PORT)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres_server():
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL's initdb is not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: initdb refuses root")
    server = PrivatePostgres(POSTGRES_PORT)
    try:
        server.create()
        yield server
    finally:
        server.destroy()


@pytest.fixture(scope="module")
def app_server(redis_server, postgres_server, collected_static):
    """gunicorn with the production settings on the private PostgreSQL and Redis, with the register that ships."""
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
    for command in (["migrate", "--no-input", "-v0"], ["load_register", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=BASE_DIR, env=environment, check=True, timeout=120)
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
    assert health[0] == 503
    assert '"failed": ["cache"]' in health[1]


def test_with_postgresql_restarted_requests_fail_cleanly_then_recover(app_server, postgres_server):
    assert fetch("/alliances/brics/")[0] == 200
    postgres_server.stop()
    try:
        kept = fetch("/alliances/brics/")
        page = fetch("/alliances/brics/?as_of=2024-06-01")  # never asked before: needs the database
        api, health = fetch("/api/v1/alliances/"), fetch("/healthz")
    finally:
        postgres_server.start()
    # A page in the shared cache needs no database.
    assert kept[0] == 200
    assert "Brazil" in kept[1]
    assert page[0] == 503
    assert "temporarily unavailable" in page[1]
    assert "Traceback" not in page[1]
    assert api[0] == 503
    assert health[0] == 503
    assert '"failed": ["database"]' in health[1]
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
            "status": Status.DRAFT, "start_date": start, "start_precision": "day", "end_date": "",
            "end_precision": "", "end_reason": "", "notes": "", "citations-TOTAL_FORMS": "0",
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
    winner = Membership.objects.get().start_date.isoformat()
    loser = "2025-06-01" if winner == "2025-01-01" else "2025-01-01"
    assert responses[winner][0].status_code == 302
    assert responses[loser][0]["Location"] == reverse("admin:alliances_membership_add")
    assert "Nothing was saved: another change made at the same moment conflicts" in responses[loser][1]


def test_the_production_cache_treats_an_unreachable_redis_as_a_miss(redis_server):
    from config.cache_backend import FailSafeRedisCache

    cache = FailSafeRedisCache(redis_server.url, {"OPTIONS": {"socket_connect_timeout": 0.5}})
    cache.set("faults:key", "value")
    assert cache.get("faults:key") == "value"
    redis_server.stop()
    try:
        assert cache.get("faults:key", "fallback") == "fallback"
        assert cache.get_many(["faults:key"]) == {}
        assert cache.add("faults:other", 1) is False
        cache.set("faults:key", "new value")  # skipped, not raised
        cache.delete("faults:key")
    finally:
        redis_server.start()
