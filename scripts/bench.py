"""`make bench`: the production stack under load, on this machine, against 100,000 memberships.

Loads synthetic data into PostgreSQL (BENCH_DATABASE_URL, default database alliance_bench on
127.0.0.1; REDIS_URL from BENCH_REDIS_URL, default db 5, which it flushes), collects the
static files, starts gunicorn with the production settings on 127.0.0.1 and the edge (Varnish,
scripts/edge) in front of it, and drives each URL of URLS with wrk for a bounded time: direct
(to gunicorn), cold cache and warm, beside a static file of the same size served by the same
stack (the ceiling, one per response size); and through the edge, warm, beside the same static
file served by the same Varnish. Prints requests/s, p50 and p99 latency, failures (non-2xx,
socket errors, timeouts), each URL's ratio to the ceiling of its size, the queries per request on
a cache miss and a hit and the time of a cold request (measured in-process on the same database)
and the peak memory of a worker.

Cold: every request names a host never named before (`<n>.cold.bench.invalid`, which the
benchmark's ALLOWED_HOSTS admits), so no kept response can answer, whatever the code does with
query parameters. All the load comes from one address, so the per-address limits are set out
of the way (PAGE_RATE, API_ANON_RATE); the API still counts every request that misses the
cache, as in production. `--attack` keeps them: a client at another address (X-Forwarded-For
from the trusted 127.0.0.1) forces misses with new query strings, junk session cookies and new
days while the crowd reads the warm URLs.

    .venv/bin/python scripts/bench.py --duration 10 --connections 32
    .venv/bin/python scripts/bench.py --url /api/v1/memberships/?alliance={alliance}
    .venv/bin/python scripts/bench.py --attack --duration 30
    .venv/bin/python scripts/bench.py --crowd --duration 60 --connections 64 --publish-every 2
    .venv/bin/python scripts/bench.py --crowd --duration 30 --connections 64 --publish-every 2 --split-cores

`--split-cores` puts wrk and the edge on half the cores and the app, PostgreSQL and Redis on the
other half, as an edge host in front of an app host: on shared cores the threads of Varnish and
wrk leave a render after a write a fifth of a core (docs/performance.md).
"""

import argparse
import atexit
import contextlib
import json
import logging
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

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

# What to measure. {alliance}, {country} and {as_of} are filled in from the loaded data.
URLS = [
    "/api/v1/memberships/",
    "/api/v1/alliances/{alliance}/members/?as_of={as_of}",
    "/alliances/{alliance}/",
    "/countries/{country}/",
    "/timeline/",
    "/alliances/{alliance}/map.svg?as_of={as_of}",
]
AS_OF = "2020-06-30"
COUNTRY = "ru"
MEMBERSHIPS = 100_000
SEED = 1
# Cold cache: every request names a host no one named before, so nothing kept can answer.
COLD_HOSTS = "cold.bench.invalid"
ATTACKER = "198.51.100.7"

# Each of wrk's threads runs the script in a Lua state of its own: the hosts carry the thread's number (set by
# `setup`, which runs once a thread in the main state) and this run's mark, else two threads started in the same
# second would name the same hosts, and the second asking of each would be a hit (or wait for the first's render).
COLD_SCRIPT = f"""
threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
counter = 0
request = function()
  counter = counter + 1
  local host = "c" .. counter .. "-t" .. id .. "-{secrets.token_hex(4)}.{COLD_HOSTS}"
  return wrk.format(nil, wrk.path, {{["Host"] = host, ["X-Forwarded-Proto"] = "https"}})
end
"""


