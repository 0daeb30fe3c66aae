from django.core.management.base import BaseCommand

from alliances.register_files import REGISTER_DIR, register_export


class Command(BaseCommand):
    help = (
        "Write the register's files (register/<folder>/*.csv) from the database, so that a fix made in the admin "
        "becomes a reviewable change of the files. Name folders to write only those (e.g. brics shared)."
    )

    def add_arguments(self, parser):
        parser.add_argument("folders", nargs="*", help="Folders to write (default: all, and every body's own).")
        parser.add_argument("--path", default=str(REGISTER_DIR), help="The register folder (default: register/).")

    def handle(self, *args, **options):
        paths = register_export(root=options["path"], folders=options["folders"] or None)
        for path in paths:
            self.stdout.write(f"wrote {path}")
