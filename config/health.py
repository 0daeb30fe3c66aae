"""Health: `/healthz` for the load balancer, and a clean 503 when the database is away."""

import logging

from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)

HEALTH_KEY = "healthz:probe"


def _database_answers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone() == (1,)


def _cache_answers():
    cache.set(HEALTH_KEY, "ok", timeout=10)
    return cache.get(HEALTH_KEY) == "ok"


CHECKS = {"database": _database_answers, "cache": _cache_answers}


@never_cache
def healthz(request):
    """200 with {"database": "ok", "cache": "ok"} when both answer; 503 naming what failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = "ok" if check() else "failed"
        except Exception as error:  # any failure of a dependency is what this page reports
            logger.warning("health check %s failed", name, exc_info=True)
            results[name] = f"failed: {type(error).__name__}"
    failed = [name for name, result in results.items() if result != "ok"]
    body = {"status": "fail" if failed else "ok", "failed": failed, **results}
    return JsonResponse(body, status=503 if failed else 200)


class DatabaseUnavailableMiddleware:
    """Answer 503 with Retry-After, not a 500, while the database cannot be reached.

    CONN_HEALTH_CHECKS makes the next request open a fresh connection, so the site
    recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Lost or refused connections (and other transient failures), not bad queries or constraints.
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unreachable: %s", exception)
        message = _("The service is temporarily unavailable. Please try again in a minute.")
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
