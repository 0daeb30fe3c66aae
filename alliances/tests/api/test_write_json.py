"""A write's JSON body that Python's own json module would read but the API cannot keep answers 400 saying why."""

import json

import pytest

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory
from .test_writes import RESOURCES, detail_url, new_payload

pytestmark = pytest.mark.django_db

# JSON text for half of a character (a lone UTF-16 surrogate): valid JSON syntax, but no UTF-8 text can hold it.
LONE_SURROGATE = '"\\ud800"'


@pytest.fixture
def existing():
    """The records test_writes.py's payloads name."""
    return {
        "alliance": AllianceFactory(slug="brics"),
        "organization": OrganizationFactory(slug="sber"),
        "announcement": AnnouncementFactory(),
        "membership": MembershipFactory(),
    }


def body_with(payload, field, value_json):
    """The JSON text of `payload` with `field` set to `value_json`, itself JSON text."""
    members = [f"{json.dumps(key)}: {json.dumps(value)}" for key, value in payload.items() if key != field]
    return "{" + ", ".join([*members, f"{json.dumps(field)}: {value_json}"]) + "}"


def nested(depth):
    return "[" * depth + "]" * depth


def first_field(resource):
    # A choice: its 400 quotes the value sent back, which is where a lone surrogate broke the answer.
    return {"alliances": "kind", "organizations": "kind", "announcements": "kind", "memberships": "role"}[resource]


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("method", ["post", "put", "patch"])
def test_a_lone_surrogate_in_a_write_answers_400_naming_it(curator_api, existing, resource, method):
    address = f"/api/v1/{resource}/" if method == "post" else detail_url(resource, existing)
    body = body_with(new_payload(resource, existing), first_field(resource), LONE_SURROGATE)
    response = getattr(curator_api, method)(address, body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "surrogate" in response.json()["detail"], response.content


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize("body", [nested(100_000), '{"a": ' * 50_000 + "1" + "}" * 50_000])
def test_json_nested_too_deep_answers_400_saying_so(curator_api, existing, resource, body):
    response = curator_api.post(f"/api/v1/{resource}/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "deep" in response.json()["detail"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_a_moderately_nested_value_is_a_field_error_not_a_crash(curator_api, existing, resource):
    body = body_with(new_payload(resource, existing), first_field(resource), nested(20))
    response = curator_api.post(f"/api/v1/{resource}/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert first_field(resource) in response.json()


def test_ordinary_text_outside_the_basic_plane_is_kept(curator_api, existing):
    # A character written as a surrogate pair is one whole character: it is kept, not refused.
    body = body_with(new_payload("alliances", existing), "name", '"AI \\ud83e\\udd16 Alliance"')
    response = curator_api.post("/api/v1/alliances/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "AI \N{ROBOT FACE} Alliance"
