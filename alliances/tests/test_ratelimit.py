"""Per-address limits (config/ratelimit.py): what misses the shared cache is counted, by its cost; hits are free."""

import pytest

from config import ratelimit

from .factories import AllianceFactory, MembershipFactory

# Requests count one each, however long a test machine takes (the cost test sets its own unit).
pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance():
    alliance = AllianceFactory(slug="network")
    MembershipFactory(alliance=alliance)
    return alliance


def test_pages_that_miss_are_counted_and_refused_past_the_rate(client, settings, alliance):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pages": "3/min"}
    days = [f"2025-01-0{day}" for day in range(1, 6)]
    statuses = [client.get(f"/alliances/network/?as_of={day}").status_code for day in days]
    assert statuses == [200, 200, 200, 429, 429]
    refused = client.get("/alliances/network/?as_of=2025-02-01")
    assert 0 < int(refused["Retry-After"]) <= 60
    assert "Too many requests from your address" in refused.content.decode()
    # What was kept is still served: a reader who reads what others read is never refused.
    assert client.get(f"/alliances/network/?as_of={days[0]}").status_code == 200
    assert client.get(f"/alliances/network/?as_of={days[0]}&utm_source=mail").status_code == 200


def test_each_address_has_its_own_budget(client, settings, alliance):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pages": "1/min"}
    settings.NUM_PROXIES = 1  # the test client comes from 127.0.0.1, a trusted proxy
    first = client.get("/alliances/network/?as_of=2025-01-01", HTTP_X_FORWARDED_FOR="203.0.113.1")
    second = client.get("/alliances/network/?as_of=2025-01-02", HTTP_X_FORWARDED_FOR="203.0.113.2")
    again = client.get("/alliances/network/?as_of=2025-01-03", HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert [first.status_code, second.status_code, again.status_code] == [200, 200, 429]


def test_a_slow_page_costs_more_of_the_budget(client, settings, alliance, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pages": "10/min"}
    monkeypatch.setattr(ratelimit, "COST_UNIT_MS", 0.001)  # every page now "takes" far more than ten units
    statuses = [client.get(f"/alliances/network/?as_of=2025-01-0{day}").status_code for day in (1, 2)]
    assert statuses == [200, 429]


def test_curators_reading_pages_are_not_counted(curator_client, settings, alliance):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pages": "1/min"}
    statuses = [curator_client.get(f"/alliances/network/?as_of=2025-01-0{day}").status_code for day in (1, 2, 3)]
    assert statuses == [200, 200, 200]


def test_the_admin_login_is_limited_per_address(client, settings, curator):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login": "2/min"}
    attempts = [
        client.post("/admin/login/", {"username": "curator", "password": f"guess-{n}"}).status_code for n in range(3)
    ]
    assert attempts == [200, 200, 429]  # the form again with its error, twice; then refused
    assert client.post("/admin/login/", {"username": "curator", "password": "pw-for-tests-only"}).status_code == 429


def test_with_the_cache_away_requests_are_not_counted(client, settings, alliance, monkeypatch):
    from django.core.cache import cache

    def unreachable(*args, **kwargs):
        raise ConnectionError("cache is down")

    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pages": "1/min"}
    monkeypatch.setattr(cache, "add", unreachable)
    statuses = [client.get(f"/alliances/network/?as_of=2025-01-0{day}").status_code for day in (1, 2, 3)]
    assert statuses == [200, 200, 200]


@pytest.mark.parametrize(("rate", "parsed"), [("120/min", (120, 60)), ("10/5min", (10, 300)), ("", None), (None, None)])
def test_rates_are_read_as_requests_per_period(rate, parsed):
    assert ratelimit.parse_rate(rate) == parsed


def test_every_method_that_reaches_a_page_counts(client, settings, alliance):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "pages": "3/min"}
    answers = [
        client.options("/alliances/network/"),
        client.generic("TRACE", "/alliances/network/"),
        client.post("/alliances/network/"),
        client.generic("TRACE", "/timeline/"),
    ]
    assert [answer.status_code for answer in answers] == [200, 405, 405, 429]


@pytest.mark.parametrize("address", ["/", "/alliances/network/", "/timeline/", "/feeds/announcements/", "/sitemap.xml"])
def test_a_page_answers_options_with_what_it_allows_and_refuses_trace(client, alliance, address, monkeypatch):
    from alliances.views import alliances as alliance_views

    monkeypatch.setattr(alliance_views, "render", None)  # OPTIONS and TRACE must not run the view
    options = client.options(address)
    assert options.status_code == 200
    assert options["Allow"] == "GET, HEAD, OPTIONS"
    assert options.content == b""
    for method in ("TRACE", "PUT", "DELETE", "PROPFIND"):
        refused = client.generic(method, address)
        assert refused.status_code == 405, method
        assert refused["Allow"] == "GET, HEAD, OPTIONS"
