"""The edge: a real varnishd with config/edge.vcl in front of gunicorn, PostgreSQL and Redis of its own.

The machine's own services are never touched: the module starts its own Redis (port 8783),
PostgreSQL cluster (8784, in a temporary folder: a copy of the session's served cluster, stacks.py),
gunicorn with the production settings (8782) and varnishd through scripts/edge (8781), the way
`make serve` does. It skips, saying why, where varnishd, redis-server or PostgreSQL's initdb is
missing (`make test` and .ci/run install varnish).
"""

import contextlib
import gzip
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from .stacks import BASE_DIR, PrivatePostgres, PrivateRedis, wait_until

pytestmark = pytest.mark.edge

EDGE_PORT, APP_PORT, REDIS_PORT, POSTGRES_PORT = 8781, 8782, 8783, 8784
MISSES_PER_MINUTE = 100


def request(port, path, method="GET", body=None, headers=None):
    """(status, headers, body) of a request as the TLS proxy in front would forward it."""
    headers = {"X-Forwarded-Proto": "https", **(headers or {})}
    data = json.dumps(body).encode() if body is not None else None
    if data is not None:
        headers["Content-Type"] = "application/json"
    sent = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(sent, timeout=30) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def edge(path, **kwargs):
    return request(EDGE_PORT, path, **kwargs)


def app(path, **kwargs):
    return request(APP_PORT, path, **kwargs)


MEMBERS = "/api/v1/alliances/brics/members/"


def listed(body):
    """The names of the members in an answer of MEMBERS."""
    return {row["member"].get("name") for row in json.loads(body)["results"]}


@pytest.fixture(scope="module")
def services(request):
    if not shutil.which("varnishd"):
        pytest.skip("varnishd not installed (scripts/ensure-varnish installs varnish)")
    served_cluster = request.getfixturevalue("served_cluster")  # skips without redis-server or PostgreSQL
    redis, postgres = PrivateRedis(REDIS_PORT), PrivatePostgres(POSTGRES_PORT)
    redis.start()
    try:
        postgres.create(copy_of=served_cluster)  # migrated, with the bodies the tests read
        yield redis, postgres
    finally:
        redis.stop()
        postgres.destroy()


