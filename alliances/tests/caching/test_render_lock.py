"""A crowd asking for an address a publish made stale: one render; the others get the page of before the
write meanwhile (within a few seconds of it), or, where there is none they may have, wait for that render.

The middleware is driven directly with a view made slow, so requests overlap as they do in
several workers at once; the shared cache stands for Redis.
"""

import threading
import time

import pytest
from django.core.cache import cache
from django.http import HttpResponse

from alliances.caching import responses as response_cache
from alliances.caching.responses import SharedResponseCacheMiddleware, shared_key
from alliances.caching.version import confirm_write, mark_write
from alliances.caching.version import read_version as register_version

ADDRESS = "/timeline/?year=2024"


class SlowView:
    """A view that takes `seconds` to render and counts its renders; 200 and shareable unless told."""

    def __init__(self, seconds=0.3, status=200):
        self.seconds = seconds
        self.status = status
        self.renders = 0
        self._lock = threading.Lock()

    def __call__(self, request):
        with self._lock:
            self.renders += 1
            number = self.renders
        time.sleep(self.seconds)
        return HttpResponse(f"render {number}", status=self.status)


@pytest.fixture
def quick_lock(monkeypatch):
    """Waits and locks short enough for a test: a waiter gives up after 1 s, a lock lives 2 s."""
    monkeypatch.setattr(response_cache, "RENDER_WAIT", 1)
    monkeypatch.setattr(response_cache, "RENDER_LOCK_TIMEOUT", 2)


def serve(middleware, rf):
    """The request through the middleware; its body and how long it took."""
    started = time.monotonic()
    response = middleware(rf.get(ADDRESS))
    return response.content, time.monotonic() - started


def at_once(servers, rf):
    """A request for the address to each of `servers` (middleware), each in its own thread, all at once."""
    results = [None] * len(servers)

    def run(index):
        results[index] = serve(servers[index], rf)

    threads = [threading.Thread(target=run, args=(index,)) for index in range(len(servers))]
    for thread in threads:
        thread.start()
        time.sleep(0.02)  # the first takes the lock
    for thread in threads:
        thread.join()
    return results


def lock_key(rf):
    return f"{shared_key(rf.get(ADDRESS))}:render:{register_version()}"


def test_a_crowd_on_a_stale_address_renders_it_once_and_all_get_that_render(rf, quick_lock):
    view = SlowView(seconds=0.3)
    results = at_once([SharedResponseCacheMiddleware(view)] * 4, rf)
    assert view.renders == 1
    assert {body for body, _ in results} == {b"render 1"}
    assert max(took for _, took in results) < 1  # nobody waited for the whole RENDER_WAIT


def test_each_app_server_of_a_crowd_serves_the_first_render(rf, quick_lock):
    view = SlowView(seconds=0.3)
    results = at_once([SharedResponseCacheMiddleware(view) for _ in range(3)], rf)
    assert view.renders == 1
    assert {body for body, _ in results} == {b"render 1"}


def publish():
    """A write, marked before and confirmed after its commit, as every write to the register is."""
    mark_write()
    confirm_write()


def test_after_a_publish_one_renders_and_the_crowd_meanwhile_gets_the_page_of_before(rf, quick_lock):
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    assert serve(middleware, rf)[0] == b"render 1"
    publish()
    results = at_once([middleware, SharedResponseCacheMiddleware(view), middleware], rf)
    assert view.renders == 2
    assert results[0][0] == b"render 2"  # the first after the write makes the new page...
    assert [body for body, _ in results[1:]] == [b"render 1", b"render 1"]  # ...the others are not kept waiting
    assert max(took for _, took in results[1:]) < 0.2
    assert serve(middleware, rf)[0] == b"render 2"  # and once it is made, nobody gets the old one again


def test_a_reader_alone_after_a_publish_gets_the_new_page(rf, quick_lock):
    view = SlowView(seconds=0)
    middleware = SharedResponseCacheMiddleware(view)
    serve(middleware, rf)
    publish()
    assert serve(middleware, rf)[0] == b"render 2"