def main():
    options = parse_arguments()
    environment = bench_environment(options)
    os.environ.update(environment)
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    create_database(environment["DATABASE_URL"])
    run([*manage, "migrate", "--no-input", "-v0"], environment)
    load_data(manage, environment, options)
    run([*manage, "collectstatic", "--no-input", "-v0"], environment)

    import django

    django.setup()
    logging.getLogger("config.requests").setLevel(logging.WARNING)  # the in-process requests need no log lines
    urls = [url.format(**url_values()) for url in (options.url or URLS)]
    measured = {url: queries_and_size(url) for url in urls}
    sizes = {
        url: options.ceiling_bytes or (size if status == 200 else 40_000)
        for url, (status, _, size, _ms) in measured.items()
    }
    ceilings = write_ceiling_files(set(sizes.values()))

    ensure_wrk()
    if options.split_cores:
        split_cores()
    if options.crowd:
        return crowd(environment, urls, options)
    if options.attack:
        return attack(environment, urls, options)
    with gunicorn(environment, options.port) as master, edge(environment, options):
        base, at_edge = f"http://127.0.0.1:{options.port}", f"http://127.0.0.1:{options.edge_port}"
        results = {}
        for url in urls:
            status, queries, size, _ms = measured[url]
            entry = {"url": url, "status": status, "queries": queries, "size": size, "ceiling": sizes[url]}
            entry["cold_ms"] = measured[url][3]
            if status == 200 and probe(base + url) == 200:
                # The ceiling right before the URL's own runs: the machine's load drifts, ratios stay fair.
                entry["static"] = drive(base + ceilings[sizes[url]], options)
                drain(base)
                flush_cache(environment["REDIS_URL"])
                entry["cold"] = drive(base + url, options, cold=True)
                drain(base)
                probe(base + url)  # warm: the URL was asked once, as by the first reader after a change
                entry["warm"] = drive(base + url, options, cold=False)
                drain(base)
                drain(at_edge)  # until the edge's health probe finds the app answering again (else misses are 503)
                probe(at_edge + ceilings[sizes[url]])
                entry["edge static"] = drive(at_edge + ceilings[sizes[url]], options)
                probe(at_edge + url)
                entry["edge warm"] = drive(at_edge + url, options)
            results[url] = entry
        peak_rss = worker_peak_rss_mb(master)
    report(results, peak_rss, options)


def crowd(environment, urls, options):
    """The load test: every URL in turn, warm, for the whole duration, direct and then through the edge."""
    server = gunicorn(environment, options.port)
    runs = {}
    with server as master, edge(environment, options):
        for name, port in (("direct", options.port), ("edge", options.edge_port)):
            base = f"http://127.0.0.1:{port}"
            drain(base)  # through the edge: until its health probe finds the app answering again (else misses are 503)
            for url in urls:
                probe(base + url)
            with publishing(options.publish_every, [base + urls[2], base + urls[1]]) as publishes:
                runs[name] = drive(base + urls[0], options, script=crowd_script(urls))
            runs[name]["publishes"] = len(publishes[base + urls[2]])
            runs[name]["new answer after"] = {url: percentiles(publishes[base + url]) for url in urls[2:0:-1]}
            drain(f"http://127.0.0.1:{options.port}")
        peak_rss = worker_peak_rss_mb(master)
    statuses = {}
    for line in Path(server.log.name).read_text().splitlines():
        if line.startswith("{") and '"status"' in line:
            entry = json.loads(line)
            statuses[entry["status"]] = statuses.get(entry["status"], 0) + 1
    print(f"\n== crowd: {len(urls)} URLs in turn, warm, {options.connections} connections, {options.duration} s")
    for name, result in runs.items():
        print(f"{name:6} requests {result['requests']}, {result['rps']:.1f} req/s, p50 {result['p50_ms']} ms, p99 "
              f"{result['p99_ms']} ms, failures (non-2xx, socket errors, timeouts) {result['failures']}")  # fmt: skip
        if options.publish_every:
            print(f"       publishes (every {options.publish_every} s): {result['publishes']}; from each commit to the "
                  f"new answer: {result['new answer after']}")  # fmt: skip
    print(f"statuses in the app's request log (both runs and the start-up probes): {statuses}")
    print(f"peak RSS of a gunicorn worker (VmHWM): {peak_rss:.1f} MB")
    if options.json:
        options.json.write_text(json.dumps({**runs, "statuses": statuses, "worker_peak_rss_mb": peak_rss}))


