"""Dates as intervals, 3 of 3: the old columns go, the new take their final form and constraints."""

from django.db import migrations, models

from ._dates_as_intervals import (
    FAR_FUTURE,
    altered,
    day,
    drop_exclusion_constraints,
    exclusion_constraints_swap,
    removed,
    text,
)


class Migration(migrations.Migration):
    dependencies = [("alliances", "0016_dates_as_intervals_data")]

    operations = [
        # The columns of before go; the new ones take their final form.
        *removed("alliance", "founded_date", "founded_precision", "dissolved_date", "dissolved_precision"),
        *removed(
            "membership", "start_date", "start_precision", "start_bound", "end_date", "end_precision", "end_bound"
        ),
        *removed("reportedsize", "as_of_day", "as_of_precision", "as_of_bound"),
        *altered(
            "membership", "start", text("start", "When the member took up this role, as exactly as the sources say.")
        ),
        *altered(
            "membership",
            "start_earliest",
            day(
                "start: earliest day",
                help_text="Worked out from the start: its first day; for a start known only as 'by' a day, "
                "the body's founding.",
            ),
        ),
        *altered("membership", "start_latest", day("start: latest day")),
        *altered(
            "membership",
            "end_earliest",
            day("end: earliest day", help_text="Worked out from the end; with no end, the furthest day a date can be."),
        ),
        *altered("membership", "end_latest", day("end: latest day")),
        *altered("reportedsize", "as_of", text("as of", "The day the size held, as the source gives it.")),
        *altered("reportedsize", "as_of_earliest", day("as of: earliest day")),
        *altered("reportedsize", "as_of_latest", day("as of: latest day")),
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": ["alliance", "start_latest", "id"],
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
            },
        ),
        migrations.AlterModelOptions(
            name="reportedsize",
            options={
                "ordering": ["alliance", "as_of_latest", "id"],
                "verbose_name": "reported size",
                "verbose_name_plural": "reported sizes",
            },
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["alliance", "start_latest"], name="membership_alliance_start_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["alliance", "end_latest"], name="membership_alliance_end_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["start_latest", "end_earliest"], name="membership_certain_days_idx"),
        ),
        migrations.AddIndex(
            model_name="membership",
            index=models.Index(fields=["start_earliest", "end_latest"], name="membership_possible_days_idx"),
        ),
        migrations.AddConstraint(
            model_name="alliance",
            constraint=models.CheckConstraint(
                condition=models.Q(dissolved_latest__isnull=True)
                | models.Q(founded_earliest__isnull=True)
                | models.Q(dissolved_latest__gte=models.F("founded_earliest")),
                name="alliance_dissolved_not_before_founded",
                violation_error_message="An alliance cannot be dissolved before it was founded.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(start_earliest__lte=models.F("start_latest"))
                & models.Q(end_earliest__lte=models.F("end_latest")),
                name="membership_dates_in_order",
                violation_error_message="A date's earliest day cannot come after its latest.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(end_latest__gte=models.F("start_earliest")),
                name="membership_end_not_before_start",
                violation_error_message="A membership cannot end before it starts.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=models.Q(end="", end_reason="", end_earliest=FAR_FUTURE, end_latest=FAR_FUTURE)
                | ~models.Q(end=""),
                name="membership_end_fields_together",
                violation_error_message="An end reason needs an end date.",
            ),
        ),
        migrations.AddConstraint(
            model_name="membership",
            constraint=models.CheckConstraint(
                condition=~models.Q(start_latest=FAR_FUTURE),
                name="membership_start_has_latest_day",
                violation_error_message="A start needs its latest day: the day by which a source says it happened.",
            ),
        ),
        migrations.RunPython(exclusion_constraints_swap, drop_exclusion_constraints),
    ]
