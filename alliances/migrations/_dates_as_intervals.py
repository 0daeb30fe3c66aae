"""What migrations 0015 to 0017 share (Django's migration loader skips modules whose name begins with "_").

Dates as intervals of days (issue 22): a start, an end, a founding and a size's day become an EDTF text
with its earliest and latest day in two columns; a role change that continues a membership becomes a link.

Every stored date is carried over without loss, main rows and history alike:
- "2024-12" (precision month) → "2024-12", [1 December, 31 December];
- "by 2024-12-11" → "../2024-12-11", [the alliance's founding (its first day), 11 December]: the lower end
  the old rule used ("none before the alliance was founded"); the earliest day there is when none;
- an end "by" a day → [the start's earliest day, the day]: never certainly ended before it (the old
  rule: never certainly in force under a "by" end);
- no end → FAR_FUTURE on both sides.
A membership that ended "role changed" on the day (date and precision) another of the same member in the
same alliance started, as the old rule matched them, is linked to it. alliances/tests/test_migration_dates.py
holds the certain and possible days equal before and after over the shipped register's dates.

On PostgreSQL the exclusion constraints now compare the days a period is certainly in force.
"""

import calendar
import datetime

from django.db import migrations, models

FAR_PAST, FAR_FUTURE = datetime.date.min, datetime.date.max

EDTF_HELP = (
    "Year first, as exactly as the source: 2024, 2024-12 or 2024-12-11; ../2024-12-11 when it had happened by then "
    "(how long before is unknown); 2021-06/2021-11 between two dates (EDTF)."
)
CONTINUES_HELP = (
    "The same member's earlier period in this alliance that this one continues in a new role (invited, then member; "
    "signatory, then party). That one ends 'role changed' when this one starts."
)
MEMBER_COLUMNS = {"organization": "organization_id", "country": "country_id"}


def text(name, help_text="", **kwargs):
    return models.CharField(name, max_length=40, help_text=f"{help_text} {EDTF_HELP}".strip(), **kwargs)


def day(name, **kwargs):
    return models.DateField(editable=False, verbose_name=name, **kwargs)


# The conversion, on the columns of before.


def _iso(value, precision):
    if precision == "year":
        return f"{value.year:04d}"
    if precision == "month":
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def _first(value, precision):
    if precision == "year":
        return value.replace(month=1, day=1)
    if precision == "month":
        return value.replace(day=1)
    return value


def _last(value, precision):
    if precision == "year":
        return value.replace(month=12, day=31)
    if precision == "month":
        return value.replace(day=calendar.monthrange(value.year, value.month)[1])
    return value


def written(value, precision, bound):
    """(EDTF text, earliest day or None when open, latest day) of a date of before."""
    precision = precision or "day"
    edtf = _iso(value, precision)
    if bound == "by":
        return f"../{edtf}", None, _last(value, precision)
    return edtf, _first(value, precision), _last(value, precision)


def convert_membership(row, founded):
    start, start_earliest, start_latest = written(row.start_date, row.start_precision, row.start_bound)
    row.start, row.start_latest = start, start_latest
    row.start_earliest = start_earliest or (_first(*founded) if founded and founded[0] else FAR_PAST)
    if row.end_date is None:
        row.end, row.end_earliest, row.end_latest = "", FAR_FUTURE, FAR_FUTURE
    else:
        row.end, end_earliest, row.end_latest = written(row.end_date, row.end_precision, row.end_bound)
        row.end_earliest = end_earliest or row.start_earliest


def convert_alliance(row):
    for field in ("founded", "dissolved"):
        value, precision = getattr(row, f"{field}_date"), getattr(row, f"{field}_precision")
        edtf, earliest, latest = written(value, precision, "on") if value else ("", None, None)
        setattr(row, field, edtf)
        setattr(row, f"{field}_earliest", earliest)
        setattr(row, f"{field}_latest", latest)


def convert_size(row):
    row.as_of, earliest, row.as_of_latest = written(row.as_of_day, row.as_of_precision, row.as_of_bound)
    row.as_of_earliest = earliest or FAR_PAST


