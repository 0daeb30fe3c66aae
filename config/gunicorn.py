"""gunicorn's settings for `make serve` and `make bench`: `gunicorn -c config/gunicorn.py config.wsgi`."""

import multiprocessing
import os

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
# gunicorn's runtime control socket lives at one path per user: several servers on one
# machine (tests, the benchmark, other checkouts) would fight over it, and nothing uses it.
control_socket_disable = True


def post_worker_init(worker):
    """Each worker sends the purges the edges are owed, its own writes' at once and any left over now and then."""
    from django.conf import settings

    from alliances.caching import purges

    if settings.EDGE_PURGE_URLS:
        purges.wake()
