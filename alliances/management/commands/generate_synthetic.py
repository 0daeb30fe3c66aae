import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from alliances.synthetic import SyntheticDataError, synthetic_delete, synthetic_exists, synthetic_generate


class Command(BaseCommand):
    help = (
        "Fill the register with deterministic synthetic data (slugs start with 'synthetic-'): "
        "the same --seed gives the same records. For benchmarks and trying the site at scale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organizations", type=int, default=2000)
        parser.add_argument("--memberships", type=int, default=10000)
        parser.add_argument("--announcements", type=int, default=1000)
        parser.add_argument("--alliances", type=int, default=50, help="One in ten is a bloc of countries.")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--replace", action="store_true", help="Delete earlier synthetic records first (others are kept)."
        )

    def handle(self, *args, **options):
        if synthetic_exists():
            if not options["replace"]:
                raise CommandError("Synthetic records exist already: pass --replace to make them anew.")
            synthetic_delete()
        started = time.perf_counter()
        with tqdm(total=options["memberships"], desc="memberships", unit="", disable=options["verbosity"] == 0) as bar:
            try:
                counts = synthetic_generate(
                    organizations=options["organizations"],
                    memberships=options["memberships"],
                    announcements=options["announcements"],
                    alliances=options["alliances"],
                    seed=options["seed"],
                    progress=bar.update,
                )
            except SyntheticDataError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Made {counts.alliances} alliances, {counts.organizations} organizations, "
                f"{counts.announcements} announcements and {counts.memberships} memberships "
                f"in {time.perf_counter() - started:.1f} s."
            )
        )
