"""The migration to dates as intervals (0015 to 0017) loses nothing: over the shipped register's dates, every
membership is certainly and possibly in force on the same days before and after it.

The register's files are written in EDTF now; each of their starts and ends that the columns of before could hold
(one date at its precision, or "by" one: "2024-12", "../2024-12-11") is written back into those columns at the
migration's first state, the migration runs, and the rule of before (its SQL, restated here as it was) is held
to the new columns on every day where either could change its answer. Dates the old columns could not hold (a
lower end added from the sources: "2020-12-05/2021-11-24") are left out, as the issue allows.
"""

import csv
import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from alliances.dates import FAR_FUTURE, first_day, last_day, parse_span

TARGET = ("alliances", "0017_dates_as_intervals_done")
FIRST = ("alliances", "0015_dates_as_intervals")
REGISTER = Path(settings.BASE_DIR) / "register"
ONE_DAY = datetime.timedelta(days=1)


def old_form(text):
    """(first day, precision, bound) as the columns of before held `text`, or None when they could not."""
    span = parse_span(text)
    if span.single:
        return span.single.value, span.single.precision, "on"
    if span.lower is None:
        return span.upper.value, span.upper.precision, "by"
    return None


def shipped():
    """The bodies' foundings and the memberships of the register's files, in the columns of before."""
    foundings, memberships = {}, []
    for folder in sorted(path for path in REGISTER.iterdir() if (path / "alliance.csv").exists()):
        with open(folder / "alliance.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                foundings[row["slug"]] = old_form(row["founded"]) if row["founded"] else None
        with open(folder / "memberships.csv", newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                start, end = old_form(row["start"]), old_form(row["end"]) if row["end"] else None
                if start and (end or not row["end"]):
                    memberships.append((row, start, end))
    return foundings, memberships


def old_rule(start, end, founded, day):
    """ "certain", "possible" or None on `day`, as MembershipQuerySet said before the migration."""
    start_value, start_precision, start_bound = start
    certainly_started = last_day(start_value, start_precision) <= day
    if start_bound == "by":
        may_have_started = founded is None or first_day(*founded[:2]) <= day
    else:
        may_have_started = first_day(start_value, start_precision) <= day
    if end is None:
        certainly_not_ended = maybe_not_ended = True
    else:
        end_value, end_precision, end_bound = end
        certainly_not_ended = end_bound != "by" and first_day(end_value, end_precision) > day
        maybe_not_ended = last_day(end_value, end_precision) > day
    if not (may_have_started and maybe_not_ended):
        return None
    return "certain" if certainly_started and certainly_not_ended else "possible"


def new_rule(row, day):
    if row.start_latest <= day < row.end_earliest:
        return "certain"
    if row.start_earliest <= day < row.end_latest:
        return "possible"
    return None


def probe_days(row):
    days = set()
    for value in (row.start_earliest, row.start_latest, row.end_earliest, row.end_latest):
        if datetime.date(1900, 1, 1) < value < datetime.date(2100, 1, 1):
            days |= {value - ONE_DAY, value, value + ONE_DAY}
    return days


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the countries of migration 0002 stay
def test_every_shipped_membership_is_in_force_on_the_same_days_before_and_after_the_migration():
    executor = MigrationExecutor(connection)
    before = [parent.key for parent in executor.loader.graph.node_map[FIRST].parents]
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        old = executor.loader.project_state(before).apps
        foundings, memberships = shipped()
        alliances = {}
        for slug, founded in foundings.items():
            founded_date, founded_precision, _bound = founded or (None, "day", "on")
            alliances[slug] = old.get_model("alliances", "Alliance").objects.create(
                slug=slug, name=slug, kind="other", founded_date=founded_date, founded_precision=founded_precision
            )
        organization = old.get_model("alliances", "Organization")
        made = {}
        for row, start, end in memberships:
            member = {"country_id": row["country"]} if row["country"] else {}
            if row["organization"]:
                member["organization"], _ = organization.objects.get_or_create(
                    slug=row["organization"], defaults={"name": row["organization"], "kind": "other"}
                )
            membership = old.get_model("alliances", "Membership").objects.create(
                alliance=alliances[row["alliance"]], role=row["role"], status="published",
                start_date=start[0], start_precision=start[1], start_bound=start[2],
                end_date=end[0] if end else None, end_precision=end[1] if end else "",
                end_bound=end[2] if end else "", end_reason=row["end_reason"] if end else "",
                **member,
            )  # fmt: skip
            made[membership.pk] = (start, end, foundings[row["alliance"]])
        assert len(made) > 150, "most of the register's dates fit the columns of before"

        executor = MigrationExecutor(connection)
        executor.migrate([TARGET])
        new = executor.loader.project_state([TARGET]).apps
        checked = 0
        for row in new.get_model("alliances", "Membership").objects.all():
            start, end, founded = made[row.pk]
            assert (row.end == "") == (row.end_latest == FAR_FUTURE)
            for day in probe_days(row):
                assert new_rule(row, day) == old_rule(start, end, founded, day), (row.start, row.end, day)
                checked += 1
        assert checked > 600
    finally:
        MigrationExecutor(connection).migrate(leaves)
