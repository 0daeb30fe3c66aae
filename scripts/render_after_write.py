"""The render of an alliance's page after a write, in-process: the whole answer's time and each kept part's.

Each render follows its own write, the bench's publish (scripts/bench.py, `publishing`): a
membership of the alliance in force today turned to a draft, or back, through the services, so
the alliance's versions change. Then `GET /alliances/<slug>/` through the whole middleware stack
(Django's test client) makes every kept part of the page ({% kept %}) again, as the edge's fetch
after a purge does. Prints, for each round, the median of its renders: the answer, then each part.

On the database and Redis the environment names, with the production settings (DATABASE_URL,
REDIS_URL; the bench's data: `make bench`, or generate_synthetic --seed 1). It changes only the
versions of the alliance's keys and leaves the membership published. `--gc` first sets the
collector as config/gunicorn.py sets it in a worker. See docs/performance.md, "The render after
a write".

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/alliance_bench REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python scripts/render_after_write.py --rounds 3
"""

import argparse
import logging
import os
import secrets
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(BASE_DIR), str(BASE_DIR / "scripts")]


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--alliance", help="its slug (default: the bench's, the busiest AI alliance)")
    parser.add_argument("--renders", type=int, default=9, help="renders a round, each after its own write")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--language", default="", help='"ru" for the Russian page')
    parser.add_argument("--gc", action="store_true", help="the collector as a gunicorn worker has it")
    return parser.parse_args()


def main():
    options = parse_arguments()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("PAGE_RATE", "")  # one client asks every render: measure it, do not refuse it
    import django

    django.setup()
    logging.disable(logging.INFO)  # no line a request

    from bench import url_values
    from django.test import Client
    from django.utils import timezone

    from alliances.caching.fragments import KeptNode
    from alliances.models import Membership, Status
    from alliances.services import records_set_status

    slug = options.alliance or url_values()["alliance"]
    path = f"{options.language and '/' + options.language}/alliances/{slug}/"
    chosen = Membership.objects.published().filter(alliance__slug=slug).active_on(timezone.localdate()).first()
    parts = defaultdict(list)
    render = KeptNode.render

    def timed(node, context):
        started = time.perf_counter()
        try:
            return render(node, context)
        finally:
            parts[node.parts[0].resolve(context)].append((time.perf_counter() - started) * 1000)

    KeptNode.render = timed  # each part's own time; a value kept inside a part counts in it
    client = Client()
    client.get(path, secure=True)  # the process warmed up: templates compiled, catalogues read
    if options.gc:
        from config import gunicorn

        gunicorn.pre_fork(None, None)
        gunicorn.post_fork(None, None)
    status = Status.DRAFT
    try:
        for number in range(1, options.rounds + 1):
            parts.clear()
            answers = []
            for _render in range(options.renders):
                records_set_status(records=Membership.objects.filter(pk=chosen.pk), status=status, reason="bench")
                status = Status.PUBLISHED if status == Status.DRAFT else Status.DRAFT
                started = time.perf_counter()
                response = client.get(path, secure=True)
                answers.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.status_code
            shown = "  ".join(f"{name} {statistics.median(times):.1f}" for name, times in sorted(parts.items()))
            print(f"round {number}: {path} {statistics.median(answers):.1f} ms; parts: {shown}", flush=True)
    finally:
        records_set_status(records=Membership.objects.filter(pk=chosen.pk), status=Status.PUBLISHED, reason="bench")


if __name__ == "__main__":
    main()
