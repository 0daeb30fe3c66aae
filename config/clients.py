"""Who is asking: the client's address, worked out one way for the rate limits and the request log. `X-Forwarded-For` is
believed only from a proxy the site trusts (`FORWARDED_ALLOW_IPS`, the list gunicorn trusts `X-Forwarded-Proto` from),
and then only the entry the last `NUM_PROXIES` proxies appended (the edge is one): a client that reaches gunicorn
directly cannot choose its address."""

import functools
import ipaddress

from django.conf import settings


@functools.lru_cache(maxsize=1024)  # keyed by the setting too: a changed setting is read anew
def _is_trusted_proxy(address, allow_ips):
    """Whether `address` is in `allow_ips` ("*": every address; addresses or networks separated by commas)."""
    allowed = [item.strip() for item in allow_ips.split(",") if item.strip()]
    try:
        return "*" in allowed or any(
            ipaddress.ip_address(address) in ipaddress.ip_network(net, strict=False) for net in allowed
        )
    except ValueError:  # a unix socket, or nothing
        return False


def client_address(request):
    """The client's address: REMOTE_ADDR, or what a trusted proxy says it saw."""
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.NUM_PROXIES and _is_trusted_proxy(remote, settings.FORWARDED_ALLOW_IPS):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if forwarded:
            return forwarded[-min(settings.NUM_PROXIES, len(forwarded))]
    return remote
