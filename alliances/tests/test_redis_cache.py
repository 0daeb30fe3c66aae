"""The production cache's own operations, against a real Redis: the throttle's counter and kept texts.

The suite's settings use a local-memory cache; these tests run when REDIS_URL names a Redis
that tests may write to (CI's PostgreSQL run sets it), under a key prefix of their own that
they delete afterwards. Without one they are skipped.
"""

import time
import uuid

import pytest
from django.conf import settings as project_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from redis.exceptions import ConnectionError as RedisConnectionError
from rest_framework.test import APIClient

from alliances.api.throttling import AnonymousRateThrottle
from config.cache_backend import FailSafeRedisCache

from .factories import AnnouncementFactory, MembershipFactory, OrganizationFactory

OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


@pytest.fixture
def redis_prefix():
    """A key prefix of this test's own in the tests' Redis; its keys are deleted afterwards."""
    if not project_settings.REDIS_URL:
        pytest.skip("REDIS_URL names no Redis for the tests")
    prefix = f"test-{uuid.uuid4().hex}"
    client = FailSafeRedisCache(project_settings.REDIS_URL, {})._cache.get_client(write=True)
    try:
        client.ping()
    except RedisConnectionError:
        pytest.skip("the Redis that REDIS_URL names does not answer")
    yield prefix
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_cache(redis_prefix):
    return FailSafeRedisCache(project_settings.REDIS_URL, {"KEY_PREFIX": redis_prefix, "OPTIONS": OPTIONS})


@pytest.fixture
def shared_redis(settings, redis_prefix):
    """The site's cache is the production Redis cache for this test."""
    settings.CACHES = {
        "default": {
            "BACKEND": "config.cache_backend.FailSafeRedisCache",
            "LOCATION": project_settings.REDIS_URL,
            "KEY_PREFIX": redis_prefix,
            "OPTIONS": OPTIONS,
        }
    }
    return caches["default"]


def test_texts_are_read_back_in_the_order_asked_with_none_for_the_missing(redis_cache):
    redis_cache.set_texts("group", {"1": '{"name":"Сеть ИИ \\u2028"}', "2": "[]"}, 60)
    redis_cache.set_texts("group", {"3": "{}"}, 60)
    assert redis_cache.get_texts("group", ["2", "9", "1", "3"]) == ["[]", None, '{"name":"Сеть ИИ \\u2028"}', "{}"]
    assert redis_cache.get_texts("another-group", ["1"]) == [None]
    client = redis_cache._cache.get_client()
    assert 0 < client.ttl(redis_cache.make_key("group")) <= 60


def test_a_window_counts_each_request_and_ends_after_its_period(redis_cache):
    assert redis_cache.count_in_window("client", 1)[0] == 1
    count, seconds_left = redis_cache.count_in_window("client", 1)
    assert (count, seconds_left) == (2, 1)
    time.sleep(1.1)
    assert redis_cache.count_in_window("client", 1)[0] == 1


def test_a_counter_left_without_its_expiry_gets_one_back(redis_cache):
    # A Redis before 7.0 could expire the counter between the SET NX and the INCR of one
    # transaction (redis/redis#3397): the INCR then made a counter that never ended, and the
    # address would have been refused for good once over the rate.
    client = redis_cache._cache.get_client(write=True)
    client.set(redis_cache.make_key("client"), 5)
    assert redis_cache.count_in_window("client", 60) == (6, 60)
    assert 0 < client.ttl(redis_cache.make_key("client")) <= 60


def test_an_unreachable_redis_reads_no_texts_and_keeps_none():
    backend = FailSafeRedisCache("redis://127.0.0.1:6399/0", {"OPTIONS": OPTIONS})  # nothing listens there
    assert backend.get_texts("group", ["1", "2"]) == [None, None]
    backend.set_texts("group", {"1": "[]"}, 60)
    with pytest.raises(RedisConnectionError):
        backend.count_in_window("client", 60)


@pytest.mark.django_db
def test_the_throttle_counts_each_address_in_redis_and_says_when_to_retry(shared_redis, monkeypatch):
    monkeypatch.setattr(AnonymousRateThrottle, "THROTTLE_RATES", {"anon": "2/min"})
    api = APIClient()
    statuses = [api.get(f"/api/v1/alliances/?n={n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    refused = api.get("/api/v1/alliances/?n=3")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    counter = shared_redis.make_key("throttle:anon:127.0.0.1")
    client = shared_redis._cache.get_client()
    assert client.get(counter) == b"4"
    assert 0 < client.ttl(counter) <= 60


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="kept texts are PostgreSQL's JSON path")
def test_a_page_of_memberships_is_read_from_the_kept_texts_in_redis(shared_redis):
    organization = OrganizationFactory(name="Сбер «AI»")
    memberships = [MembershipFactory(organization=organization, sources=[AnnouncementFactory()]) for _ in range(3)]
    api = APIClient()
    first = api.get("/api/v1/memberships/?n=1")
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/memberships/?n=2")
    assert again.content == first.content
    assert [row["id"] for row in again.json()["results"]] == [m.pk for m in memberships]
    assert len(queries) == 1  # the page's ids; every membership's text came from Redis
