"""One JSON line per request on stdout, for the platform's log collector."""

import logging
import time

from .clients import client_address

logger = logging.getLogger("config.requests")


class RequestLogMiddleware:
    """Logs method, path, status, duration and size of every request. Outermost, so it times everything."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "path": request.path,
                "query": request.META.get("QUERY_STRING", ""),
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                "bytes": len(response.content) if not response.streaming else None,
                "client": client_address(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", ""),
            },
        )
        return response


class WarningWithoutTraceback(logging.Filter):
    """Log the record as a one-line warning: for what is expected and says all in its message (a bad Host)."""

    def filter(self, record):
        record.levelno, record.levelname = logging.WARNING, "WARNING"
        record.exc_info = record.exc_text = record.stack_info = None
        return True
