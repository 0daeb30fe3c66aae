"""/api/v1/ and the answers of addresses, methods and formats the API does not have: JSON, never a page."""

import json

import pytest

from alliances.api.index import ENDPOINTS, address

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def records():
    alliance = AllianceFactory(slug="brics", name="BRICS")
    source = AnnouncementFactory(slug="summit-2024")
    source.alliances.add(alliance)
    membership = MembershipFactory(alliance=alliance, organization=OrganizationFactory(slug="sber"), sources=[source])
    return {"slug": "brics", "id": str(membership.pk), "code": "ru"}


def test_the_root_lists_every_address_and_where_the_schema_docs_and_download_are(api, records):
    response = api.get("/api/v1/")
    assert response.status_code == 200
    body = response.json()
    assert body["schema"] == "http://testserver/api/v1/schema/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
    assert body["register_download"] == "http://testserver/api/v1/register.zip"
    listed = {entry["address"] for entry in body["endpoints"]}
    assert "http://testserver/api/v1/alliances/{slug}/changes/" in listed
    assert "http://testserver/api/v1/announcements/{slug}/" in listed
    assert all(entry["description"] for entry in body["endpoints"])


@pytest.mark.parametrize(("name", "kwargs", "description"), ENDPOINTS)
def test_each_listed_address_answers(api, records, name, kwargs, description):
    values = {
        **records,
        "slug": {"api:organization-detail": "sber", "api:announcement-detail": "summit-2024"}.get(name, "brics"),
    }
    path = address(name, kwargs).format(**values)
    if name == "api:alliance-changes":
        path += "?from=2024-01-01&to=2024-12-31"
    if name == "api:changes":
        path += "?since=2024-01-01"
    assert api.get(path).status_code == 200, path


@pytest.mark.parametrize(
    "path",
    ["/api/", "/api/v2/", "/api/v2/alliances/", "/api/v1/nonsense/", "/api/v1/alliances/brics/nonsense/", "/api/x"],
)
def test_an_unknown_api_address_is_a_json_404(api, records, path):
    response = api.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "/api/v1/" in response.json()["detail"]


def test_an_unknown_api_address_is_json_with_debug_on_too_and_for_any_method(api, settings):
    settings.DEBUG = True  # make run's settings: Django would answer its own HTML page
    for method in ("get", "post", "delete"):
        response = getattr(api, method)("/api/v1/nonsense/")
        assert (response.status_code, response["Content-Type"]) == (404, "application/json"), method
        assert "/api/v1/" in response.json()["detail"]


def test_a_public_page_that_does_not_exist_is_still_an_html_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


def test_an_unknown_method_is_a_json_405(api, records):
    for method, path in [
        ("delete", "/api/v1/"),
        ("post", "/api/v1/alliances/brics/changes/"),
        ("put", "/api/v1/register.zip"),
    ]:
        response = getattr(api, method)(path)
        assert response.status_code == 405, path
        assert "not allowed" in response.json()["detail"]


def test_an_unknown_format_is_a_400_naming_the_formats(api, records):
    response = api.get("/api/v1/memberships/?format=xml")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "json" in response.json()["format"][0] and "csv" in response.json()["format"][0]


def test_an_unknown_media_type_is_a_json_406_naming_those_answered(api, records):
    response = api.get("/api/v1/alliances/", HTTP_ACCEPT="application/xml")
    assert response.status_code == 406
    assert "application/json" in response.json()["detail"]


def test_error_answers_are_not_kept_for_later_readers(api, records, django_capture_on_commit_callbacks):
    assert api.get("/api/v1/alliances/gpai/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        AllianceFactory(slug="gpai")
    assert api.get("/api/v1/alliances/gpai/").status_code == 200
    assert api.get("/api/v1/?format=xml").status_code == 400
    assert api.get("/api/v1/").status_code == 200


def test_the_root_is_kept_whole_and_junk_in_its_query_is_refused_before_any_query(
    api, records, django_assert_num_queries
):
    first = api.get("/api/v1/")
    with django_assert_num_queries(1):  # its versions; a parameter it does not read is refused before any query
        again = api.get("/api/v1/")
        junk = api.get("/api/v1/?utm_source=mail")
    assert again.content == first.content
    assert junk.status_code == 400 and "utm_source" in junk.json()


def test_the_alliance_filter_ignores_case(api, records):
    AnnouncementFactory().alliances.add(AllianceFactory(slug="gpai"))
    for path in ("/api/v1/memberships/", "/api/v1/announcements/"):
        lower = api.get(f"{path}?alliance=brics").json()
        upper = api.get(f"{path}?alliance=BRICS").json()
        assert upper["count"] == lower["count"] == 1
        assert upper["results"] == lower["results"]
    assert api.get("/api/v1/memberships/?alliance=BrIcS-no").status_code == 400


def test_an_announcement_is_addressed_by_its_slug_and_its_old_id_redirects(api, records):
    source = AnnouncementFactory(slug="kazan-declaration")
    body = api.get("/api/v1/announcements/kazan-declaration/").json()
    assert (body["id"], body["slug"]) == (source.pk, "kazan-declaration")
    moved = api.get(f"/api/v1/announcements/{source.pk}/?format=json")
    assert moved.status_code == 301
    assert moved["Location"] == "/api/v1/announcements/kazan-declaration/?format=json"
    assert api.get("/api/v1/announcements/no-such-source/").status_code == 404


def test_a_curator_may_still_change_an_announcement_by_its_id(curator_api, records):
    source = AnnouncementFactory(slug="to-retitle")
    response = curator_api.patch(
        f"/api/v1/announcements/{source.pk}/", {"title": "Retitled", "change_reason": "typo"}, format="json"
    )
    assert response.status_code == 200, response.content
    source.refresh_from_db()
    assert source.title == "Retitled"


def test_a_server_error_under_the_api_is_json_and_on_a_page_html(rf):
    from alliances.views import server_error

    api_answer = server_error(rf.get("/api/v1/memberships/"))
    assert (api_answer.status_code, api_answer["Content-Type"]) == (500, "application/json")
    assert json.loads(api_answer.content)["detail"]
    assert server_error(rf.get("/alliances/brics/"))["Content-Type"].startswith("text/html")


def test_a_host_the_site_does_not_serve_is_a_json_400_under_the_api(api, settings):
    settings.ALLOWED_HOSTS = ["example.org"]
    response = api.get("/api/v1/alliances/", HTTP_HOST="evil.test")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert "host" in response.json()["detail"]
