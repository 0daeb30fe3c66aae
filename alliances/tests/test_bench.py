"""The benchmark's reading of wrk: a request that errs or times out is a failure, not a missing sample."""

import http.server
import importlib.util
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

SPEC = importlib.util.spec_from_file_location("bench", Path(__file__).resolve().parents[2] / "scripts" / "bench.py")
bench = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(bench)

WRK_OUTPUT = """Running 10s test @ http://127.0.0.1:8401/countries/ru/
  2 threads and 32 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    21.10ms   10.20ms 198.05ms   89.44%
  Latency Distribution
     50%  812.00us
     75%   19.85ms
     90%   25.95ms
     99%    1.20s
  15893 requests in 10.01s, 616.68MB read
  Socket errors: connect 0, read 2, write 0, timeout 7
  Non-2xx or 3xx responses: 3
Requests/sec:   1587.74
Transfer/sec:     61.61MB
"""


def test_wrk_output_gives_throughput_latency_in_milliseconds_and_failures():
    result = bench.parse_wrk(WRK_OUTPUT)
    assert result["rps"] == 1587.74
    assert result["requests"] == 15893
    assert result["p50_ms"] == 0.812
    assert result["p99_ms"] == 1200.0
    assert result["failures"] == 3 + 2 + 7


def test_a_clean_run_has_no_failures():
    clean = "\n".join(line for line in WRK_OUTPUT.splitlines() if "errors" not in line and "Non-2xx" not in line)
    result = bench.parse_wrk(clean)
    assert result["failures"] == 0
    assert result["requests"] == 15893


def test_split_cores_puts_the_clients_and_the_edge_on_the_first_half_and_the_app_on_the_rest(monkeypatch):
    moved, pinned = [], []
    monkeypatch.setattr(bench, "CORES", {})
    monkeypatch.setattr(bench.os, "sched_getaffinity", lambda pid: {0, 1, 2, 3})
    monkeypatch.setattr(bench.os, "sched_setaffinity", lambda pid, cores: pinned.append((pid, cores)))
    monkeypatch.setattr(bench, "set_affinity", lambda cores: moved.append(cores) or 7)
    monkeypatch.setattr(bench.atexit, "register", lambda function, cores: moved.append(("at exit", cores)))
    assert bench.on_cores("app") == []  # without --split-cores every program runs where the machine puts it
    bench.split_cores()
    assert bench.on_cores("edge") == ["taskset", "-c", "0,1"]
    assert bench.on_cores("app") == ["taskset", "-c", "2,3"]
    assert pinned == [(0, [2, 3])]  # the bench itself writes and purges, as the app does
    assert moved == [[2, 3], ("at exit", [0, 1, 2, 3])]  # PostgreSQL and Redis, given all the cores back at the end


def test_split_cores_refuses_one_core(monkeypatch):
    monkeypatch.setattr(bench, "CORES", {})
    monkeypatch.setattr(bench.os, "sched_getaffinity", lambda pid: {0})
    with pytest.raises(SystemExit, match="two cores"):
        bench.split_cores()
    assert bench.CORES == {}


@pytest.mark.skipif(not shutil.which("wrk"), reason="wrk is not installed (the bench installs it)")
def test_the_cold_script_names_each_host_once_across_wrks_threads(tmp_path):
    """Two threads started in the same second once named the same hosts: half the cold requests were not cold."""
    hosts = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hosts.append(self.headers["Host"])
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    script = tmp_path / "cold.lua"
    script.write_text(bench.COLD_SCRIPT)
    try:
        wrk = ["wrk", "-t2", "-c4", "-d1s", "-s", str(script), f"http://127.0.0.1:{server.server_port}/"]
        subprocess.run(wrk, check=True, capture_output=True, timeout=30)
    finally:
        server.shutdown()
    assert len(hosts) > 20
    assert len(set(hosts)) == len(hosts)
    assert all(host.endswith(f".{bench.COLD_HOSTS}") for host in hosts)
