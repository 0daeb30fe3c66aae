"""The shared response cache of public pages and the API (alliances/caching/responses.py)."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alliances.caching import store
from alliances.caching.responses import is_shareable, shared_key
from alliances.models import Status
from alliances.services import record_save

from ..factories import AllianceFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    """Someone the site does not know: no session, no token."""
    return Client()


PAGE = "/alliances/network/"


def test_a_warm_page_is_served_with_one_query_for_its_versions(visitor, alliance, django_assert_max_num_queries):
    cold = visitor.get(PAGE)
    assert cold.status_code == 200
    with django_assert_max_num_queries(1):
        warm = visitor.get(PAGE)
    assert warm.status_code == 200
    assert warm.content == cold.content
    assert "Published Institute" in warm.content.decode()
    assert warm["ETag"] == cold["ETag"]
    # Every header the fresh page had, from the view and from every middleware, the kept page has too.
    assert dict(warm.items()) == dict(cold.items())
    assert warm["X-Frame-Options"] == "DENY"


def test_a_head_request_is_answered_from_the_same_entry(visitor, alliance, django_assert_max_num_queries):
    visitor.get(PAGE)
    with django_assert_max_num_queries(1):
        response = visitor.head(PAGE)
    assert response.status_code == 200
    assert response.content == b""


def test_a_matching_if_none_match_answers_304_after_one_query(visitor, alliance, django_assert_max_num_queries):
    etag = visitor.get(PAGE)["ETag"]
    with django_assert_max_num_queries(1):
        response = visitor.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response.content == b""
    assert visitor.get(PAGE, HTTP_IF_NONE_MATCH='"another"').status_code == 200


def test_each_query_string_is_kept_apart(visitor, alliance):
    visitor.get(PAGE)
    bad = visitor.get(PAGE + "?as_of=not-a-date")
    assert bad.status_code == 400
    members = "/api/v1/alliances/network/members/"
    assert visitor.get(members + "?as_of=2025-01-01").json()["count"] == 1
    assert visitor.get(members + "?as_of=2000-01-01").json()["count"] == 0
    assert visitor.get(members + "?as_of=2025-01-01").json()["count"] == 1


def test_a_curators_publish_shows_on_the_next_anonymous_request(
    visitor, curator_client, alliance, django_capture_on_commit_callbacks
):
    draft = MembershipFactory(
        alliance=alliance, organization=OrganizationFactory(name="Draft Institute"), status=Status.DRAFT
    )
    assert "Draft Institute" not in visitor.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = curator_client.post(
            reverse("admin:alliances_membership_changelist"),
            {"action": "publish", "_selected_action": [draft.pk], "post": "yes"},
        )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED
    assert "Draft Institute" in visitor.get(PAGE).content.decode()


def test_a_write_makes_the_old_etag_stale(visitor, alliance, django_capture_on_commit_callbacks):
    etag = visitor.get(PAGE)["ETag"]
    with django_capture_on_commit_callbacks(execute=True):
        alliance.name = "Renamed Network"
        alliance.save()
    response = visitor.get(PAGE, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert "Renamed Network" in response.content.decode()
    assert response["ETag"] != etag


def test_a_logged_in_curator_never_gets_the_anonymous_page(visitor, curator_client, alliance):
    shared = visitor.get(PAGE)
    # The curator's page is made anew from the database: its session is read, the page rendered.
    with CaptureQueriesContext(connection) as queries:
        mine = curator_client.get(PAGE)
    assert mine.status_code == 200
    assert len(queries) > 2
    assert mine.get("ETag") != shared["ETag"]


def test_a_logged_in_curators_page_is_never_kept_for_the_public(visitor, curator_client, alliance):
    curator_client.get(PAGE)
    with CaptureQueriesContext(connection) as queries:
        response = visitor.get(PAGE)
    assert response.status_code == 200
    assert len(queries) > 0  # nothing the curator's request made was kept for the visitor


def test_english_and_russian_are_kept_apart(visitor, alliance):
    english = visitor.get(PAGE, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    russian = visitor.get("/ru" + PAGE).content.decode()
    again = visitor.get(PAGE).content.decode()
    assert '<html lang="en"' in english
    assert '<html lang="ru"' in russian
    assert again == english
    assert visitor.get("/ru" + PAGE).content.decode() == russian


def test_the_api_keeps_its_formats_apart(visitor, alliance):
    json_body = visitor.get("/api/v1/memberships/").content
    csv_body = b"".join(visitor.get("/api/v1/memberships/?format=csv").streaming_content)
    assert json_body.startswith(b"{")
    assert csv_body.startswith(b"id,")
    assert b"".join(visitor.get("/api/v1/memberships/", HTTP_ACCEPT="text/csv").streaming_content).startswith(b"id,")
    assert visitor.get("/api/v1/memberships/").content == json_body


def test_pages_are_served_from_the_database_while_the_cache_is_down(visitor, alliance, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    for method in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, down)
    for path in (PAGE, "/ru" + PAGE, "/timeline/", "/api/v1/memberships/"):
        response = visitor.get(path)
        assert response.status_code == 200, path
        assert response.has_header("ETag")  # the versions are in the database: the edge may still keep it
    assert "Published Institute" in visitor.get(PAGE).content.decode()


def test_a_cache_that_failed_is_not_asked_again_for_a_while(visitor, alliance, monkeypatch, settings):
    asked = []

    def down(*args, **kwargs):
        asked.append(args)
        raise ConnectionError("cache is down")

    for method in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, down)
    for path in (PAGE, "/timeline/", "/countries/", "/api/v1/memberships/"):
        assert visitor.get(path).status_code == 200
    # The first page's read of its answer, then nothing: not for each count, choice list, summary
    # or chart the pages would have kept, nor for the other pages (the breaker is open).
    assert len(asked) == 1, asked
    monkeypatch.setattr(store, "_open_until", 0.0)  # the breaker's period is over: the cache is asked again
    visitor.get(PAGE)
    assert len(asked) == 2


def test_the_admin_and_the_health_check_are_never_kept(visitor, alliance):
    visitor.get("/admin/login/")
    assert not visitor.get("/admin/login/").has_header("ETag")
    assert not visitor.get("/healthz").has_header("ETag")


def _shareable(response, **meta):
    request = RequestFactory().get("/anything/")
    request.META.update(meta)
    return is_shareable(request, response)


def _response(status=200, **headers):
    response = HttpResponse("body", status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_only_what_is_the_same_for_every_anonymous_reader_is_kept():
    assert _shareable(_response(Vary="Accept-Language, Cookie"))
    assert not _shareable(_response(status=404))
    assert not _shareable(_response(Cache_Control="private"))
    assert not _shareable(_response(Cache_Control="no-store"))
    assert _shareable(_response(Vary="Accept-Encoding"))  # the key holds whether gzip was accepted (the map)
    assert not _shareable(_response(Vary="User-Agent"))
    assert not _shareable(_response(), CSRF_COOKIE_NEEDS_UPDATE=True)  # holds this reader's CSRF token
    with_cookie = _response()
    with_cookie.set_cookie("anything", "1")
    assert not _shareable(with_cookie)


def test_requests_with_a_token_or_a_curators_session_are_never_shared(rf, curator_client):
    assert shared_key(rf.get("/timeline/")) is not None
    assert shared_key(rf.head("/timeline/")) is not None
    assert shared_key(rf.post("/timeline/")) is None
    assert shared_key(rf.get("/admin/")) is None
    assert shared_key(rf.get("/api/v1/memberships/", HTTP_AUTHORIZATION="Token abc")) is None
    assert curator_client.get("/timeline/").wsgi_request.user.is_authenticated
    response = curator_client.get("/timeline/")
    assert not response.has_header("ETag")


def test_junk_cookies_and_headers_do_not_buy_a_miss(visitor, alliance, django_assert_max_num_queries):
    page = visitor.get(PAGE)
    junk = {
        "sessionid": "not-a-session-key",
        "messages": "forged-messages-without-a-signature",
    }
    for name, value in junk.items():
        visitor.cookies[name] = value
        with django_assert_max_num_queries(1):
            response = visitor.get(PAGE)
        assert response["ETag"] == page["ETag"], name
        del visitor.cookies[name]
    visitor.cookies["sessionid"] = "a" * 32  # the shape of a session key: one look in the sessions table
    with django_assert_max_num_queries(2):
        assert visitor.get(PAGE)["ETag"] == page["ETag"]
    del visitor.cookies["sessionid"]
    with django_assert_max_num_queries(2):
        assert visitor.get(PAGE, HTTP_AUTHORIZATION="Basic anything")["ETag"] == page["ETag"]
        assert visitor.get(PAGE, HTTP_ACCEPT="application/x-junk-1")["ETag"] == page["ETag"]


def test_parameters_a_page_does_not_read_are_left_out_of_its_key(visitor, alliance, django_assert_max_num_queries):
    page = visitor.get(PAGE + "?as_of=2025-06-01")
    with django_assert_max_num_queries(1):
        junk = visitor.get(PAGE + "?as_of=2025-06-01&utm_source=x&_=123")
    assert junk.content == page.content
    assert junk["ETag"] == page["ETag"]
    # A miss renders the page without them: its links do not carry the junk either.
    fresh = visitor.get("/timeline/?year=2025&cache-buster=1")
    assert "cache-buster" not in fresh.content.decode()
    with django_assert_max_num_queries(1):
        assert visitor.get("/timeline/?year=2025").content == fresh.content


def test_a_write_to_one_alliance_makes_no_other_alliance_or_country_page_again(
    visitor, alliance, django_assert_max_num_queries
):
    other = AllianceFactory(slug="other")
    MembershipFactory(alliance=other, organization=OrganizationFactory(country=country("IN")))
    unrelated = ["/alliances/other/", "/countries/in/", "/api/v1/alliances/other/members/"]
    for page in unrelated:
        assert visitor.get(page).status_code == 200
    alliance.description = "Rewritten description."
    record_save(record=alliance)
    for page in unrelated:
        with django_assert_max_num_queries(1):  # its versions: the answer kept before the write is still its answer
            assert visitor.get(page).status_code == 200
    assert "Rewritten description." in visitor.get(PAGE).content.decode()


def test_a_shareable_answer_is_marked_for_the_edge_and_nothing_else_is(visitor, curator_client, alliance):
    page = visitor.get(PAGE)
    control = page["Cache-Control"]
    assert "public" in control and "stale-while-revalidate=60" in control and "stale-if-error=86400" in control
    assert 0 < int(control.split("s-maxage=")[1].split(",")[0]) <= 86400
    assert page["xkey"] == "alliance:network site"
    assert visitor.get("/api/v1/memberships/")["xkey"] == "register site"
    assert visitor.get("/countries/br/")["xkey"] == "country:br site"
    for answer in (visitor.get("/alliances/nothing-here/"), curator_client.get(PAGE), visitor.get("/admin/login/")):
        assert "public" not in answer.get("Cache-Control", "") and not answer.has_header("xkey")