def percentiles(seconds):
    """p50 and p99 (and the worst) of `seconds`, in ms."""
    if not seconds:
        return None
    ordered = sorted(seconds)
    pick = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000, 1)  # noqa: E731
    return {"p50_ms": pick(0.5), "p99_ms": pick(0.99), "max_ms": round(ordered[-1] * 1000, 1)}


def attack(environment, urls, options):
    """The crowd alone, then while an attacker forces misses on 8 connections: direct, then at the edge."""
    # The defaults of base.py. The crowd's hits never reach the limits; its own address is another than the attacker's.
    limited = {**environment, "PAGE_RATE": "300/min", "API_ANON_RATE": "120/min"}
    server = gunicorn(limited, options.port)
    runs = {}
    with server as master, edge(limited, options):
        for name, port in (("direct", options.port), ("edge", options.edge_port)):
            base = f"http://127.0.0.1:{port}"
            drain(base)
            for url in urls:
                probe(base + url)
            runs[f"{name}: alone"] = drive(base + urls[0], options, script=crowd_script(urls))
            drain(f"http://127.0.0.1:{options.port}")
            attacker = threading.Thread(
                target=lambda b=base, n=name: runs.update(
                    {f"{n}: attacker": drive(b + urls[0], attacker_options(options), script=attack_script(urls))}
                )
            )
            attacker.start()
            time.sleep(1)  # the attack is going when the crowd is measured
            runs[f"{name}: attacked"] = drive(base + urls[0], options, script=crowd_script(urls))
            attacker.join()
            drain(f"http://127.0.0.1:{options.port}")
        peak_rss = worker_peak_rss_mb(master)
    attacker_statuses, crowd_statuses = {}, {}
    for line in Path(server.log.name).read_text().splitlines():
        if line.startswith("{") and '"status"' in line:
            entry = json.loads(line)
            counts = attacker_statuses if entry.get("client") == ATTACKER else crowd_statuses
            counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    print(f"\n== miss attack: {len(urls)} URLs in turn, warm, {options.connections} connections, {options.duration} s;")
    print(f"   the attacker ({ATTACKER}): 8 connections, new query strings, junk session cookies, new days")
    for name, run_ in runs.items():
        print(f"{name:17} requests {run_['requests']}, {run_['rps']:.1f} req/s, p50 {run_['p50_ms']} ms, "
              f"p99 {run_['p99_ms']} ms, failures (non-2xx, socket errors, timeouts) {run_['failures']}")  # fmt: skip
    print(f"statuses in the app's request log: crowd {crowd_statuses}, attacker {attacker_statuses}")
    print(f"peak RSS of a gunicorn worker (VmHWM): {peak_rss:.1f} MB")
    if options.json:
        options.json.write_text(
            json.dumps({**runs, "crowd_statuses": crowd_statuses, "attacker_statuses": attacker_statuses})
        )


def attacker_options(options):
    return argparse.Namespace(**{**vars(options), "connections": 8, "threads": 1, "duration": options.duration + 2})


def attack_script(urls):
    """wrk's Lua for the attacker: each request a miss on the warm URLs, three ways in turn."""
    paths = ", ".join(json.dumps(url) for url in urls)
    return f"""
paths = {{{paths}}}
counter = 0
math.randomseed(os.time())
request = function()
  counter = counter + 1
  local path = paths[(counter % #paths) + 1]
  local separator = string.find(path, "?", 1, true) and "&" or "?"
  local headers = {{["X-Forwarded-Proto"] = "https", ["X-Forwarded-For"] = "{ATTACKER}"}}
  local way = math.random(3)
  if way == 1 then
    path = path .. separator .. "x" .. math.random(1e9) .. "=" .. counter
  elseif way == 2 then
    local key = ""
    for _ = 1, 8 do key = key .. string.format("%04x", math.random(0, 65535)) end
    headers["Cookie"] = "sessionid=" .. key
  else
    path = path .. separator .. string.format("as_of=%04d-%02d-%02d", math.random(1990, 2030), math.random(1, 12),
      math.random(1, 28))
  end
  return wrk.format(nil, path, headers)
end
"""


