"""SQL-looking, oversized and odd query values: a clear 400 naming the value, or 200 where they are just words.

Never a 500, on SQLite or PostgreSQL (which refuses NUL characters in text).
"""

import json
from urllib.parse import quote

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

HOSTILE = {
    "sql": "' OR 1=1 --",
    "sql-union": "1 UNION SELECT password FROM auth_user--",
    "nul": "x\x00y",
    "long": "x" * 10_000,
    "unicode": "\u202e\ufeffA\u0301\U0001d518\ud7ff",
    "negative": "-1",
    "huge": "9" * 30,
    "float": "1e309",
    "markup": "<script>alert(1)</script>",
}

# Each address and the parameters it reads, plus one it does not know.
PAGES = {
    "/": [],
    "/alliances/hostile/": ["as_of", "from", "to", "members_page", "page", "joined_page", "left_page"],
    "/alliances/hostile/map.svg": ["as_of", "v"],
    "/countries/": ["alliance", "kind"],
    "/countries/br/": [],
    "/organizations/hostile-org/": [],
    "/announcements/": ["alliance", "country", "year", "q", "page"],
    "/announcements/hostile-news/": [],
    "/timeline/": ["alliance", "country", "year", "page"],
    "/search/": ["q"],
    "/feeds/announcements/": [],
    "/sitemap.xml": [],
    "/sitemap-organizations.xml": ["p"],
}
PAGINATION = ["page", "page_size", "format"]
API = {
    "/api/v1/memberships/": [
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
    ],
    "/api/v1/alliances/": [],
    "/api/v1/alliances/hostile/members/": ["as_of", "role", "member_type"],
    "/api/v1/countries/": [],
    "/api/v1/organizations/": ["country", "kind"],
    "/api/v1/announcements/": ["alliance", "country", "date_after", "date_before", "q", "ordering"],
    "/api/v1/alliances/hostile/popolo.json": [],
}
# Values that are simply words to look for.
SEARCHES = {"q"}


def _check_page(response, name):
    assert response.status_code in (200, 400, 404), (name, response.status_code)
    if response.status_code == 400 and response["Content-Type"].startswith("text/html"):
        assert 'role="alert"' in response.content.decode(), name


def _check_api(response, name, label):
    assert response.status_code in (200, 400, 404), (name, label, response.status_code, response.content[:300])
    if response.status_code in (400, 404) and response["Content-Type"].startswith("application/json"):
        body = response.json()
        assert name in body or "detail" in body, (name, label, body)


@pytest.mark.parametrize(("path", "names"), PAGES.items(), ids=list(PAGES))
def test_a_page_answers_hostile_values_with_a_message_never_a_500(client, hostile, path, names):
    for name in [*names, "unknown"]:
        for label, value in HOSTILE.items():
            response = client.get(path, {name: value})
            _check_page(response, f"{name}={label}")
            if name in SEARCHES:
                assert response.status_code in (200, 400), f"{name}={label}"
        # The same parameter twice: the last value counts, as for any form.
        _check_page(client.get(path, {name: ["2024-01-01", HOSTILE["sql"]]}), f"{name} repeated")


@pytest.mark.parametrize(("path", "names"), API.items(), ids=list(API))
def test_an_api_list_answers_hostile_values_with_json_naming_them(hostile, path, names):
    api = APIClient()
    for name in [*names, *PAGINATION, "unknown"]:
        for label, value in HOSTILE.items():
            _check_api(api.get(path, {name: value}), name, label)
        _check_api(api.get(path, {name: ["1", HOSTILE["sql"]]}), name, "repeated")


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"alliance": "' OR 1=1 --"}, "alliance"),
        ({"as_of": "2024-01-01' OR '1'='1"}, "as_of"),
        ({"organization": "x\x00y"}, "organization"),
        ({"ordering": "id; DROP TABLE alliances_membership"}, "ordering"),
        ({"page": "-1"}, "page"),
        ({"page": "9" * 30}, "page"),
        ({"page_size": "9" * 30}, "page_size"),
        ({"active": "x" * 10_000}, "active"),
    ],
)
def test_the_api_names_the_bad_parameter(hostile, query, parameter):
    response = APIClient().get("/api/v1/memberships/", query)
    assert response.status_code == 400
    assert parameter in response.json()


def test_the_api_search_takes_sql_as_words(hostile):
    response = APIClient().get("/api/v1/announcements/", {"q": "' OR 1=1 --"})
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_the_page_search_takes_sql_as_words(client, hostile):
    response = client.get("/search/", {"q": "' OR 1=1 --"})
    assert response.status_code == 200
    assert "Nothing found." in response.content.decode()


