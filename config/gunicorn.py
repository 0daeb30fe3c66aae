"""gunicorn's settings for `make serve` and `make bench`: `gunicorn -c config/gunicorn.py config.wsgi`."""

import functools
import gc
import multiprocessing
import os
from pathlib import Path

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
# Sync workers: the app is CPU-bound between the cache and the database. 2 x cores + 1 is gunicorn's rule.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Load the app once in the master: workers share its memory pages and start at once.
preload_app = True
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 10
# Recycle a worker now and then, so a slow leak can never grow into an outage.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "10000"))
max_requests_jitter = 1000
# Every request is logged as one JSON line by the app (config.request_log): no second access log.
accesslog = None
errorlog = "-"
# Trust X-Forwarded-* only from the load balancer on this host or the private network in front.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
# Young objects a worker allocates before the collector looks at them (Python's default is 700): docs/performance.md,
# "The collector".
GC_YOUNG_THRESHOLD = int(os.environ.get("GC_YOUNG_THRESHOLD", "50000"))
# gunicorn's runtime control socket lives at one path per user: several servers on one
# machine (tests, the benchmark, other checkouts) would fight over it, and nothing uses it.
control_socket_disable = True


def pre_fork(server, worker):
    """In the master, before each worker is forked: what the preloaded app made is set aside from the collector.

    A worker's full collections then walk only what it made itself, not the whole app again each time, and the
    app's memory pages stay shared with the master (the collector writes to what it walks).
    """
    load_what_requests_load()
    gc.freeze()


@functools.cache
def load_what_requests_load():
    """Once, in the master: the URLconf with every view it imports, the templates and both languages' catalogues.

    Otherwise each new worker (and each recycled one, every GUNICORN_MAX_REQUESTS) loads them on its first requests,
    which under a crowd took seconds (docs/performance.md, "Two hosts on one machine").
    """
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (imports config.urls and the views)
    for folder in (Path(folder) for folder in settings.TEMPLATES[0]["DIRS"]):
        for template in sorted(folder.rglob("*.html")):
            get_template(str(template.relative_to(folder)))
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Timeline")
    connections.close_all()  # none should be open; if one was, the workers must not share it


def post_fork(server, worker):
    """A page's render makes tens of thousands of objects that live until it is written: collected every 700 young
    objects, they moved to the oldest generation and set off a full collection every few renders."""
    gc.set_threshold(GC_YOUNG_THRESHOLD, *gc.get_threshold()[1:])


def post_worker_init(worker):
    """Each worker sends the purges the edges are owed, its own writes' at once and any left over now and then."""
    from django.conf import settings

    from alliances.caching import purges

    if settings.EDGE_PURGE_URLS:
        purges.wake()
