"""ETags, 304s, the shared response cache, what happens without a cache, and throttling."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ..factories import AllianceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_matching_if_none_match_answers_304_after_reading_the_versions(api, django_assert_num_queries):
    MembershipFactory()
    first = api.get("/api/v1/memberships/")
    etag = first["ETag"]
    assert etag
    with django_assert_num_queries(1):
        again = api.get("/api/v1/memberships/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag


def test_a_stale_etag_gets_the_full_body(api):
    MembershipFactory()
    response = api.get("/api/v1/memberships/", HTTP_IF_NONE_MATCH='"something-else"')
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_etags_differ_by_query_and_format(api):
    MembershipFactory()
    tags = {
        api.get("/api/v1/memberships/")["ETag"],
        api.get("/api/v1/memberships/?role=member")["ETag"],
        api.get("/api/v1/memberships/?format=csv")["ETag"],
    }
    assert len(tags) == 3


def test_a_warm_anonymous_request_runs_one_query_for_its_versions(api, django_assert_num_queries):
    MembershipFactory()
    cold = api.get("/api/v1/memberships/")
    with django_assert_num_queries(1):
        warm = api.get("/api/v1/memberships/")
    assert warm.status_code == 200
    assert warm.content == cold.content
    assert warm["Content-Type"] == cold["Content-Type"]
    assert warm["ETag"] == cold["ETag"]


def test_a_committed_write_changes_the_etag_and_the_body(api, django_capture_on_commit_callbacks):
    alliance = AllianceFactory(name="Before")
    first = api.get(f"/api/v1/alliances/{alliance.slug}/")
    with django_capture_on_commit_callbacks(execute=True):
        alliance.name = "After"
        alliance.save()
    second = api.get(f"/api/v1/alliances/{alliance.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second.json()["name"] == "After"
    assert second["ETag"] != first["ETag"]


def test_without_a_reachable_cache_the_api_serves_from_the_database(api, monkeypatch):
    MembershipFactory()

    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    monkeypatch.setattr(cache, "add", down)
    monkeypatch.setattr(cache, "get_many", down)
    response = api.get("/api/v1/memberships/")
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_anonymous_clients_are_throttled_with_retry_after(api, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "3/min"}
    # Each address asked for the first time, so each request reaches the API's views.
    statuses = [api.get(f"/api/v1/alliances/?page_size={n + 1}").status_code for n in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = api.get("/api/v1/alliances/?page_size=9")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "detail" in refused.json()


def test_answers_from_the_shared_cache_are_not_counted_by_the_throttle(api, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/min"}
    assert [api.get("/api/v1/alliances/").status_code for _ in range(5)] == [200] * 5
    # Parameters the list does not read are refused (400) before the cache and the throttle: uncounted too.
    assert [api.get(f"/api/v1/alliances/?n={n}").status_code for n in range(5)] == [400] * 5
    assert [api.get(f"/api/v1/alliances/?page_size={n + 1}").status_code for n in range(2)] == [200, 429]


def test_a_slow_request_costs_more_of_the_budget(api, settings, monkeypatch):
    from config import ratelimit

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "5/min"}
    monkeypatch.setattr(ratelimit, "COST_UNIT_MS", 0.001)  # every request now takes "many units"
    assert [api.get(f"/api/v1/alliances/?page_size={n + 1}").status_code for n in range(2)] == [200, 429]


def test_curators_are_not_throttled(curator_api, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "1/min"}
    assert [curator_api.get(f"/api/v1/alliances/?page_size={n + 1}").status_code for n in range(3)] == [200] * 3


def test_unknown_parameters_and_ordering_do_not_recount(api, django_assert_num_queries):
    MembershipFactory()
    api.get("/api/v1/memberships/")
    # The versions, then the page and its sources (one query); the count comes from the cache.
    with django_assert_num_queries(2):
        response = api.get("/api/v1/memberships/?ordering=-id")
    assert response.json()["count"] == 1
    # A parameter the list does not read is refused before any query.
    with django_assert_num_queries(0):
        assert api.get("/api/v1/memberships/?ordering=-id&cache-buster=1").status_code == 400


def test_the_browsable_api_page_is_never_shared(api):
    MembershipFactory()
    api.get("/api/v1/memberships/", HTTP_ACCEPT="text/html")
    with CaptureQueriesContext(connection) as queries:
        page = api.get("/api/v1/memberships/", HTTP_ACCEPT="text/html")
    assert page["Content-Type"].startswith("text/html")
    assert len(queries) >= 2  # rendered again from the database, not from the shared cache


@pytest.mark.parametrize("num_proxies", [0, 1])
def test_a_forged_forwarded_for_does_not_escape_the_throttle(api, settings, num_proxies):
    # With a proxy in front (NUM_PROXIES=1), a client that reaches gunicorn directly, from an address
    # not in FORWARDED_ALLOW_IPS, is still counted by its own address.
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/min"}
    settings.NUM_PROXIES, settings.FORWARDED_ALLOW_IPS = num_proxies, "10.9.0.0/16"
    statuses = [
        api.get(f"/api/v1/alliances/?page_size={n + 1}", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 429]


def test_behind_a_trusted_proxy_clients_are_told_apart_by_forwarded_for(api, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "1/min"}
    settings.NUM_PROXIES, settings.FORWARDED_ALLOW_IPS = 1, "127.0.0.1"
    statuses = [
        api.get(f"/api/v1/alliances/?page_size={n + 1}", HTTP_X_FORWARDED_FOR=f"spoofed, 203.0.113.{n}").status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 200]


def test_the_browsable_api_lists_no_long_choices(api, curator_api):
    from ..factories import OrganizationFactory

    OrganizationFactory.create_batch(60)
    MembershipFactory()
    for client in (api, curator_api):
        page = client.get("/api/v1/memberships/", HTTP_ACCEPT="text/html").content.decode()
        selects = [part.split("</select>")[0] for part in page.split("<select")[1:]]
        assert max(select.count("<option") for select in selects) <= 52  # 50, the empty one, "more than 50"
        assert '<input type="text" name="organization"' in page  # the filter is there, as a text box
