"""Check that every published source's address still answers, record each answer, list the broken ones."""

from django.core.management.base import BaseCommand

from alliances import source_checks
from alliances.models import Announcement, LinkState


class Command(BaseCommand):
    help = (
        "Ask every published announcement's address (HEAD, then GET when HEAD is refused; a polite user agent; "
        "bounded concurrency and time), record what answered, and list the broken addresses. Run it from cron, "
        "never from a page request."
    )

    def add_arguments(self, parser):
        parser.add_argument("--concurrency", type=int, default=source_checks.CONCURRENCY, help="Requests at once.")
        parser.add_argument("--timeout", type=float, default=source_checks.TIMEOUT, help="Seconds for one request.")
        parser.add_argument(
            "--total-time", type=float, default=source_checks.TOTAL_TIME, help="Seconds for the whole run."
        )

    def handle(self, *args, concurrency, timeout, total_time, **options):
        run = source_checks.sources_check(concurrency=concurrency, timeout=timeout, total_time=total_time)
        checked = Announcement.objects.filter(pk__in=run.answers).order_by("slug")
        broken = [announcement for announcement in checked if announcement.link_state == LinkState.BROKEN]
        for announcement in broken:
            archived = f" (archived copy: {announcement.archive_url})" if announcement.archive_url else ""
            self.stdout.write(
                f"broken: {announcement.slug} {announcement.source_url}: {announcement.link_answer}{archived}"
            )
        self.stdout.write(
            f"{len(run.answers)} addresses checked, {len(broken)} broken"
            + (f", {len(run.unchecked)} not checked: out of time" if run.unchecked else "")
            + "."
        )
