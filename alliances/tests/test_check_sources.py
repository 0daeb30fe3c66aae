"""`manage.py check_sources` against a local test server (never an outside address): what each answer records,
which addresses are broken, and the bounds on a run."""

import socket
import struct
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command

from alliances import source_checks
from alliances.models import Announcement, LinkState, Status

from .factories import AnnouncementFactory

pytestmark = pytest.mark.django_db


class Handler(BaseHTTPRequestHandler):
    in_flight = 0
    most_at_once = 0
    user_agents = []
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.answer(head=True)

    def do_GET(self):
        self.answer(head=False)

    def answer(self, *, head):
        cls = type(self)
        with cls.lock:
            cls.in_flight += 1
            cls.most_at_once = max(cls.most_at_once, cls.in_flight)
            cls.user_agents.append(self.headers.get("User-Agent"))
        try:
            self.route(head)
        finally:
            with cls.lock:
                cls.in_flight -= 1

    def route(self, head):
        path = self.path
        if path == "/slow":
            time.sleep(2)
        if path.startswith("/ok-slowly"):
            time.sleep(0.2)
        if path == "/reset":
            # SO_LINGER 0: closing sends a TCP reset instead of a clean close.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
            return
        status, location = {
            "/ok": (200, None),
            "/moved": (301, "/ok"),
            "/moved-to-gone": (301, "/gone"),
            "/gone": (410, None),
            "/missing": (404, None),
            "/forbidden": (403, None),
            "/slow": (200, None),
            "/ok-slowly": (200, None),
            "/no-head": (405 if head else 200, None),
        }.get(path.split("?")[0], (404, None))
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def server():
    Handler.in_flight = Handler.most_at_once = 0
    Handler.user_agents = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


PATHS = ["/ok", "/moved", "/missing", "/gone", "/slow", "/reset", "/no-head", "/forbidden", "/moved-to-gone"]


@pytest.fixture
def sources(server):
    return {
        path: AnnouncementFactory(slug=f"source{path.replace('/', '-')}", source_url=server + path) for path in PATHS
    }


def check(*extra):
    out = StringIO()
    call_command("check_sources", "--timeout=0.5", "--total-time=30", *extra, stdout=out)
    return out.getvalue()


def test_each_answer_is_recorded_and_the_broken_ones_are_listed(server, sources):
    draft = AnnouncementFactory(slug="a-draft", source_url=server + "/missing", status=Status.DRAFT)
    output = check()
    found = {path: Announcement.objects.get(pk=source.pk) for path, source in sources.items()}
    answers = {path: (a.link_status, a.link_error, a.link_moved_to) for path, a in found.items()}
    assert answers == {
        "/ok": (200, "", ""),
        "/moved": (200, "", server + "/ok"),
        "/missing": (404, "", ""),
        "/gone": (410, "", ""),
        "/slow": (None, "timeout", ""),
        "/reset": (None, "connection reset", ""),
        "/no-head": (200, "", ""),  # HEAD refused, then GET
        "/forbidden": (403, "", ""),
        "/moved-to-gone": (410, "", server + "/gone"),
    }
    states = {path: a.link_state for path, a in found.items()}
    assert states["/ok"] == LinkState.WORKS and states["/moved"] == LinkState.MOVED
    assert states["/forbidden"] == LinkState.REFUSED
    broken = {path for path, state in states.items() if state == LinkState.BROKEN}
    assert broken == {"/missing", "/gone", "/slow", "/reset", "/moved-to-gone"}
    assert all(a.link_checked_at for a in found.values())
    for path in broken:
        assert f"broken: source{path.replace('/', '-')} {server}{path}" in output
    assert "9 addresses checked, 5 broken." in output
    draft.refresh_from_db()
    assert draft.link_checked_at is None  # drafts are not checked


def test_a_check_says_who_asks_and_asks_each_host_one_request_at_a_time(server):
    other_host = server.replace("127.0.0.1", "localhost")
    for number in range(3):
        AnnouncementFactory(slug=f"a-{number}", source_url=f"{server}/ok-slowly?{number}")
        AnnouncementFactory(slug=f"b-{number}", source_url=f"{other_host}/ok-slowly?{number}")
    check("--concurrency=4")
    assert set(Handler.user_agents) == {source_checks.USER_AGENT}
    assert Handler.most_at_once == 2  # two hosts, each asked one request at a time


def test_a_run_stops_at_its_total_time_and_leaves_the_rest_unchecked(server):
    for number in range(4):
        AnnouncementFactory(slug=f"slow-{number}", source_url=f"{server}/slow")
    started = time.monotonic()
    output = check("--total-time=1.2")
    assert time.monotonic() - started < 3
    assert "not checked: out of time" in output
    assert Announcement.objects.filter(link_checked_at__isnull=True).count() >= 2


def test_a_check_changes_no_version_of_the_records_history(server, sources):
    versions = Announcement.history.count()
    check()
    assert Announcement.history.count() == versions


@pytest.fixture
def broken_source():
    from django.utils import timezone

    from .factories import MembershipFactory

    source = AnnouncementFactory(
        slug="gone-source",
        title="The list that moved away",
        source_url="https://news.example.org/gone",
        archive_url="https://archive.example.org/web/2024/https://news.example.org/gone",
    )
    source_checks.checks_record({source.pk: source_checks.Answer(source.source_url, status=410)}, when=timezone.now())
    MembershipFactory(sources=[source])
    return source


def test_the_pages_show_a_broken_address_as_such_and_link_the_archived_copy(client, broken_source):
    page = client.get(broken_source.get_absolute_url()).content.decode()
    assert "The address is broken: it answered 410 when checked on" in page
    assert 'href="https://archive.example.org/web/2024/https://news.example.org/gone"' in page
    alliance = broken_source.memberships.get().alliance
    page = client.get(alliance.get_absolute_url()).content.decode()
    assert 'class="broken-link">original</a> <span class="mark mark-broken">address broken (410)</span>' in page
    assert ">archived copy</a>" in page


def test_a_page_request_never_checks_an_address(client, broken_source, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page request asked a source's address")

    monkeypatch.setattr("requests.Session.request", refuse)
    assert client.get(broken_source.get_absolute_url()).status_code == 200


def test_the_admin_shows_a_sources_state(curator_client, broken_source):
    from django.urls import reverse

    page = curator_client.get(reverse("admin:alliances_announcement_change", args=[broken_source.pk]))
    assert '<span class="address-broken">broken</span>: 410 (' in page.content.decode()
    listing = curator_client.get(reverse("admin:alliances_announcement_changelist")).content.decode()
    assert '<td class="field-address_state">broken</td>' in listing


def test_the_api_carries_both_addresses_and_the_last_check(client, broken_source):
    body = client.get(f"/api/v1/announcements/{broken_source.slug}/").json()
    assert body["archive_url"].startswith("https://archive.example.org/")
    assert {key: body["url_check"][key] for key in ("state", "status", "error")} == {
        "state": "broken",
        "status": 410,
        "error": "",
    }
