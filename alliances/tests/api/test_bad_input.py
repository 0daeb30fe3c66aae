"""Bad query values answer 400 (or 404 for an unknown object) with JSON that names the parameter."""

import pytest

from ..factories import MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "parameter"),
    [
        ("/api/v1/memberships/?as_of=2024-13-45", "as_of"),
        ("/api/v1/memberships/?started_after=yesterday", "started_after"),
        ("/api/v1/memberships/?started_before=2024-02-30", "started_before"),
        ("/api/v1/memberships/?updated_since=not-a-time", "updated_since"),
        ("/api/v1/memberships/?alliance=no-such-alliance", "alliance"),
        ("/api/v1/memberships/?organization=no-such-org", "organization"),
        ("/api/v1/memberships/?country=xx", "country"),
        ("/api/v1/memberships/?country=' OR 1=1 --", "country"),
        ("/api/v1/memberships/?member_type=robot", "member_type"),
        ("/api/v1/memberships/?role=king", "role"),
        ("/api/v1/memberships/?active=maybe", "active"),
        ("/api/v1/memberships/?ordering=password", "ordering"),
        ("/api/v1/memberships/?page=abc", "page"),
        ("/api/v1/memberships/?page=0", "page"),
        ("/api/v1/memberships/?page=-1", "page"),
        ("/api/v1/memberships/?page_size=abc", "page_size"),
        ("/api/v1/memberships/?page_size=0", "page_size"),
        ("/api/v1/alliances/brics/members/?as_of=2024-13-45", "as_of"),
        ("/api/v1/announcements/?date_after=2024-99-01", "date_after"),
        ("/api/v1/announcements/?country=zz", "country"),
        (f"/api/v1/announcements/?q={'x' * 5000}", "q"),
    ],
)
def test_a_bad_value_answers_400_naming_the_parameter(api, path, parameter):
    if "/alliances/brics/" in path:
        MembershipFactory(alliance__slug="brics")
    response = api.get(path)
    assert response.status_code == 400, response.content
    assert parameter in response.json()


def test_a_page_past_the_end_answers_404_naming_the_page(api):
    MembershipFactory()
    response = api.get("/api/v1/memberships/?page=99999999")
    assert response.status_code == 404
    assert "page" in response.json()


@pytest.mark.parametrize(
    "path", ["/api/v1/memberships/99999999999999999999999/", "/api/v1/announcements/99999999999999999999999/"]
)
def test_an_id_too_large_for_the_database_is_simply_not_found(api, path):
    assert api.get(path).status_code == 404
