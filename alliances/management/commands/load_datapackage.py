"""manage.py load_datapackage register.zip: the register's download, loaded into an empty database."""

from django.core.management.base import BaseCommand, CommandError

from ...dataset.loading import PackageError, datapackage_load


class Command(BaseCommand):
    help = (
        "Load a data package of the register (/api/v1/register.zip, or the folder of its datapackage.json) "
        "into a database whose register is empty. Each record is written as a curator's save is, with its "
        "history; downloading the register again gives the same files but for their creation time."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="register.zip, or a folder holding datapackage.json and its CSV files")
        parser.add_argument("--reason", default="Loaded from a data package", help="kept with each record's history")

    def handle(self, *args, path, reason, **options):
        try:
            loaded = datapackage_load(path, reason=reason[:100])
        except (PackageError, OSError) as error:
            raise CommandError(str(error)) from None
        for table, count in loaded.items():
            self.stdout.write(f"{table}: {count}")