@contextlib.contextmanager
def publishing(every, addresses):
    """While the block runs, a curator's publish every `every` seconds, and how long until each of `addresses` shows it.

    Each publish unpublishes (then publishes again) a membership of the bench's alliance in force
    today, through the services, as the admin's action does: its keys get new versions and the
    edge a purge, sent by this process. After each commit a probe asks each address every 10 ms
    until its ETag is another than before the commit. Yields {address: [seconds from a commit to
    the new answer]}.
    """
    seen = {address: [] for address in addresses}
    if not every:
        yield seen
        return
    from django.utils import timezone

    from alliances.models import Membership, Status
    from alliances.services import records_set_status

    alliance = url_values()["alliance"]
    chosen = Membership.objects.published().filter(alliance__slug=alliance).active_on(timezone.localdate()).first()
    stop, probes = threading.Event(), []

    def etag(address):
        request = urllib.request.Request(address, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.headers.get("ETag")

    def watch(address, before, committed):
        while etag(address) == before and time.monotonic() - committed < 20:
            time.sleep(0.01)
        seen[address].append(time.monotonic() - committed)

    def publish():
        status = Status.DRAFT
        while not stop.wait(every):
            before = {address: etag(address) for address in addresses}
            records_set_status(records=Membership.objects.filter(pk=chosen.pk), status=status, reason="bench")
            committed = time.monotonic()
            for address in addresses:
                probes.append(threading.Thread(target=watch, args=(address, before[address], committed)))
                probes[-1].start()
            status = Status.PUBLISHED if status == Status.DRAFT else Status.DRAFT

    thread = threading.Thread(target=publish, daemon=True)
    thread.start()
    try:
        yield seen
    finally:
        stop.set()
        thread.join()
        for probe_ in probes:
            probe_.join()
        records_set_status(records=Membership.objects.filter(pk=chosen.pk), status=Status.PUBLISHED, reason="bench")


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per URL and cache state")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=int(os.environ.get("BENCH_PORT", "8401")))
    parser.add_argument("--edge-port", type=int, default=int(os.environ.get("BENCH_EDGE_PORT", "8402")))
    # gunicorn's rule, as config/gunicorn.py: 2 x cores + 1.
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1)))
    parser.add_argument("--url", action="append", help="a URL to drive instead of the default list (repeatable)")
    parser.add_argument(
        "--load-nice", type=int, default=0, help="run wrk at this nice level (19: it yields the cores to the stack)"
    )
    parser.add_argument(
        "--ceiling-bytes", type=int, help="size of every static file (default: each URL's own response, else 40,000)"
    )
    parser.add_argument("--regenerate", action="store_true", help="make the synthetic data anew")
    parser.add_argument(
        "--crowd", action="store_true", help="the load test: one run asking every URL in turn, warm (no ceilings)"
    )
    parser.add_argument(
        "--publish-every", type=float, metavar="SECONDS", help="crowd mode: a publish (version bump) every SECONDS"
    )
    parser.add_argument(
        "--attack", action="store_true", help="the crowd on the warm URLs, alone then under a miss attack (limits on)"
    )
    parser.add_argument(
        "--split-cores",
        action="store_true",
        help="wrk and the edge on half the cores, the app, PostgreSQL and Redis on the other half (two hosts)",
    )
    parser.add_argument("--json", type=Path, help="also write the results to this file")
    return parser.parse_args()


def bench_environment(options):
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/alliance_bench"),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": f"127.0.0.1,localhost,testserver,.{COLD_HOSTS}",
        "PORT": str(options.port),
        "WEB_CONCURRENCY": str(options.workers),
        "LOG_LEVEL": "ERROR",
        "GUNICORN_MAX_REQUESTS": "0",  # no recycling: the peak memory of a worker is what we measure
        # One address sends all the load: measure it, do not refuse it (--attack keeps the defaults).
        "API_ANON_RATE": "100000000/min",
        "PAGE_RATE": "",
        # The edge in front (scripts/edge): purged by the app and by this process's publishes. wrk stands for
        # the TLS proxy before it: the client is the address before the last one in X-Forwarded-For.
        "EDGE_PURGE_URLS": f"http://127.0.0.1:{options.edge_port}/",
        "NUM_PROXIES": "2",
    }