def test_the_page_of_before_stands_in_after_several_quick_writes_but_not_a_write_in_flight(rf, quick_lock):
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    serve(middleware, rf)
    publish()
    publish()  # nobody asked in between: the kept page is two writes behind, both a moment ago
    results = at_once([middleware] * 2, rf)
    assert [body for body, _ in results] == [b"render 2", b"render 1"]
    mark_write()  # a write in flight: every request is made from the database, none kept
    assert [body for body, _ in at_once([middleware] * 2, rf)] == [b"render 3", b"render 4"]


def test_the_page_of_before_stands_in_for_overlapping_writes(rf, quick_lock):
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    serve(middleware, rf)
    mark_write()
    mark_write()  # a second write begins before the first is confirmed
    confirm_write()
    assert serve(middleware, rf)[0] == b"render 2"  # a write still in flight: from the database, nothing kept
    confirm_write()
    results = at_once([middleware] * 2, rf)
    assert [body for body, _ in results] == [b"render 3", b"render 1"]  # the page from before both


def test_the_page_of_before_stands_in_only_for_a_few_seconds_after_the_write(rf, quick_lock, monkeypatch):
    from alliances.caching import version

    monkeypatch.setattr(version, "STALE_WINDOW", 1)
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    serve(middleware, rf)
    publish()
    time.sleep(1.1)
    results = at_once([middleware] * 2, rf)
    assert {body for body, _ in results} == {b"render 2"}


def test_after_a_lost_confirmation_the_page_of_before_never_stands_in(rf, quick_lock):
    from alliances.caching.version import WRITES_KEY

    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    serve(middleware, rf)
    mark_write()  # the write commits, but its confirmation never reaches the cache...
    cache.delete(WRITES_KEY)  # ...until the mark's lease ends
    results = at_once([middleware] * 2, rf)
    assert view.renders == 2
    assert {body for body, _ in results} == {b"render 2"}


def test_a_waiter_never_serves_an_entry_made_before_the_version_moved(rf, quick_lock):
    view = SlowView(seconds=0)
    middleware = SharedResponseCacheMiddleware(view)
    key, version = shared_key(rf.get(ADDRESS)), register_version()
    cache.add(lock_key(rf), 1, 2)  # another worker is rendering the address at this version
    result = []
    waiter = threading.Thread(target=lambda: result.append(serve(middleware, rf)))
    waiter.start()
    time.sleep(0.1)
    cache.incr("register:version")  # a publish, while the other worker still renders...
    cache.set(key, (version, b"made before the publish", []))  # ...what it then keeps is stale
    waiter.join()
    body, took = result[0]
    assert body == b"render 1"
    assert view.renders == 1
    assert took < 1


def test_a_response_that_is_not_kept_lets_the_waiters_render_at_once(rf, quick_lock):
    view = SlowView(seconds=0.2, status=404)
    results = at_once([SharedResponseCacheMiddleware(view)] * 3, rf)
    assert view.renders == 3
    assert max(took for _, took in results) < 0.8  # the lock went with the first 404, not after RENDER_WAIT


def test_a_waiter_renders_itself_when_the_first_render_takes_too_long(rf, monkeypatch):
    monkeypatch.setattr(response_cache, "RENDER_WAIT", 0.2)
    view = SlowView(seconds=0.6)
    results = at_once([SharedResponseCacheMiddleware(view)] * 2, rf)
    assert view.renders == 2
    assert sorted(body for body, _ in results) == [b"render 1", b"render 2"]
    waited = max(took for _, took in results)
    assert 0.7 <= waited < 1.2  # about RENDER_WAIT, then its own render


class WorkerKilled(BaseException):
    """Stands for a worker killed in the middle of a render: nothing after the view runs."""


def test_the_lock_of_a_renderer_that_died_expires(rf, quick_lock):
    def dying_view(request):
        raise WorkerKilled

    killed_at = time.monotonic()
    with pytest.raises(WorkerKilled):
        SharedResponseCacheMiddleware(dying_view)(rf.get(ADDRESS))
    view = SlowView(seconds=0)
    body, took = serve(SharedResponseCacheMiddleware(view), rf)
    assert body == b"render 1"
    assert 0.9 <= took < 1.5  # the lock was still held: it waited RENDER_WAIT, then rendered
    cache.delete(shared_key(rf.get(ADDRESS)))
    time.sleep(killed_at + response_cache.RENDER_LOCK_TIMEOUT + 0.1 - time.monotonic())
    body, took = serve(SharedResponseCacheMiddleware(view), rf)
    assert body == b"render 2"
    assert took < 0.5  # the dead worker's lock is gone: no wait


