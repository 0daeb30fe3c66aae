"""Private services for the tests of the production stack (test_faults.py, test_edge.py).

Each stack runs its own Redis and PostgreSQL cluster on ports of its own; the machine's are never
touched. The migrated database holding the served bodies is made once a session (`served_cluster`)
and each stack's cluster starts from a copy of its folder.
"""

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from .conftest import copy_register_folders

BASE_DIR = Path(__file__).resolve().parents[2]


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

    @contextlib.contextmanager
    def paused(self):
        """Redis stops answering (SIGSTOP) but keeps its connections and its data, as in a long GC or swap."""
        self.process.send_signal(signal.SIGSTOP)
        try:
            yield
        finally:
            self.process.send_signal(signal.SIGCONT)

    def pause(self):
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


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

    def create(self, copy_of=None):
        """A new cluster with an empty database, or a copy of a stopped cluster's folder (`copy_of`)."""
        if copy_of is not None:
            self.as_owner("cp", "-a", str(copy_of), str(self.data))
            self.start()
            return
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


def skip_without_postgresql():
    if not glob.glob("/usr/lib/postgresql/*/bin/initdb"):
        pytest.skip("PostgreSQL's initdb is not installed")
    if os.geteuid() == 0 and not shutil.which("runuser"):
        pytest.skip("running as root without runuser: initdb refuses root")


# The bodies the stacks' tests read (their pages, feeds and writes): a part of the register loads in half the time.
SERVED_FOLDERS = ("shared", "brics", "gpai", "oecd-ai-principles", "ai-alliance-network", "rankings")


def served_register(tmp_path_factory):
    """A copy of SERVED_FOLDERS of the shipped register, for a stack's `load_register --path`."""
    return str(copy_register_folders(tmp_path_factory.mktemp("served"), *SERVED_FOLDERS))


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def served_cluster_folder(tmp_path_factory, collected_static):
    """A stopped PostgreSQL cluster's data folder: migrated, with SERVED_FOLDERS loaded by the production settings.

    Made once a session: migrating and loading took half a minute for each stack; copying the folder takes
    a fraction of a second. The stacks each add their own curator. Yields the folder; removed at the end.
    """
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    skip_without_postgresql()
    redis, postgres = PrivateRedis(free_port()), PrivatePostgres(free_port())
    redis.start()
    try:
        postgres.create()
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": "served-cluster-only-" + "x" * 40,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": postgres.url,
            "REDIS_URL": redis.url,
            "STATIC_ROOT": str(collected_static),
        }
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_register", "-v0", "--path", served_register(tmp_path_factory)],
        ):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=BASE_DIR,
                env=environment,
                check=True,
                timeout=300,
                capture_output=True,
            )
        postgres.stop()
        yield postgres.data
    finally:
        redis.stop()
        postgres.destroy()
