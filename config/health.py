"""Health: `/healthz` (liveness) and `/readyz` (readiness) for the balancer, and a clean 503 when the database is away.

`/healthz` answers 200 while this process and PostgreSQL answer: every page works without Redis
(slower, from the database), so Redis away is reported as "degraded", not as a failure that
would take every app server out of the balancer at once. `/readyz` is stricter: 503 unless
PostgreSQL and Redis both answer, for a deployment that would rather send traffic elsewhere than
serve uncached (a new server warming up, one cut off from Redis alone); it also says how many
purges the edges have not yet acknowledged (alliances/caching/purges.py), which never makes it
fail. A Redis that hangs answers nothing within its short timeout, and its breaker then spares
the next checks the wait. Both are answered before anything reads the Host header, so a balancer
probing by address gets them too.
"""

import logging

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from alliances.caching import purges, store

logger = logging.getLogger(__name__)


def database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _check(check):
    try:
        return "ok" if check() else "failed"
    except Exception as error:  # any failure of a dependency is what these pages report
        logger.warning("health check failed: %s", error)
        return f"failed: {type(error).__name__}"


def health(strict):
    """The health document and its status: 503 when PostgreSQL fails (or, when `strict`, Redis)."""
    database = _check(database_answers)
    cache = "ok" if store.answers() else "unreachable"
    failed = database != "ok" or (strict and cache != "ok")
    status = "fail" if failed else ("ok" if cache == "ok" else "degraded")
    document = {"status": status, "database": database, "cache": cache}
    if strict and database == "ok":
        try:
            document["purges"] = purges.pending()  # the edges' backlog: shown, never a reason to fail
        except DatabaseError as error:  # not migrated yet
            document["purges"] = f"unknown: {type(error).__name__}"
    response = JsonResponse(document, status=503 if failed else 200)
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """Answer /healthz and /readyz first, before the Host header is checked or anything else runs."""

    PATHS = {"/healthz": False, "/readyz": True}  # path: strict

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        strict = self.PATHS.get(request.path_info)
        if strict is None:
            return self.get_response(request)
        return health(strict)


class ServiceUnavailableMiddleware:
    """Answer 503 with Retry-After, not a 500, while the database cannot be reached.

    CONN_HEALTH_CHECKS makes the next request open a fresh connection, so the site recovers by
    itself when the database is back. Nothing else refuses a write: Redis only keeps copies.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        # Lost or refused connections (and other transient failures), not bad queries or constraints.
        logger.error("database unreachable: %s", exception)
        message = _("The service is temporarily unavailable. Please try again in a minute.")
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
