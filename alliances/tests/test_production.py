"""The production settings: what they refuse, the headers they send, the log lines they write."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from alliances.caching import store
from config import health
from config.db_router import PrimaryReplicaRouter

BASE_DIR = Path(__file__).resolve().parents[2]
# Importing config.settings.production here would refuse to load: the test names them itself.
REQUIRED_ENVIRONMENT = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"]


def production_environment(tmp_path, **overrides):
    """An environment for a subprocess running the production settings, with no stray settings of ours."""
    environment = {key: value for key, value in os.environ.items() if key not in {*REQUIRED_ENVIRONMENT, "DEBUG"}}
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x7#kQ2!vR9pL0zW4mN8bT6yU1cE5hJ3gF0aS2dK9lP4oI7uY6tR1eW3qZ8xC5vB",
        ALLOWED_HOSTS="alliances.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
        REDIS_URL="redis://127.0.0.1:6399/0",
    )
    environment.update(overrides)
    return {key: value for key, value in environment.items() if value is not None}


def run_python(code, environment):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("missing", REQUIRED_ENVIRONMENT)
def test_production_refuses_to_start_without_each_required_variable(tmp_path, missing):
    result = run_python("import django; django.setup()", production_environment(tmp_path, **{missing: None}))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert f"environment variable {missing}" in result.stderr


def test_production_starts_with_every_required_variable(tmp_path):
    result = run_python("import django; django.setup(); print('started')", production_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"


PRINT_DATABASE_OPTIONS = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
)


@pytest.mark.parametrize(
    ("switch", "expected"),
    [(None, {"server_side_binding": True, "prepare_threshold": 5}), ("false", {})],
)
def test_postgresql_prepares_repeated_queries_unless_switched_off(tmp_path, switch, expected):
    environment = production_environment(
        tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused", DATABASE_PREPARED_STATEMENTS=switch
    )
    result = run_python(PRINT_DATABASE_OPTIONS, environment)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == expected


@pytest.mark.parametrize(("switch", "disabled"), [(None, False), ("false", True)])
def test_postgresql_streams_a_whole_csv_through_a_server_side_cursor_unless_switched_off(tmp_path, switch, disabled):
    environment = production_environment(
        tmp_path, DATABASE_URL="postgres://postgres@127.0.0.1:5432/unused", DATABASE_SERVER_SIDE_CURSORS=switch
    )
    code = "from django.conf import settings; print(settings.DATABASES['default']['DISABLE_SERVER_SIDE_CURSORS'])"
    result = run_python(code, environment)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(disabled)


def test_check_deploy_passes_with_no_warning(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=production_environment(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


RESPONSE_PROBE = """
import django, json
django.setup()
from django.test import Client
# secure=True: HTTPS as gunicorn reports it (wsgi.url_scheme) for X-Forwarded-Proto from a trusted proxy.
response = Client(HTTP_HOST="alliances.example.org", HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.7").get(
    "/no-such-page/", secure=True
)
print("HEADERS " + json.dumps(dict(response.headers)))
health = Client(HTTP_HOST="alliances.example.org").get("/healthz")
print("HEALTH " + json.dumps({"status": health.status_code, "body": health.json()}))
by_address = Client(HTTP_HOST="10.1.2.3:8000").get("/healthz")
ready = Client(HTTP_HOST="10.1.2.3:8000").get("/readyz")
print("HEALTHBYADDRESS " + json.dumps({"status": by_address.status_code, "ready": ready.status_code}))
bad_host = Client(HTTP_HOST="evil.example.com").get("/", secure=True)
claimed = Client(HTTP_X_FORWARDED_PROTO="https", HTTP_HOST="alliances.example.org").get("/no-such-page/")
print("HEADCLAIMED " + json.dumps({"status": claimed.status_code, "location": claimed.get("Location")}))
print("HEADBADHOST " + json.dumps({"status": bad_host.status_code}))
"""


@pytest.fixture(scope="module")
def production_response(tmp_path_factory, collected_static):
    """Headers and stdout of one request (a 404: no database or cache needed) under production settings."""
    environment = production_environment(tmp_path_factory.mktemp("production"), STATIC_ROOT=str(collected_static))
    result = run_python(RESPONSE_PROBE, environment)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    probes = {line.split(" ", 1)[0]: json.loads(line.split(" ", 1)[1]) for line in lines if line.startswith("HE")}
    log_lines = [line for line in lines if not line.startswith("HE")]
    return (
        probes["HEADERS"],
        log_lines,
        probes["HEALTH"],
        probes["HEALTHBYADDRESS"],
        probes["HEADBADHOST"],
        probes["HEADCLAIMED"],
    )


def test_production_sends_the_security_headers(production_response):
    headers = production_response[0]
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"


def test_production_content_security_policy_allows_nothing_inline(production_response):
    headers = production_response[0]
    directives = dict(
        part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";") if part.strip()
    )
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"


def test_production_logs_one_json_line_per_request(production_response):
    log_lines = production_response[1]
    requests = [json.loads(line) for line in log_lines if '"config.requests"' in line]
    assert len(requests) == 3  # the 404, the bad Host, the redirect; the health checks come before the log
    assert requests[0]["method"] == "GET"
    assert requests[0]["path"] == "/no-such-page/"
    assert requests[0]["status"] == 404
    assert requests[0]["duration_ms"] >= 0
    assert requests[0]["client"] == "203.0.113.7"  # as the load balancer saw it, not what the client claimed


def test_healthz_answers_over_plain_http_and_an_unreachable_redis_is_degraded_not_down(production_response):
    health = production_response[2]
    assert health["status"] == 200  # no redirect to https for the load balancer's probe; every page still works
    assert health["body"] == {"status": "degraded", "database": "ok", "cache": "unreachable"}


def test_django_believes_x_forwarded_proto_only_through_gunicorn(production_response):
    # No SECURE_PROXY_SSL_HEADER: the header alone, which anyone reaching gunicorn can send, is not HTTPS.
    # gunicorn sets the scheme from it only for FORWARDED_ALLOW_IPS (test_faults checks that end).
    claimed = production_response[5]
    assert claimed["status"] == 301
    assert claimed["location"] == "https://alliances.example.org/no-such-page/"


def test_the_health_checks_answer_a_balancer_probing_by_address(production_response):
    by_address = production_response[3]
    assert by_address["status"] == 200  # the Host is not in ALLOWED_HOSTS
    assert by_address["ready"] == 503  # readiness wants Redis too


def test_a_bad_host_is_one_warning_without_a_traceback(production_response):
    log_lines, bad_host = production_response[1], production_response[4]
    assert bad_host["status"] == 400
    security = [line for line in log_lines if "DisallowedHost" in line]
    assert len(security) == 1
    assert json.loads(security[0])["level"] == "WARNING"
    assert "Traceback" not in security[0]
    assert "exc_info" not in json.loads(security[0])


def test_csp_allowances_apply_only_under_their_address(settings):
    from config.csp import PathCSPMiddleware

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "style-src": ["'self'"]}}
    settings.CSP_PATH_ALLOWANCES = {"/api/v1/docs/": {"style-src": ["'unsafe-inline'"]}}
    middleware = PathCSPMiddleware(lambda request: HttpResponse("page"))
    docs = middleware(RequestFactory().get("/api/v1/docs/"))
    page = middleware(RequestFactory().get("/alliances/brics/"))
    assert "style-src 'self' 'unsafe-inline'" in docs["Content-Security-Policy"]
    assert "style-src 'self';" in page["Content-Security-Policy"] + ";"
    assert "unsafe-inline" not in page["Content-Security-Policy"]


INLINE_CODE = [
    (re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "event handler attribute"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_our_templates_hold_nothing_the_content_security_policy_would_block():
    offences = []
    for template in sorted((BASE_DIR / "templates").rglob("*.html")):
        text, name = template.read_text(), template.relative_to(BASE_DIR)
        offences += [f"{name}: {what}" for pattern, what in INLINE_CODE if pattern.search(text)]
    assert offences == []


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_health_answers_200_when_database_and_cache_answer(client, path):
    response = client.get(path)
    assert response.status_code == 200
    expected = {"status": "ok", "database": "ok", "cache": "ok"}
    if path == "/readyz":  # and the purges the edges still owe (none here: no edge)
        expected["purges"] = {"pending": 0, "oldest_seconds": None}
    assert response.json() == expected
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_with_the_cache_down_liveness_is_degraded_and_readiness_fails(client, monkeypatch):
    monkeypatch.setattr(store, "answers", lambda: False)
    live, ready = client.get("/healthz"), client.get("/readyz")
    assert live.status_code == 200
    assert live.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}
    assert ready.status_code == 503
    assert ready.json()["status"] == "fail"


def test_with_the_database_down_both_fail(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "database_answers", refuse)
    for path in ("/healthz", "/readyz"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.json()["database"] == "failed: OperationalError"


def test_a_lost_database_connection_answers_503_not_500():
    middleware = health.ServiceUnavailableMiddleware(lambda request: None)
    page = middleware.process_exception(RequestFactory().get("/alliances/brics/"), OperationalError("gone"))
    api = middleware.process_exception(RequestFactory().get("/api/v1/memberships/"), OperationalError("gone"))
    assert page.status_code == 503
    assert page["Retry-After"] == "30"
    assert "temporarily unavailable" in page.content.decode()
    assert api.status_code == 503
    assert "temporarily unavailable" in json.loads(api.content)["detail"]


def test_a_constraint_violation_is_not_taken_for_a_lost_database():
    middleware = health.ServiceUnavailableMiddleware(lambda request: None)
    assert middleware.process_exception(RequestFactory().get("/"), IntegrityError("duplicate")) is None


def test_replica_router_reads_the_replica_only_for_an_answer_it_holds_and_writes_to_the_primary(monkeypatch):
    from django.contrib.auth.models import User

    from alliances.models import Membership
    from config import db_router

    router = PrimaryReplicaRouter()
    assert router.db_for_read(Membership) == "default"  # no anonymous answer the replica holds is being made
    monkeypatch.setattr(db_router, "replica_allowed", lambda: True)
    assert router.db_for_read(Membership) == "replica"
    assert router.db_for_read(User) == "default"
    assert router.db_for_write(Membership) == "default"
    assert router.allow_migrate("replica", "alliances") is False


def test_production_middleware_is_written_out_in_full():
    text = (BASE_DIR / "config/settings/production.py").read_text()
    assert "*MIDDLEWARE" not in text and "MIDDLEWARE[" not in text


def test_gunicorns_master_loads_the_views_templates_and_catalogues_once_and_holds_no_connection(tmp_path):
    """config/gunicorn.py, before the first fork: what every worker's first requests would load, loaded once."""
    code = """
import sys, django
django.setup()
from django.db import connection
from django.template import engines
from django.utils.translation import trans_real
import config.gunicorn as gunicorn
connection.ensure_connection()  # one a preloaded app might have opened: closed before the fork
gunicorn.load_what_requests_load()
loader = engines["django"].engine.template_loaders[0]
print("views", "alliances.views.timeline" in sys.modules)
print("templates", sorted(key for key in loader.get_template_cache if key.endswith("timeline.html")))
print("catalogues", sorted(trans_real._translations))
print("connection", connection.connection)
"""
    result = run_python(code, production_environment(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.splitlines())
    assert lines["views"] == "True"
    assert lines["templates"] == "['alliances/timeline.html', 'includes/timeline.html']"
    assert "'en'" in lines["catalogues"] and "'ru'" in lines["catalogues"]
    assert lines["connection"] == "None"