def to_intervals(apps, schema_editor):
    for name in ("Alliance", "HistoricalAlliance"):
        model = apps.get_model("alliances", name)
        rows = list(model.objects.all())
        for row in rows:
            convert_alliance(row)
        model.objects.bulk_update(
            rows,
            ["founded", "founded_earliest", "founded_latest", "dissolved", "dissolved_earliest", "dissolved_latest"],
            batch_size=500,
        )
    foundings = {
        pk: (value, precision)
        for pk, value, precision in apps.get_model("alliances", "Alliance").objects.values_list(
            "pk", "founded_date", "founded_precision"
        )
    }
    fields = ["start", "start_earliest", "start_latest", "end", "end_earliest", "end_latest"]
    for name in ("Membership", "HistoricalMembership"):
        model = apps.get_model("alliances", name)
        rows = list(model.objects.all())
        for row in rows:
            convert_membership(row, foundings.get(row.alliance_id))
        model.objects.bulk_update(rows, fields, batch_size=500)
    for name in ("ReportedSize", "HistoricalReportedSize"):
        model = apps.get_model("alliances", name)
        rows = list(model.objects.all())
        for row in rows:
            convert_size(row)
        model.objects.bulk_update(rows, ["as_of", "as_of_earliest", "as_of_latest"], batch_size=500)
    link_continuations(apps.get_model("alliances", "Membership"), apps.get_model("alliances", "HistoricalMembership"))


def link_continuations(membership, history):
    """Each membership that ended "role changed" → the one of the same member and alliance that started on its end
    (the same date at the same precision), as the old rule matched them."""
    ended = {}
    for row in membership.objects.filter(end_reason="role_changed"):
        key = (row.alliance_id, row.organization_id, row.country_id, row.end_date, row.end_precision)
        ended[key] = row.pk
    for row in membership.objects.all():
        key = (row.alliance_id, row.organization_id, row.country_id, row.start_date, row.start_precision)
        earlier = ended.get(key)
        if earlier and earlier != row.pk:
            membership.objects.filter(pk=row.pk).update(continues_id=earlier)
            history.objects.filter(id=row.pk).update(continues_id=earlier)


def exclusion_constraints_swap(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for member, column in MEMBER_COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE alliances_membership DROP CONSTRAINT IF EXISTS membership_no_overlap_{member}"
        )
        # The days a period is certainly in force, [its start's latest day, its end's earliest day): empty
        # (never in force for certain) when those cross, so such a period overlaps nothing for certain.
        schema_editor.execute(
            f"ALTER TABLE alliances_membership ADD CONSTRAINT membership_no_overlap_{member} "
            f"EXCLUDE USING gist (alliance_id WITH =, {column} WITH =, "
            f"daterange(start_latest, greatest(end_earliest, start_latest), '[)') WITH &&) "
            f"WHERE ({column} IS NOT NULL)"
        )


def old_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for member, column in MEMBER_COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE alliances_membership DROP CONSTRAINT IF EXISTS membership_no_overlap_{member}"
        )
        schema_editor.execute(
            f"ALTER TABLE alliances_membership ADD CONSTRAINT membership_no_overlap_{member} "
            f"EXCLUDE USING gist (alliance_id WITH =, {column} WITH =, "
            f"daterange(start_date, end_date, '[)') WITH &&) WHERE ({column} IS NOT NULL)"
        )


def drop_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for member in MEMBER_COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE alliances_membership DROP CONSTRAINT IF EXISTS membership_no_overlap_{member}"
        )


HISTORY_MODELS = {
    "membership": "historicalmembership",
    "alliance": "historicalalliance",
    "reportedsize": "historicalreportedsize",
}


def both(model, name, field):
    """The same new field on a model and on its history."""
    return [
        migrations.AddField(model_name=model, name=name, field=field),
        migrations.AddField(model_name=HISTORY_MODELS[model], name=name, field=field.clone()),
    ]


def altered(model, name, field):
    return [
        migrations.AlterField(model_name=model, name=name, field=field),
        migrations.AlterField(model_name=HISTORY_MODELS[model], name=name, field=field.clone()),
    ]


def removed(model, *names):
    return [
        migrations.RemoveField(model_name=target, name=name)
        for target in (model, HISTORY_MODELS[model])
        for name in names
    ]