def create_database(url):
    """Create the benchmark's database on its server when it does not exist yet, set for SSD storage.

    random_page_cost = 1.1 (PostgreSQL's default of 4 assumes spinning disks) is what a
    production PostgreSQL on SSDs runs with; set on this database only. See docs/performance.md.
    """
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    server = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"], "dbname": "postgres"}
    with psycopg.connect(**server, password=config["PASSWORD"] or None, autocommit=True) as connection:
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))
        ssd = sql.SQL("ALTER DATABASE {} SET random_page_cost = 1.1")
        connection.execute(ssd.format(sql.Identifier(config["NAME"])))


def run(command, environment, **kwargs):
    return subprocess.run(command, cwd=BASE_DIR, env={**os.environ, **environment}, check=True, **kwargs)


def load_data(manage, environment, options):
    check = "from alliances.models import Membership; print(Membership.objects.count())"
    count = run([*manage, "shell", "-c", check], environment, capture_output=True, text=True).stdout.split()[-1]
    if int(count) >= MEMBERSHIPS and not options.regenerate:
        print(f"== {count} memberships in place; --regenerate to make them anew")
        return
    print(f"== generating {MEMBERSHIPS} memberships")
    started = time.perf_counter()
    run([*manage, "generate_synthetic", "--replace", "--organizations", "20000", "--memberships", str(MEMBERSHIPS),
         "--announcements", "5000", "--seed", str(SEED)], environment)  # fmt: skip
    print(f"   took {time.perf_counter() - started:.1f} s")


def url_values():
    """The busiest AI alliance, a country and a date, from the loaded data."""
    from django.db.models import Count

    from alliances.models import Alliance, AllianceKind

    alliance = (
        Alliance.objects.filter(kind=AllianceKind.AI_ALLIANCE)
        .annotate(members=Count("memberships"))
        .order_by("-members", "slug")
        .first()
    )
    return {"alliance": alliance.slug if alliance else "none", "country": COUNTRY, "as_of": AS_OF}


