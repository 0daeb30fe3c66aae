"""The shared cache's Redis commands (alliances/caching/store.py), against a real Redis through django-redis.

The suite's settings use a local-memory cache; these tests run when REDIS_URL names a Redis
that tests may write to (CI's PostgreSQL run sets it), under a key prefix of their own that
they delete afterwards. Without one they are skipped.
"""

import time
import uuid

import pytest
import redis
from django.conf import settings as project_settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from alliances.caching import store
from config.settings.base import redis_cache

from ..factories import AnnouncementFactory, MembershipFactory, OrganizationFactory


@pytest.fixture
def shared_redis(settings):
    """The site's cache is django-redis on the tests' Redis, under a key prefix of this test's own."""
    if not project_settings.REDIS_URL:
        pytest.skip("REDIS_URL names no Redis for the tests")
    client = redis.Redis.from_url(project_settings.REDIS_URL, socket_connect_timeout=0.5)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("the Redis that REDIS_URL names does not answer")
    prefix = f"test-{uuid.uuid4().hex}"
    settings.CACHES = {"default": {**redis_cache(project_settings.REDIS_URL), "KEY_PREFIX": prefix}}
    yield caches["default"]
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture
def unreachable_redis(settings):
    settings.CACHES = {"default": redis_cache("redis://127.0.0.1:6399/0")}  # nothing listens there


def raw(cache):
    return cache.client.get_client(write=True)


def test_texts_are_read_back_in_the_order_asked_with_none_for_the_missing(shared_redis):
    store.keep_texts("group", {"1": '{"name":"Сеть ИИ \\u2028"}', "2": "[]"})
    store.keep_texts("group", {"3": "{}"})
    assert store.read_texts("group", ["2", "9", "1", "3"]) == ["[]", None, '{"name":"Сеть ИИ \\u2028"}', "{}"]
    assert store.read_texts("another-group", ["1"]) == [None]
    assert 0 < raw(shared_redis).ttl(shared_redis.make_key("group")) <= store.TIMEOUT


def test_a_window_counts_each_request_and_ends_after_its_period(shared_redis):
    assert store.count_in_window("client", 1, 1)[0] == 1
    assert store.count_in_window("client", 3, 1) == (4, 1)
    time.sleep(1.1)
    assert store.count_in_window("client", 1, 1)[0] == 1


def test_a_counter_left_without_its_expiry_gets_one_back(shared_redis):
    # A Redis before 7.0 could expire the counter between the SET NX and the INCRBY of one
    # transaction (redis/redis#3397): the INCRBY then made a counter that never ended, and the
    # address would have been refused for good once over the rate.
    raw(shared_redis).set(shared_redis.make_key("client"), 5)
    assert store.count_in_window("client", 1, 60) == (6, 60)
    assert 0 < raw(shared_redis).ttl(shared_redis.make_key("client")) <= 60


def test_an_unreachable_redis_reads_nothing_keeps_nothing_and_cannot_count(unreachable_redis):
    assert store.read(["a", "b"]) is None
    assert store.read_texts("group", ["1", "2"]) is None
    store.keep_texts("group", {"1": "[]"})
    store.write("key", "value")
    assert store.count_in_window("client", 1, 60) is None
    assert not store.answers()


@pytest.mark.django_db
def test_the_api_limit_counts_each_address_in_redis_and_says_when_to_retry(shared_redis, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "api": "2/min"}
    api = APIClient()
    statuses = [api.get(f"/api/v1/alliances/?page_size={n + 1}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]
    refused = api.get("/api/v1/alliances/?page_size=9")
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= 60
    counter = shared_redis.make_key("limit:api:127.0.0.1")
    assert int(raw(shared_redis).get(counter)) >= 4
    assert 0 < raw(shared_redis).ttl(counter) <= 60


@pytest.mark.django_db
def test_a_page_of_memberships_is_read_from_the_kept_texts_in_redis(shared_redis):
    organization = OrganizationFactory(name="Сбер «AI»")
    memberships = [MembershipFactory(organization=organization, sources=[AnnouncementFactory()]) for _ in range(3)]
    api = APIClient()
    first = api.get("/api/v1/memberships/?ordering=id")
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/memberships/?ordering=-id")
    assert [row["id"] for row in again.json()["results"]] == [m.pk for m in reversed(memberships)]
    assert [row["id"] for row in first.json()["results"]] == [m.pk for m in memberships]
    assert len(queries) == 2  # the versions, the page's ids; every membership's text came from Redis
