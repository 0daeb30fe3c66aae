"""The schema documents each error answer with the one error shape, and real error bodies have that shape."""

import jsonschema
import pytest

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api):
    return api.get("/api/v1/schema/?format=json").json()


def error_shape(schema, operation, code):
    """The schema an operation documents for the error `code`, its reference followed."""
    content = operation["responses"][code]["content"]["application/json"]["schema"]
    name = content["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]


OPERATIONS = [
    ("/api/v1/memberships/", "get", {"400", "401", "404", "429"}),
    ("/api/v1/memberships/{id}/", "get", {"401", "404", "429"}),
    ("/api/v1/memberships/", "post", {"400", "401", "403", "429"}),
    ("/api/v1/memberships/{id}/", "patch", {"400", "401", "403", "404", "429"}),
    ("/api/v1/announcements/{slug}/", "get", {"401", "404", "429"}),
    ("/api/v1/alliances/{slug}/changes/", "get", {"400", "401", "404", "429"}),
    ("/api/v1/alliances/{slug}/members/", "get", {"400", "404", "429"}),
    ("/api/v1/register.zip", "get", {"401", "429"}),
]


@pytest.mark.parametrize(("path", "method", "codes"), OPERATIONS)
def test_list_detail_and_write_operations_document_their_errors(schema, path, method, codes):
    operation = schema["paths"][path][method]
    assert codes <= set(operation["responses"])
    for code in codes:
        assert error_shape(schema, operation, code)["properties"]["detail"]["type"] == "string"
    if "429" in codes:
        assert "Retry-After" in operation["responses"]["429"]["headers"]


def test_every_operation_documents_429_with_the_one_error_component(schema):
    refs = {
        answer["content"]["application/json"]["schema"]["$ref"]
        for item in schema["paths"].values()
        for operation in item.values()
        for code, answer in operation["responses"].items()
        if code.startswith(("4", "5"))
    }
    assert refs == {"#/components/schemas/Error"}
    assert all("429" in operation["responses"] for item in schema["paths"].values() for operation in item.values())


def test_real_400_404_401_403_and_429_bodies_have_the_documented_shape(api, reader_api, schema, settings):
    MembershipFactory()
    shape = schema["components"]["schemas"]["Error"]
    bodies = {
        "400 filter": api.get("/api/v1/memberships/?as_of=someday"),
        "400 format": api.get("/api/v1/memberships/?format=xml"),
        "400 period": api.get("/api/v1/alliances/x/changes/"),
        "404 record": api.get("/api/v1/memberships/999999/"),
        "404 page": api.get("/api/v1/memberships/?page=9"),
        "404 address": api.get("/api/v1/nonsense/"),
        "401": api.post("/api/v1/memberships/", {}, format="json", HTTP_AUTHORIZATION="Token not-a-token"),
        "403": reader_api.post("/api/v1/memberships/", {}, format="json"),
    }
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "1/min"}
    api.get("/api/v1/alliances/?page_size=1")
    bodies["429"] = api.get("/api/v1/alliances/?page_size=2")
    for name, response in bodies.items():
        assert response.status_code == int(name[:3]), name
        assert response["Content-Type"] == "application/json", name
        jsonschema.validate(response.json(), shape)


def test_an_error_body_is_always_an_object(api):
    # DRF writes a ValidationError of a list as a bare list; the API never does.
    from rest_framework.exceptions import ValidationError

    from alliances.api.exceptions import exception_handler

    response = exception_handler(ValidationError(["One thing is wrong."]), {})
    assert response.data == {"non_field_errors": ["One thing is wrong."]}