def queries_and_size(url):
    """Status, SQL queries ("miss/hit"), body size and the median ms of a cold request, in-process, same database.

    A miss names a host never named before; the hit asks the URL a second time.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.get(url, secure=True)  # warm what a worker warms once (content types, translations)

    def cold():
        return client.get(url, secure=True, HTTP_HOST=f"in-process-{time.time_ns()}.{COLD_HOSTS}")

    with CaptureQueriesContext(connection) as miss:
        cold()
    with CaptureQueriesContext(connection) as hit:
        response = client.get(url, secure=True)
    queries = f"{len(miss)}/{len(hit)}"  # now: the next request empties the log they read
    times = []
    for _ in range(15):
        started = time.perf_counter()
        cold()
        times.append((time.perf_counter() - started) * 1000)
    cold_ms = sorted(times)[len(times) // 2]
    return response.status_code, queries, len(response.content), round(cold_ms, 1)


def write_ceiling_files(sizes):
    """{size: address} of static files of those sizes under STATIC_ROOT, served by WhiteNoise like the others."""
    from django.conf import settings

    folder = Path(settings.STATIC_ROOT) / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("ceiling-*"):
        old.unlink()
    addresses = {}
    for size in sizes:
        path = folder / f"ceiling-{size}.json"
        path.write_text(json.dumps({"padding": "x" * max(0, size - 15)})[:size])
        addresses[size] = f"{settings.STATIC_URL}bench/{path.name}"
    return addresses


def ensure_wrk():
    if shutil.which("wrk"):
        return
    print("== installing wrk from Debian's packages")
    subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)


class gunicorn:
    """The production stack: gunicorn with config/gunicorn.py, stopped on exit."""

    def __init__(self, environment, port):
        self.environment, self.port = environment, port

    def __enter__(self):
        self.log = tempfile.NamedTemporaryFile(prefix="bench-gunicorn-", suffix=".log", delete=False)
        command = [*on_cores("app"), str(BASE_DIR / ".venv/bin/gunicorn"), "-c", "config/gunicorn.py", "config.wsgi"]
        self.process = subprocess.Popen(
            command, cwd=BASE_DIR, env={**os.environ, **self.environment}, stdout=self.log, stderr=subprocess.STDOUT
        )
        for _ in range(100):
            if probe(f"http://127.0.0.1:{self.port}/healthz") == 200:
                print(f"== gunicorn pid {self.process.pid} on 127.0.0.1:{self.port}, log {self.log.name}")
                return self.process.pid
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit(f"gunicorn did not answer /healthz; see {self.log.name}")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


class edge:
    """The edge (scripts/edge: varnishd with config/edge.vcl) in front of the gunicorn of `options.port`."""

    def __init__(self, environment, options):
        self.environment, self.options = environment, options

    def __enter__(self):
        subprocess.run(["bash", str(BASE_DIR / "scripts/ensure-varnish")], check=True)
        ports = {"EDGE_PORT": str(self.options.edge_port), "APP_PORT": str(self.options.port), "EDGE_MEMORY": "1g"}
        self.process = subprocess.Popen(
            [*on_cores("edge"), "bash", str(BASE_DIR / "scripts/edge")],
            cwd=BASE_DIR,
            env={**os.environ, **self.environment, **ports},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(150):
            if probe(f"http://127.0.0.1:{self.options.edge_port}/healthz") == 200:
                print(f"== the edge (varnishd) on 127.0.0.1:{self.options.edge_port}")
                return self.process.pid
            time.sleep(0.2)
        self.__exit__()
        raise SystemExit("the edge did not answer /healthz")

    def __exit__(self, *exc):
        os.killpg(self.process.pid, signal.SIGTERM)
        self.process.wait(timeout=30)


# With --split-cores: {"edge": cores of wrk and Varnish, "app": cores of gunicorn, PostgreSQL, Redis and this process}.
CORES = {}
SERVICES = ("postgres", "redis-server")


def split_cores():
    """Two hosts on one machine: the clients and the edge on the first half of the cores, the app and its services on
    the rest. On one set of cores the many threads of Varnish and wrk take most of the time a render after a write
    needs (docs/performance.md); an edge in front of app servers usually runs on hosts of its own."""
    cores = sorted(os.sched_getaffinity(0))
    if len(cores) < 2:
        raise SystemExit("--split-cores needs two cores")
    CORES.update(edge=cores[: len(cores) // 2], app=cores[len(cores) // 2 :])
    moved = set_affinity(CORES["app"])
    os.sched_setaffinity(0, CORES["app"])
    atexit.register(set_affinity, cores)
    print(f"== cores: wrk and the edge on {CORES['edge']}, gunicorn, this process and {moved} threads of "
          f"{' and '.join(SERVICES)} on {CORES['app']} (given back at the end)")  # fmt: skip


def set_affinity(cores):
    """Every thread of the running PostgreSQL and Redis servers on `cores`; how many were moved."""
    moved = 0
    for task in Path("/proc").glob("[0-9]*/task/[0-9]*"):
        with contextlib.suppress(OSError):
            if (task / "comm").read_text().strip() in SERVICES:
                os.sched_setaffinity(int(task.name), cores)
                moved += 1
    return moved


def on_cores(side):
    """The command prefix that runs a program on `side`'s cores (nothing without --split-cores)."""
    return ["taskset", "-c", ",".join(map(str, CORES[side]))] if CORES else []


def drain(base):
    """Wait for the workers to finish what wrk left queued, so one run does not slow the next."""
    for _ in range(120):
        started = time.perf_counter()
        if probe(base + "/healthz") == 200 and time.perf_counter() - started < 0.5:
            return
        time.sleep(0.5)


