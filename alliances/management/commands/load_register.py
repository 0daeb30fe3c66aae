from django.core.management.base import BaseCommand, CommandError

from alliances.register_files import REGISTER_DIR, register_load


class Command(BaseCommand):
    help = (
        "Load the register's files (register/) through the admin import's validation: one transaction for the "
        "bodies, then one per folder. Running it again writes nothing. A record someone changed in the admin "
        "since it was loaded is kept and reported, never overwritten."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Check and report, write nothing.")
        parser.add_argument(
            "--overwrite",
            action="store_true",
            help="Write the files' rows over records changed since they were loaded (read the report first).",
        )
        parser.add_argument("--path", default=str(REGISTER_DIR), help="The register folder (default: register/).")

    def handle(self, *args, **options):
        reports = register_load(root=options["path"], dry_run=options["dry_run"], overwrite=options["overwrite"])
        failed = False
        for step in reports:
            new = sum(report.new for report in step.files)
            updated = sum(report.updated for report in step.files)
            unchanged = sum(report.unchanged for report in step.files)
            for path, line, record, columns in step.kept:
                where = f"{path} line {line}" if line else path
                differs = f" (the file differs in: {', '.join(columns)})" if columns else ""
                self.stdout.write(self.style.WARNING(f"{where}: kept {record}, changed since it was loaded{differs}"))
            for path, line, message in step.errors:
                failed = True
                self.stderr.write(self.style.ERROR(f"{path} line {line}: {message}"))
            if step.errors:
                self.stderr.write(self.style.ERROR(f"{step.name}: not loaded (nothing of it was written)"))
            elif options["verbosity"] >= 1:
                kept = f", {len(step.kept)} kept" if step.kept else ""
                verb = "checked" if options["dry_run"] else "loaded"
                self.stdout.write(f"{step.name}: {verb}, {new} new, {updated} changed, {unchanged} unchanged{kept}")
        if failed:
            raise CommandError("Some folders were not loaded: see the errors above.")