def test_when_the_shared_cache_goes_away_after_the_first_read_nobody_waits(rf, quick_lock, monkeypatch):
    view = SlowView(seconds=0.2)
    read = response_cache.read_state

    def read_then_lose_the_cache(*keys):
        found = read(*keys)
        monkeypatch.setattr(response_cache, "read_state", read)  # lost once, for good

        def down(*args, **kwargs):
            raise ConnectionError("cache is down")

        for method in ("get", "get_many", "set", "add", "delete"):
            monkeypatch.setattr(cache, method, down)
        return found

    monkeypatch.setattr(response_cache, "read_state", read_then_lose_the_cache)
    cache.add(lock_key(rf), 1, 2)  # someone else renders...
    body, took = serve(SharedResponseCacheMiddleware(view), rf)
    assert body == b"render 1"  # ...but the lock cannot be seen any more: render at once
    assert took < 0.5


def test_when_the_lock_cannot_be_taken_nor_seen_the_request_renders_at_once(rf, quick_lock, monkeypatch):
    view = SlowView(seconds=0)
    register_version()
    # The production cache answers False to an `add` it could not send.
    monkeypatch.setattr(cache, "add", lambda *args, **kwargs: False)
    body, took = serve(SharedResponseCacheMiddleware(view), rf)
    assert body == b"render 1"
    assert took < 0.5


def test_while_the_server_makes_as_many_pages_as_it_may_the_others_stand_in(rf, quick_lock, settings):
    settings.RENDERS_AT_ONCE = 1
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    other = "/timeline/?year=2023"
    assert serve(middleware, rf)[0] == b"render 1"
    assert middleware(rf.get(other)).content == b"render 2"
    publish()
    results = {}
    first = threading.Thread(target=lambda: results.update(first=serve(middleware, rf)))
    first.start()
    time.sleep(0.05)  # the first address is being made...
    started = time.monotonic()
    assert middleware(rf.get(other)).content == b"render 2"  # ...so the other's page of before stands in
    assert time.monotonic() - started < 0.2
    first.join()
    assert results["first"][0] == b"render 3"
    assert middleware(rf.get(other)).content == b"render 4"  # once the server is free, it is made
    assert view.renders == 4


def test_a_page_with_nothing_to_stand_in_is_made_however_many_are_being_made(rf, quick_lock, settings):
    settings.RENDERS_AT_ONCE = 1
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    results = {}
    first = threading.Thread(target=lambda: results.update(first=serve(middleware, rf)))
    first.start()
    time.sleep(0.05)
    assert middleware(rf.get("/timeline/?year=2023")).content == b"render 2"  # never asked before: made at once
    first.join()
    assert results["first"][0] == b"render 1"


def test_after_overlapping_writes_the_page_of_before_stands_in_only_near_the_first_commit(rf, quick_lock, monkeypatch):
    from alliances.caching import version

    monkeypatch.setattr(version, "STALE_WINDOW", 1)
    view = SlowView(seconds=0.3)
    middleware = SharedResponseCacheMiddleware(view)
    assert serve(middleware, rf)[0] == b"render 1"
    mark_write()  # a quick write...
    mark_write()  # ...and a longer one, begun before the first commits
    confirm_write()  # the first commits: readers now get its rows from the database
    time.sleep(1.2)
    assert serve(middleware, rf)[0] == b"render 2"
    confirm_write()  # the second commits, after the window of the first
    assert b"render 1" not in [body for body, _ in at_once([middleware] * 3, rf)]


def test_a_render_begun_before_a_publish_does_not_keep_its_page_over_the_new_one(rf, quick_lock):
    def slow_view(request):
        time.sleep(0.6)
        return HttpResponse(b"made from the rows before the write")

    fast = SharedResponseCacheMiddleware(SlowView(seconds=0))
    results = []
    late = threading.Thread(target=lambda: results.append(serve(SharedResponseCacheMiddleware(slow_view), rf)))
    late.start()
    time.sleep(0.1)
    publish()
    new = serve(fast, rf)[0]
    late.join()
    assert results[0][0] == b"made from the rows before the write"  # its own reader gets it...
    assert serve(SharedResponseCacheMiddleware(SlowView(seconds=0)), rf)[0] == new  # ...nobody after