def probe(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


def flush_cache(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def crowd_script(urls):
    """wrk's Lua for a crowd: each request asks the next of `urls` in turn."""
    paths = ", ".join(json.dumps(url) for url in urls)
    return f"""
paths = {{{paths}}}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format(nil, paths[(counter % #paths) + 1])
end
"""


def drive(url, options, *, cold=False, script=None):
    """wrk against one URL (or `script`'s); returns requests/s, p50/p99 in ms, requests and failures."""
    command = [*on_cores("edge"), "wrk", f"-t{options.threads}", f"-c{options.connections}",
               f"-d{options.duration}s", "--latency", "--timeout", "2s", "-H", "X-Forwarded-Proto: https"]  # fmt: skip
    if options.load_nice:  # the load generator stands for clients elsewhere: it may yield the cores to the site
        command = ["nice", "-n", str(options.load_nice), *command]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        if cold or script:
            lua.write(COLD_SCRIPT if cold else script)
            lua.flush()
            command += ["-s", lua.name]
        output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    result = parse_wrk(output)
    # wrk counts a response that came after --timeout as a timeout, but not a request still
    # unanswered when the run ends. A connection that got no answer in the whole run had one.
    result["failures"] += max(0, options.connections - result["requests"])
    return {**result, "wrk": output}


def parse_wrk(output):
    def number(pattern, default=0.0):
        match = re.search(pattern, output)
        return float(match.group(1)) if match else default

    def latency(percentile):
        match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        if not match:
            return None
        value = float(match.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[match.group(2)]
        return value or None  # 0 when every response timed out: no latency was measured

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    failures = int(number(r"Non-2xx or 3xx responses: (\d+)")) + (
        sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    )
    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "requests": int(number(r"(\d+) requests in")),
        "failures": failures,
    }


def worker_peak_rss_mb(master):
    """The largest VmHWM (peak resident memory) of the master's worker processes, in MB."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    peaks = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        peaks.append(int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024)
    return max(peaks) if peaks else None


def report(results, peak_rss, options):
    print(f"\n== {options.connections} connections, {options.duration} s per run; failures = non-2xx + socket errors")
    print("   q/req: queries of a cache miss / of a hit; ratio: to a static file of the same size, run just before")
    print("   edge: through Varnish; its ratio is to the same static file through the same Varnish, and 'x direct'")
    print("   is the edge's warm requests/s over the direct warm requests/s")
    print("   cold ms: the median time of one cold request in-process (the test client, production settings)")
    header = f"{'URL':58} {'q/req':>5} {'bytes':>7}  {'state':11} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} {'fail':>5} {'ratio':>6}"  # noqa: E501
    print(header)
    for entry in results.values():
        label = entry["url"]
        if "warm" not in entry:
            print(f"{label[:58]:58} {'':>5} {'':>7}  HTTP {entry['status']}: not measured")
            continue
        for state in ("static", "cold", "warm", "edge static", "edge warm"):
            run_ = entry[state]
            ceiling = entry["edge static" if state.startswith("edge") else "static"]["rps"]
            ratio = run_["rps"] / ceiling if ceiling else 0
            p50, p99 = (f"{run_[key]:>7.2f}" if run_[key] is not None else f"{'-':>7}" for key in ("p50_ms", "p99_ms"))
            note = f"  cold in-process {entry['cold_ms']} ms" if state == "cold" else ""
            if state == "edge warm" and entry["warm"]["rps"]:
                note = f"  {run_['rps'] / entry['warm']['rps']:.1f} x direct"
            print(f"{label[:58]:58} {entry['queries']:>5} {entry['size']:>7}  {state:11} {run_['rps']:>8.1f} "
                  f"{p50} {p99} {run_['failures']:>5} {ratio:>6.1%}{note}")  # fmt: skip
    print(f"\npeak RSS of a gunicorn worker (VmHWM): {peak_rss:.1f} MB" if peak_rss else "\npeak RSS: unknown")
    if options.json:
        options.json.write_text(json.dumps({"results": results, "worker_peak_rss_mb": peak_rss}, indent=2))


if __name__ == "__main__":
    main()
