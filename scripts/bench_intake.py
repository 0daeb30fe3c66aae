"""How long the intake of a source's list takes to match and preview 55 names, on the register that ships.

Migrates a fresh SQLite database (or BENCH_DATABASE_URL), loads register/, then reads a
55-name passage for an alliance: once cold (a new process: the country names of CLDR,
pycountry and django-countries indexed on first use) and then `--runs` times warm (what each
preview after the first costs: the organizations and the existing memberships read again, the
names matched, the plan made). Prints the times and the queries of one preview. The figure is
kept in docs/performance.md.

    .venv/bin/python scripts/bench_intake.py
    .venv/bin/python scripts/bench_intake.py --organizations 5000   # the register plus synthetic organizations
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# The Bletchley Declaration's 29 as an agency printed them, and 26 more in the forms lists use.
PASSAGE = (
    "Australia, Brazil, Canada, Chile, China, the EU, France, Germany, India, Indonesia, Ireland, Israel, Italy, "
    "Japan, Kenya, the Kingdom of Saudi Arabia, the Netherlands, Nigeria, the Philippines, the Republic of Korea, "
    "Rwanda, Singapore, Spain, Switzerland, Türkiye, Ukraine, the UAE, Great Britain, the US, Argentina, Armenia, "
    "Austria, Belgium, Bulgaria, Cambodia, Côte d'Ivoire, Croatia, Cyprus, Czechia, Denmark, Djibouti, Estonia, "
    "Finland, Greece, Hungary, Kazakhstan, Latvia, Lithuania, Luxembourg, Malta, Mexico, Morocco, New Zealand, "
    "Norway and Poland signed the statement."
)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--organizations", type=int, default=0, help="synthetic organizations added to the register")
    options = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-intake-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    os.environ.setdefault("DEBUG", "false")  # DEBUG keeps every query's SQL: a cost production does not pay
    os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    call_command("migrate", verbosity=0)
    call_command("load_register", verbosity=0)
    if options.organizations:
        from alliances.models import Organization, OrganizationKind

        Organization.objects.bulk_create(
            Organization(slug=f"bench-org-{n}", name=f"Bench Organization {n} of Artificial Intelligence",
                         kind=OrganizationKind.COMPANY)
            for n in range(options.organizations)
        )  # fmt: skip

    from alliances.intake.names import Matcher
    from alliances.intake.plan import IntakeRequest, intake_plan
    from alliances.models import Alliance, Organization

    alliance = Alliance.objects.get(slug="gpai")

    def preview():
        request = IntakeRequest(alliance=alliance, announcement=None, passage=PASSAGE, role="member", start="2025-02")
        return intake_plan(request, matcher=Matcher.of_register())

    started = time.perf_counter()
    plan = preview()
    cold = time.perf_counter() - started
    assert len(plan.rows) == 55, len(plan.rows)
    warm = []
    for _run in range(options.runs):
        started = time.perf_counter()
        preview()
        warm.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:  # records queries whatever DEBUG says
        preview()
    actions = {action: plan.count(action) for action in {row.action for row in plan.rows}}
    print(f"database: {connection.vendor}; organizations: {Organization.objects.count()}")
    print(f"55 names matched and previewed: {actions}")
    print(f"cold (first in a process): {cold * 1000:.0f} ms")
    print(
        f"warm, {options.runs} runs: median {statistics.median(warm) * 1000:.1f} ms, "
        f"max {max(warm) * 1000:.1f} ms; {len(queries)} queries"
    )


if __name__ == "__main__":
    main()
