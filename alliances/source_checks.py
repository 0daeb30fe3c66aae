"""Do the sources' addresses still answer? Checked by `manage.py check_sources`, never by a page request.

Each published announcement's address is asked with HEAD, then with GET when HEAD is refused (an
answer of 400 or more, or a connection that breaks), following redirects. At most CONCURRENCY
requests are in flight, one per host at a time, each for at most TIMEOUT seconds, and a run stops
starting new ones after its total time; a polite user agent says who asks. The answer (a status,
or why there was none, and where it moved) is kept on the announcement; the rule that makes it
"broken" is alliances/models/announcement.link_state.
"""

import threading
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.db import transaction
from django.utils import timezone

from .caching.keys import record_keys
from .caching.versions import bump
from .models import Announcement

USER_AGENT = (
    "AllianceTracker-SourceCheck/1.0 (checks that the sources an AI alliance register cites still answer; "
    "one request per address, rarely)"
)
CONCURRENCY = 8
TIMEOUT = 15  # seconds, to connect and for each read
TOTAL_TIME = 600  # seconds for a whole run
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Answer:
    url: str
    status: int | None = None
    error: str = ""
    moved_to: str = ""


def address_check(url, *, session=None, timeout=TIMEOUT):
    """What `url` answers: HEAD, then GET when HEAD is refused; redirects followed."""
    session = session or _session()
    try:
        response = session.head(url, allow_redirects=True, timeout=timeout)
        if response.status_code >= 400:
            response = _get(session, url, timeout)
    except requests.Timeout:
        return Answer(url, error="timeout")
    except requests.TooManyRedirects:
        return Answer(url, error="too many redirects")
    except requests.RequestException:
        try:
            response = _get(session, url, timeout)
        except requests.RequestException as error:
            return Answer(url, error=_why(error))
    moved_to = response.url if response.history and response.url != url else ""
    return Answer(url, status=response.status_code, moved_to=moved_to)


def _get(session, url, timeout):
    response = session.get(url, allow_redirects=True, timeout=timeout, stream=True)
    response.close()  # the status is enough: the body is never read
    return response


def _why(error):
    """Why no answer came, in a few words."""
    if isinstance(error, requests.Timeout):
        return "timeout"
    if isinstance(error, requests.TooManyRedirects):
        return "too many redirects"
    if isinstance(error, requests.exceptions.SSLError):
        return "TLS error"
    text = repr(error)
    for words, why in (
        ("reset", "connection reset"),
        ("refused", "connection refused"),
        ("resolve", "no such host"),
        ("Name or service not known", "no such host"),
        ("closed connection", "connection closed"),
        ("aborted", "connection reset"),
    ):
        if words in text:
            return why
    return type(error).__name__[:100]


def _session():
    session = requests.Session()
    session.headers["User-Agent"] = USER_AGENT
    session.max_redirects = MAX_REDIRECTS
    return session


@dataclass
class CheckRun:
    """A run's answers, and the addresses left unchecked when its time ran out."""

    answers: dict  # {announcement id: Answer}
    unchecked: list  # announcement ids


def sources_check(announcements=None, *, concurrency=CONCURRENCY, timeout=TIMEOUT, total_time=TOTAL_TIME):
    """Check the addresses of `announcements` (default: every published one with an address) and record the answers."""
    if announcements is None:
        announcements = Announcement.objects.published().exclude(source_url="")
    addresses = dict(announcements.values_list("pk", "source_url"))
    hosts = {}
    lock = threading.Lock()

    def one(pk, url):
        with lock:
            host = hosts.setdefault(urlsplit(url).netloc.lower(), threading.Semaphore(1))
        remaining = deadline - time.monotonic()
        if remaining <= 0 or not host.acquire(timeout=remaining):
            return None  # out of time before its host was free
        try:
            with _session() as session:
                return address_check(url, session=session, timeout=timeout)
        finally:
            host.release()

    deadline = time.monotonic() + total_time
    answers = {}
    executor = ThreadPoolExecutor(max_workers=max(1, concurrency), thread_name_prefix="check_sources")
    pending = {executor.submit(one, pk, url): pk for pk, url in addresses.items()}
    while pending and time.monotonic() < deadline:
        done, _still = wait(pending, timeout=deadline - time.monotonic(), return_when=FIRST_COMPLETED)
        for future in done:
            pk = pending.pop(future)
            answer = future.result()
            if answer is not None:
                answers[pk] = answer
    executor.shutdown(wait=False, cancel_futures=True)
    checks_record(answers)
    return CheckRun(answers=answers, unchecked=sorted(set(addresses) - set(answers)))


def checks_record(answers, *, when=None):
    """Keep each answer on its announcement, in one transaction: a finding about the address, not a curator's
    change, so it is no version of the record's history and leaves its `updated_at` alone."""
    when = when or timezone.now()
    if not answers:
        return
    with transaction.atomic():
        bump(record_keys(Announcement, list(answers)))  # update() sends no signals: what shows the sources is told here
        for pk, answer in answers.items():
            Announcement.objects.filter(pk=pk).update(
                link_checked_at=when,
                link_status=answer.status,
                link_error=answer.error[:100],
                link_moved_to=answer.moved_to[:500],
            )