@pytest.mark.parametrize("value", ["-1", "0", "9" * 30, "abc"])
def test_a_page_number_out_of_range_shows_a_page_of_the_list(client, hostile, value):
    response = client.get("/announcements/", {"page": value})
    assert response.status_code == 200
    assert "hostile-news" in response.content.decode()


def test_an_oversized_search_says_how_long_a_search_may_be(client, hostile):
    response = client.get("/search/", {"q": "x" * 10_000})
    assert response.status_code == 400
    assert "Type at most 100 characters." in response.content.decode()


SEGMENTS = [quote(value, safe="") for value in HOSTILE.values()]


@pytest.mark.parametrize("segment", SEGMENTS, ids=list(HOSTILE))
def test_hostile_values_in_addresses_are_not_found_never_a_500(client, hostile, segment):
    api = APIClient()
    for template in [
        "/alliances/{}/",
        "/alliances/{}/map.svg",
        "/countries/{}/",
        "/organizations/{}/",
        "/announcements/{}/",
        "/feeds/announcements/{}/",
        "/sitemap-{}.xml",
    ]:
        response = client.get(template.format(segment))
        assert response.status_code in (301, 400, 404), (template, response.status_code)
    for template in [
        "/api/v1/alliances/{}/",
        "/api/v1/alliances/{}/members/",
        "/api/v1/alliances/{}/popolo.json",
        "/api/v1/countries/{}/",
        "/api/v1/organizations/{}/",
        "/api/v1/memberships/{}/",
        "/api/v1/announcements/{}/",
    ]:
        response = api.get(template.format(segment))
        assert response.status_code in (400, 404), (template, response.status_code)
        if response["Content-Type"].startswith("application/json"):
            assert "detail" in json.loads(response.content)


@pytest.mark.parametrize("model", ["alliance", "organization", "announcement", "membership", "country", "ranking"])
def test_an_admin_change_list_searched_for_hostile_values_never_answers_500(superuser_client, hostile, model):
    for label, value in HOSTILE.items():
        for name in ("q", "status", "kind", "o", "p"):
            response = superuser_client.get(f"/admin/alliances/{model}/", {name: value})
            assert response.status_code in (200, 302, 400), (name, label, response.status_code)


@pytest.mark.parametrize("path", ["/search/?q=a%00b", "/admin/alliances/organization/?q=a%00b", "/countries/b%00r/"])
def test_a_nul_character_in_an_address_answers_400_saying_so(superuser_client, path):
    response = superuser_client.get(path)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


@pytest.mark.parametrize("path", ["/ru/search/?q=a%00b", "/ru/countries/b%00r/"])
def test_a_nul_character_in_a_russian_address_is_refused_in_russian(client, path):
    response = client.get(path)
    assert response.status_code == 400
    assert "символ NUL" in response.content.decode()


def test_a_nul_character_in_an_api_query_answers_json_saying_so(hostile):
    response = APIClient().get("/api/v1/memberships/?alliance=a%00b")
    assert response.status_code == 400
    assert "NUL character" in response.json()["alliance"][0]


@pytest.mark.parametrize("moment", ["0598-07-27T18:27:43.0583-20:52", "2024-12-11T10:00:00+23:59"])
def test_a_date_time_in_an_offset_postgresql_refuses_is_compared_in_utc(hostile, moment):
    response = APIClient().get("/api/v1/memberships/", {"updated_since": moment})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_a_date_time_outside_the_calendar_in_utc_answers_400_naming_it(hostile):
    response = APIClient().get("/api/v1/memberships/", {"updated_since": "0001-01-01T00:00:00+05:00"})
    assert response.status_code == 400
    assert response.json()["updated_since"] == ["Give a date-time between the years 1 and 9999."]


@pytest.fixture
def curator_api(curator):
    from rest_framework.authtoken.models import Token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    return client


@pytest.mark.parametrize(
    ("resource", "body", "field"),
    [
        ("memberships", {"alliance": "x\x00", "country": "br", "start_date": "2024-01-01"}, "alliance"),
        ("memberships", {"alliance": "hostile", "country": "\x00m", "start_date": "2024-01-01"}, "country"),
        ("memberships", {"alliance": "hostile", "organization": "a\x00b", "start_date": "2024-01-01"}, "organization"),
        ("announcements", {"slug": "n", "title": "t", "date": "2024-01-01", "alliances": ["\x00"]}, "alliances"),
        ("organizations", {"slug": "o", "name": "n\x00", "kind": "company", "country": "br"}, "name"),
    ],
)
def test_a_write_naming_a_record_with_a_nul_character_answers_400_naming_the_field(
    curator_api, hostile, resource, body, field
):
    response = curator_api.post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
