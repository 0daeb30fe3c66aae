"""Add members from a source's list kept in a text file: the admin's intake (alliances/intake/) from a shell."""

import pathlib
import sys

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from alliances.intake.forms import IntakeForm, choice_read
from alliances.intake.plan import intake_plan
from alliances.intake.write import IntakeRefused, intake_confirm
from alliances.models import Alliance, Announcement


class Command(BaseCommand):
    help = (
        "Read a source's list from a text file, match each name to a country or an organization and print what "
        "would be written; with --confirm, write it (draft memberships citing the source, in one transaction, "
        "with one reason). Names that match nothing or more than one must be settled with --choose first."
    )

    def add_arguments(self, parser):
        parser.add_argument("alliance", help="The alliance's slug.")
        parser.add_argument("file", help="A UTF-8 text file holding the passage that lists the members ('-': stdin).")
        parser.add_argument("--source", help="The slug (or address) of the announcement the list comes from.")
        parser.add_argument("--title", default="", help="A new source's title (with --url, --publisher, --date).")
        parser.add_argument("--url", default="", help="A new source's address.")
        parser.add_argument("--publisher", default="")
        parser.add_argument("--date", default="", help="A new source's date: 2024, 2024-12 or 2024-12-11.")
        parser.add_argument("--kind", default="news_article")
        parser.add_argument("--language", default="en")
        parser.add_argument("--role", help="Every name's role (default: the alliance's principal role).")
        parser.add_argument("--start", required=True, help="Every name's start: 2024-12-11, 2024-12, by 2024-12-11.")
        parser.add_argument("--completeness", default="", choices=["", "complete", "partial"])
        parser.add_argument("--reason", default="", help="The change's reason (required with --confirm).")
        parser.add_argument(
            "--choose",
            action="append",
            default=[],
            metavar="NAME=CHOICE",
            help="Settle a name: 'Korea=KR', 'Korea=country:KR', 'Sber=organization:sberbank', 'X=drop', 'X=create'.",
        )
        parser.add_argument("--user", help="The curator's username the history records.")
        parser.add_argument("--confirm", action="store_true", help="Write it; without, only print the preview.")

    def handle(self, *args, **options):
        alliance = Alliance.objects.filter(slug=options["alliance"]).first()
        if alliance is None:
            raise CommandError(f"No alliance with slug '{options['alliance']}'.")
        path = options["file"]
        passage = sys.stdin.read() if path == "-" else pathlib.Path(path).read_text(encoding="utf-8")
        source = options["source"] or ""
        announcement = Announcement.objects.filter(slug=source).first() if source else None
        form = IntakeForm(
            {
                "announcement": announcement.pk if announcement else "",
                "source_url": options["url"] or (source if source.startswith("http") else ""),
                "title": options["title"],
                "publisher": options["publisher"],
                "date": options["date"],
                "kind": options["kind"],
                "language": options["language"],
                "passage": passage,
                "role": options["role"] or alliance.principal_role,
                "start": options["start"],
                "completeness": options["completeness"],
                "change_reason": options["reason"] or "(preview)",
            }
        )
        if source and announcement is None and not source.startswith("http"):
            raise CommandError(f"No announcement with slug '{source}'.")
        if not form.is_valid():
            raise CommandError("; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items()))
        plan = intake_plan(form.intake_request(alliance))
        plan = intake_plan(form.intake_request(alliance, self._choices(options["choose"], plan)))
        for row in plan.rows:
            self.stdout.write(f"{row.index:>3} {row.name.text!r}: {row.action_label}. {row.sentence}")
        if plan.completes_list:
            self.stdout.write("The alliance's member list will be marked complete.")
        if not options["confirm"]:
            return
        if not options["reason"]:
            raise CommandError("Give the change's --reason to write.")
        user = get_user_model().objects.filter(username=options["user"]).first() if options["user"] else None
        try:
            intake = intake_confirm(
                request=plan.request, reason=options["reason"], user=user, new_source=form.new_source()
            )
        except IntakeRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Intake {intake.pk}: {intake.memberships.count()} new draft memberships, "
                f"{intake.citations.count()} citations of '{intake.announcement.slug}'."
            )
        )

    def _choices(self, given, plan):
        by_text = {row.name.text: row.index for row in plan.rows}
        choices = {}
        for item in given:
            name, _equals, value = item.rpartition("=")
            if name not in by_text:
                raise CommandError(f"--choose {item}: no name '{name}' in the passage.")
            value = value.strip()
            if value.startswith(("country:", "organization:", "create")) or value == "drop":
                choices[by_text[name]] = value
            else:
                choices[by_text[name]] = choice_read("other", value)
        return choices
