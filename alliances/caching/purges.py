"""The purges a write owes the edges: written in its transaction (the outbox), sent once it commits, till acknowledged
(README.md, "Purges"). Two processes may send the same row: a purge sent twice costs nothing."""

import logging
import textwrap
import threading
import urllib.request
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import Count, Min
from django.utils import timezone

from ..models import PendingPurge

logger = logging.getLogger(__name__)

# Rows sent at once, and the most key characters one PURGE request carries in its header.
BATCH, HEADER_CHARACTERS = 500, 4000
_wakeup, _started, _thread = threading.Event(), threading.Lock(), None


def owe(keys):
    """Record, in the current transaction, that every edge must purge `keys`; the dispatcher is woken at the commit."""
    if settings.EDGE_PURGE_URLS:
        PendingPurge.objects.bulk_create(
            PendingPurge(edge=url, keys=" ".join(keys)) for url in settings.EDGE_PURGE_URLS
        )
        transaction.on_commit(wake)


def pending():
    """{"pending": rows not yet acknowledged, "oldest_seconds": the age of the oldest, or None}."""
    found = PendingPurge.objects.aggregate(pending=Count("id"), oldest=Min("created_at"))
    oldest = found["oldest"] and int((timezone.now() - found["oldest"]).total_seconds())
    return {"pending": found["pending"], "oldest_seconds": oldest}


def send(edge, keys):
    """Soft-purge `keys` at `edge`, a few hundred keys a request: True when the edge acknowledged every request."""
    chunks = textwrap.wrap(" ".join(keys), HEADER_CHARACTERS, break_long_words=False, break_on_hyphens=False)
    try:
        for chunk in chunks:
            request = urllib.request.Request(edge, method="PURGE", headers={"xkey-softpurge": chunk})
            urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT).close()  # raises unless 2xx
    except OSError as error:  # refused, timed out, or an HTTP error status
        logger.warning("edge %s did not acknowledge a purge: %s", edge, error)
        return False
    return True


def deliver():
    """Send every due purge, one edge at a time; delete what each edge acknowledged, put off the rest."""
    now = timezone.now()
    with transaction.atomic():
        due = list(PendingPurge.objects.select_for_update(skip_locked=True).filter(next_attempt_at__lte=now)[:BATCH])
        for edge in {row.edge for row in due}:
            rows = [row for row in due if row.edge == edge]
            if send(edge, sorted({name for row in rows for name in row.keys.split()})):
                PendingPurge.objects.filter(pk__in=[row.pk for row in rows]).delete()
                continue
            for row in rows:
                row.attempts += 1
                row.next_attempt_at = now + timedelta(seconds=min(60, 2**row.attempts))
            PendingPurge.objects.bulk_update(rows, ["attempts", "next_attempt_at"])
    return len(due)


def wake():
    """Have this process's dispatcher send what is due now (started when first woken)."""
    global _thread
    with _started:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_dispatch, name="edge-purges", daemon=True)
            _thread.start()
    _wakeup.set()


def _dispatch():
    while True:
        _wakeup.wait(settings.EDGE_RETRY_SECONDS)
        _wakeup.clear()
        close_old_connections()
        try:
            while deliver() == BATCH:
                pass
        except Exception:  # a database that went away: the rows wait for the next round
            logger.exception("edge purges not sent")
