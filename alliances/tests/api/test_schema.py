"""The OpenAPI schema, and schemathesis driving the API in-process from it: no 5xx, no response off the schema."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from ..conftest import the_folders_again
from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db

EXAMPLES = 400  # across every operation: about 30 s on two cores


def test_schema_documents_every_resource_and_filter(api):
    response = api.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in [
        "/api/v1/alliances/",
        "/api/v1/alliances/{slug}/",
        "/api/v1/alliances/{slug}/members/",
        "/api/v1/alliances/{slug}/popolo.json",
        "/api/v1/countries/",
        "/api/v1/countries/{code}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{slug}/",
        "/api/v1/memberships/",
        "/api/v1/announcements/",
    ]:
        assert path in paths
    membership_filters = {p["name"] for p in paths["/api/v1/memberships/"]["get"]["parameters"]}
    assert {
        "alliance",
        "country",
        "organization",
        "member_type",
        "role",
        "as_of",
        "active",
        "started_after",
        "started_before",
        "updated_since",
        "ordering",
        "page",
        "page_size",
    } <= membership_filters
    announcement_filters = {p["name"] for p in paths["/api/v1/announcements/"]["get"]["parameters"]}
    assert {"alliance", "country", "date_after", "date_before", "q"} <= announcement_filters


def test_docs_page_loads_its_scripts_from_the_site_itself(api):
    page = api.get("/api/v1/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()


@pytest.fixture
def wsgi_app():
    """The site's WSGI application, keeping the test's database connection (and its transaction) open
    between requests, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield get_wsgi_application()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.schemathesis
def test_schemathesis_finds_no_server_error_and_no_response_off_the_schema(curator, wsgi_app, tmp_path):
    """One test over every operation (bounded examples), as a curator so writes are exercised too."""
    the_folders_again(tmp_path, "shared", "ai-alliance-network", "brics", "rankings")
    MembershipFactory()
    token = Token.objects.create(user=curator)
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", wsgi_app)
    headers = {"Authorization": f"Token {token.key}"}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(case=schema.as_strategy())
    def check(case):
        case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

    check()