@pytest.fixture(scope="module")
def stack(services, collected_static):
    """gunicorn (production settings, the bodies the tests read) behind varnishd; yields the curator's token header."""
    redis, postgres = services
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis.url,
        "STATIC_ROOT": str(collected_static),
        "WEB_CONCURRENCY": "2",
        "EDGE_PURGE_URLS": f"http://127.0.0.1:{EDGE_PORT}/",
        "EDGE_PURGE_TIMEOUT": "1",
        "EDGE_RETRY_SECONDS": "1",
        "EDGE_MISSES_PER_MINUTE": str(MISSES_PER_MINUTE),
        "PAGE_RATE": "",
        "API_ANON_RATE": "",
        "LOG_LEVEL": "ERROR",
    }
    setup = {**environment, "EDGE_PURGE_URLS": "", "DJANGO_CURATOR_PASSWORD": "edge-curator-password-x9"}
    for command in (
        ["create_curator", "--username", "edge", "--no-input"],
        ["drf_create_token", "edge"],
    ):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=BASE_DIR,
            env=setup,  # no edge yet: nothing to purge
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        )
    token = done.stdout.split()[2]
    log = Path(tempfile.mkdtemp(prefix="edge-gunicorn-")) / "gunicorn.log"
    gunicorn = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"],
        cwd=BASE_DIR,
        env={**environment, "PORT": str(APP_PORT)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    varnish = subprocess.Popen(
        ["bash", "scripts/edge"],
        cwd=BASE_DIR,
        env={**environment, "EDGE_PORT": str(EDGE_PORT), "APP_PORT": str(APP_PORT)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_until(lambda: app("/healthz")[0] == 200, seconds=60)
        wait_until(lambda: edge("/healthz")[0] == 200, seconds=60)
        yield {"Authorization": f"Token {token}", "gunicorn": gunicorn, "varnish": varnish, "log": log}
    finally:
        os.killpg(varnish.pid, signal.SIGTERM)
        varnish.wait(timeout=30)
        gunicorn.terminate()
        gunicorn.wait(timeout=30)


def curator(stack):
    return {"Authorization": stack["Authorization"]}


def brics_membership(name):
    """The API address of the BRICS membership of `name`, read from the app."""
    listed = json.loads(app("/api/v1/alliances/brics/members/?page_size=100")[2])["results"]
    return f"/api/v1/memberships/{next(row['id'] for row in listed if row['member'].get('name') == name)}/"


@contextlib.contextmanager
def unpublished(stack, name):
    """Within the block, the BRICS membership of `name` is a draft (written through the edge, as a client would)."""
    address = brics_membership(name)
    assert edge(address, method="PATCH", body={"status": "draft"}, headers=curator(stack))[0] == 200
    try:
        yield address
    finally:
        assert app(address, method="PATCH", body={"status": "published"}, headers=curator(stack))[0] == 200


def until(condition, seconds=10):
    """Seconds until `condition()` held (asked every 20 ms); fails after `seconds`."""
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < seconds, "gave up waiting"
        time.sleep(0.02)
    return time.monotonic() - started


def test_an_anonymous_answer_is_kept_public_with_its_keys_taken_off(stack):
    first = edge("/alliances/brics/?as_of=2024-06-01")
    again = edge("/alliances/brics/?as_of=2024-06-01&utm_source=mail")
    assert first[0] == again[0] == 200
    assert again[1]["X-Cache"] == "hit"
    assert again[2] == first[2]
    assert "xkey" not in again[1]
    control = again[1]["Cache-Control"]
    assert "public" in control and "stale-while-revalidate=60" in control and "stale-if-error=86400" in control
    assert 0 < int(re.search(r"s-maxage=(\d+)", control)[1]) <= 86400
    assert again[1]["ETag"]
    # The app says which keys: the alliance's, and every answer's.
    assert app("/alliances/brics/?as_of=2024-06-01")[1]["xkey"] == "alliance:brics site"
    assert app("/api/v1/memberships/")[1]["xkey"] == "register site"
    for address in ("/api/v1/alliances/brics/members/", "/alliances/brics/map.svg", "/sitemap.xml", "/timeline/"):
        edge(address)
        assert edge(address)[1]["X-Cache"] == "hit", address


def test_a_client_that_takes_no_gzip_gets_an_answer_kept_unzipped_and_one_that_does_the_zipped_one(stack):
    address = f"http://127.0.0.1:{EDGE_PORT}/alliances/brics/map.svg?as_of=2024-07-01"  # the app zips the map

    def fetch(*encoding):
        headers = {"X-Forwarded-Proto": "https", **({"Accept-Encoding": encoding[0]} if encoding else {})}
        with urllib.request.urlopen(urllib.request.Request(address, headers=headers), timeout=30) as response:
            return response.headers["X-Cache"], response.headers["Content-Encoding"], response.read()

    assert fetch("gzip, deflate, br")[:2] == ("miss", "gzip")
    cached, encoding, zipped = fetch("gzip, deflate, br")
    assert (cached, encoding) == ("hit", "gzip")
    # Not the zipped answer unzipped at each request: one of its own, fetched once without gzip and kept so.
    assert fetch()[:2] == ("miss", None)
    cached, encoding, plain = fetch()
    assert (cached, encoding) == ("hit", None)
    assert plain.startswith(b"<?xml") and gzip.decompress(zipped) == plain


def test_what_is_someones_own_or_an_error_is_never_kept(stack):
    token = curator(stack)
    session = {"Cookie": f"sessionid={'a' * 32}"}
    for address, headers, public in [
        ("/alliances/no-such-body/", {}, False),
        ("/api/v1/memberships/", token, False),
        ("/api/v1/memberships/", {"Accept": "text/html"}, False),  # the browsable API holds a CSRF token
        ("/admin/login/", {}, False),  # sets the CSRF cookie
        # Someone with a session (the app finds this one is nobody's) or messages: asked of the app each time.
        ("/alliances/brics/", session, True),
        ("/alliances/brics/", {"Cookie": "messages=anything"}, True),
    ]:
        answers = [edge(address, headers=headers) for _ in range(3)]
        assert {answer[1]["X-Cache"] for answer in answers} <= {"pass", "miss"}, (address, headers)
        assert public or all("public" not in answer[1].get("Cache-Control", "") for answer in answers), address
    # A cookie the app never reads is taken off: the page is the one everybody gets.
    edge("/alliances/gpai/")
    assert edge("/alliances/gpai/", headers={"Cookie": "_ga=GA1.2.3; csrftoken=x"})[1]["X-Cache"] == "hit"


def test_a_write_shows_at_once_where_it_changed_something_and_nowhere_else(stack):
    brics, other, register = "/alliances/brics/", "/alliances/gpai/", "/api/v1/alliances/"
    for address in (brics, other, register, MEMBERS):
        edge(address)
        assert edge(address)[1]["X-Cache"] == "hit"
    page = edge(brics)[2]
    assert "Brazil" in listed(edge(MEMBERS)[2])
    with unpublished(stack, "Brazil"):
        # The purge goes out from a thread woken at the commit: until it lands the page is a hit. The first
        # reader after it gets the answer of before while one request fetches the new one.
        answers = []
        until(lambda: answers.append(edge(brics)[1]["X-Cache"]) or answers[-1] != "hit", seconds=1)
        assert answers[-1] == "stale"
        seconds = until(lambda: "Brazil" not in listed(edge(MEMBERS)[2]))
        until(lambda: edge(brics)[2] != page, seconds=5)
        assert edge(other)[1]["X-Cache"] == "hit"  # not purged: nothing it shows changed
    assert seconds < 1
    until(lambda: "Brazil" in listed(edge(MEMBERS)[2]))


def test_while_the_edge_is_unreachable_writes_succeed_and_its_purges_wait(stack):
    edge(MEMBERS)
    assert "India" in listed(edge(MEMBERS)[2])
    varnish = [int(pid) for pid in subprocess.run(["pgrep", "-s", str(stack["varnish"].pid)], capture_output=True,
                                                   text=True).stdout.split()]  # fmt: skip
    for pid in varnish:
        os.kill(pid, signal.SIGSTOP)
    try:
        address = brics_membership("India")
        started = time.monotonic()
        assert app(address, method="PATCH", body={"status": "draft"}, headers=curator(stack))[0] == 200
        assert time.monotonic() - started < 2  # the write never waits for the edge
        ready = json.loads(app("/readyz")[2])
        assert ready["purges"]["pending"] >= 1
    finally:
        for pid in varnish:
            os.kill(pid, signal.SIGCONT)
    try:
        until(lambda: json.loads(app("/readyz")[2])["purges"]["pending"] == 0, seconds=20)
        until(lambda: "India" not in listed(edge(MEMBERS)[2]), seconds=2)
    finally:
        assert app(address, method="PATCH", body={"status": "published"}, headers=curator(stack))[0] == 200
    until(lambda: "India" in listed(edge(MEMBERS)[2]))


def test_with_redis_paused_writes_succeed_pages_answer_and_nothing_stays_stale(stack, services):
    redis, _ = services
    app(MEMBERS)  # kept by the app in Redis...
    edge(MEMBERS)  # ...and by the edge
    address = brics_membership("China")
    with redis.paused():
        assert edge(address, method="PATCH", body={"status": "draft"}, headers=curator(stack))[0] == 200
        until(lambda: "China" not in listed(edge(MEMBERS)[2]))
        for day in range(1, 6):  # misses of the edge, made by the app from PostgreSQL alone, none waiting on Redis
            started = time.monotonic()
            assert edge(f"/alliances/brics/?as_of=2024-07-0{day}")[0] == 200
            assert time.monotonic() - started < 3
        assert json.loads(app("/healthz")[2])["cache"] == "unreachable"
    time.sleep(5.5)  # the breaker's period: Redis is asked again, and holds what it kept before the write
    try:
        assert "China" not in listed(app(MEMBERS)[2])
        assert "China" not in listed(edge(MEMBERS)[2])
    finally:
        assert app(address, method="PATCH", body={"status": "published"}, headers=curator(stack))[0] == 200
    until(lambda: "China" in listed(edge(MEMBERS)[2]))


def _worker_in_a_request(gunicorn):
    """The pid of a gunicorn worker holding a connection from the edge (a request under way), or None."""
    listing = subprocess.run(["ss", "-Htnp", "state", "established", f"( sport = :{APP_PORT} )"], capture_output=True,
                             text=True).stdout  # fmt: skip
    workers = set(subprocess.run(["pgrep", "-P", str(gunicorn.pid)], capture_output=True, text=True).stdout.split())
    found = [pid for pid in re.findall(r"pid=(\d+)", listing) if pid in workers]
    return int(found[0]) if found else None


def test_a_worker_killed_in_the_middle_of_a_request_costs_the_reader_nothing(stack):
    killed, answers = None, []

    def read(day):
        try:
            answers.append(edge(f"/timeline/?year=20{day:02d}")[0])
        except OSError as error:  # no answer at all (refused, reset, timed out): said, not an IndexError below
            answers.append(error)

    for day in range(1, 29):  # an address the edge and the app have not kept: the app makes it
        reader = threading.Thread(target=read, args=(day,))
        reader.start()
        deadline = time.monotonic() + 1
        while killed is None and reader.is_alive() and time.monotonic() < deadline:
            worker = _worker_in_a_request(stack["gunicorn"])
            if worker is not None:
                os.kill(worker, signal.SIGKILL)
                killed = worker
        reader.join(timeout=60)
        if killed is not None:
            break
    assert killed is not None, "no request was caught under way"
    assert not reader.is_alive(), "the reader had no answer after a minute"
    assert answers[-1] == 200  # the edge asked again, of another worker
    wait_until(lambda: app("/healthz")[0] == 200)


def test_the_crowd_waits_on_one_fetch_of_a_new_address(stack):
    address = "/alliances/oecd-ai-principles/?as_of=2023-03-03"
    before = stack["log"].read_text().count('"/alliances/oecd-ai-principles/"')
    threads = [threading.Thread(target=edge, args=(address,)) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert edge(address)[1]["X-Cache"] == "hit"
    time.sleep(0.5)
    lines = [line for line in stack["log"].read_text().splitlines() if "oecd-ai-principles" in line]
    assert len(lines) - before <= 1  # one request reached the app (the log has a line a request)


def test_a_client_forcing_misses_is_limited_at_the_edge_and_the_crowd_is_not(stack):
    attacker = {"X-Forwarded-For": "198.51.100.7"}
    edge("/alliances/")
    statuses = [edge(f"/alliances/?x={n}", headers=attacker)[0] for n in range(MISSES_PER_MINUTE + 10)]
    assert statuses.count(429) >= 5
    refused = edge("/alliances/?x=again", headers=attacker)
    assert refused[0] == 429 and refused[1]["Retry-After"]
    assert edge("/alliances/", headers=attacker)[0] == 200  # a hit costs nothing, even to the attacker
    assert edge("/alliances/?x=crowd", headers={"X-Forwarded-For": "203.0.113.5"})[0] == 200


def test_only_the_app_may_purge_and_pages_answer_no_trace(stack):
    from_elsewhere = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "PURGE", "-H", "xkey-softpurge: site",
         "--interface", "127.0.0.2", f"http://127.0.0.1:{EDGE_PORT}/"], capture_output=True, text=True,
    )  # fmt: skip
    assert from_elsewhere.stdout == "403"
    assert edge("/alliances/brics/", method="TRACE")[0] == 405
    options = edge("/alliances/brics/", method="OPTIONS")
    assert options[0] == 200 and options[1]["Allow"] == "GET, HEAD, OPTIONS"
