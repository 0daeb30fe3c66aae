"""One JSON line per request on stdout, for the platform's log collector."""

import logging
import time

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
                "client": _client_address(request),
                "user_agent": request.META.get("HTTP_USER_AGENT", ""),
            },
        )
        return response


def _client_address(request):
    """The address the load balancer in front saw: the last one it appended to X-Forwarded-For."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")
