"""Each app server's own copies of the shared cache's entries (LocalCopies in alliances/caching/responses.py).

A Django test Client has its own handler and middleware: two clients are two app servers
sharing one cache.
"""

import pytest
from django.core.cache import cache
from django.test import Client

from alliances.caching.responses import LocalCopies, shared_key
from alliances.caching.version import VERSION_KEY, WRITES_KEY, confirm_write, mark_write
from alliances.caching.version import read_version as register_version

pytestmark = pytest.mark.django_db

PAGE = "/alliances/network/"


@pytest.fixture
def cache_reads(monkeypatch):
    """The keys of every read of the shared cache (one list a round trip), in order."""
    reads = []
    get, get_many = cache.get, cache.get_many
    inside_get_many = []  # the local-memory cache's get_many calls its get for each key

    def spy_get(key, *args, **kwargs):
        if not inside_get_many:
            reads.append([key])
        return get(key, *args, **kwargs)

    def spy_get_many(keys, *args, **kwargs):
        reads.append(list(keys))
        inside_get_many.append(True)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            inside_get_many.pop()

    monkeypatch.setattr(cache, "get", spy_get)
    monkeypatch.setattr(cache, "get_many", spy_get_many)
    return reads


def test_a_hit_on_a_local_copy_reads_only_the_version_from_the_shared_cache(
    alliance, cache_reads, django_assert_max_num_queries
):
    server = Client()
    cold = server.get(PAGE)
    cache_reads.clear()
    with django_assert_max_num_queries(0):
        first_hit = server.get(PAGE)
        second_hit = server.get(PAGE)
    # The version, the count of writes in flight and the entry, together; then only the first two.
    assert cache_reads[0] == [VERSION_KEY, WRITES_KEY, cache_reads[0][2]]
    assert cache_reads[1:] == [[VERSION_KEY, WRITES_KEY]]
    assert first_hit.content == second_hit.content == cold.content
    assert dict(first_hit.items()) == dict(second_hit.items()) == dict(cold.items())


def test_a_response_is_copied_when_read_back_not_when_made(alliance, cache_reads):
    maker, other = Client(), Client()
    made = maker.get(PAGE)
    cache_reads.clear()
    assert other.get(PAGE).content == made.content
    assert other.get(PAGE).content == made.content
    assert maker.get(PAGE).content == made.content
    assert [len(keys) for keys in cache_reads] == [3, 2, 3]  # the entry travels once to each server


def test_after_a_publish_elsewhere_a_server_serves_the_new_entry_not_its_copy(
    alliance, django_capture_on_commit_callbacks
):
    server = Client()
    first = server.get(PAGE)
    assert "Published Institute" in first.content.decode()
    # Another app server commits a write, then renders the page at the new version.
    mark_write()
    confirm_write()
    key = shared_key(first.wsgi_request)
    cache.set(key, (register_version(), b"made by the other server", [("Content-Type", "text/html; charset=utf-8")]))
    assert server.get(PAGE).content == b"made by the other server"


def test_a_write_shows_on_a_server_holding_a_copy(alliance, django_capture_on_commit_callbacks):
    server = Client()
    assert "Renamed Network" not in server.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        alliance.name = "Renamed Network"
        alliance.save()
    assert "Renamed Network" in server.get(PAGE).content.decode()


def test_no_copy_is_served_while_the_shared_cache_is_out_of_reach(alliance, monkeypatch):
    server = Client()
    assert server.get(PAGE).has_header("ETag")
    alliance.name = "Renamed while Redis was away"
    alliance.save()

    def down(*args, **kwargs):
        raise ConnectionError("cache is down")

    for method in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, method, down)
    response = server.get(PAGE)
    assert response.status_code == 200
    assert not response.has_header("ETag")
    assert "Renamed while Redis was away" in response.content.decode()


def _entry(version, size):
    return (version, b"x" * size, [])


def test_local_copies_keep_the_most_recently_used_within_their_budget():
    copies = LocalCopies(max_bytes=10_000)
    size = 2_000 - LocalCopies.OVERHEAD
    for name in "abcde":
        copies.put(name, _entry(1, size))
    assert copies.size == 10_000
    assert copies.get("a") is not None  # now the most recently used
    copies.put("f", _entry(1, size))
    copies.put("g", _entry(1, size))
    assert copies.get("b") is None and copies.get("c") is None
    assert all(copies.get(name) is not None for name in "adefg")
    assert copies.size == 10_000


def test_local_copies_replace_an_entry_and_refuse_one_too_big_for_them():
    copies = LocalCopies(max_bytes=10_000)
    copies.put("a", _entry(1, 1_000))
    copies.put("a", _entry(2, 500))
    assert copies.get("a")[0] == 2
    assert copies.size == 500 + LocalCopies.OVERHEAD
    copies.put("big", _entry(1, 3_000))  # more than a quarter of the budget
    assert copies.get("big") is None
    copies.discard("a")
    assert len(copies) == 0 and copies.size == 0
