"""Dates as intervals, 1 of 3: the new columns beside the old, empty (see _dates_as_intervals.py)."""

import django.db.models.deletion
from django.db import migrations, models

from ._dates_as_intervals import CONTINUES_HELP, both, day, drop_exclusion_constraints, old_exclusion_constraints, text


class Migration(migrations.Migration):
    dependencies = [("alliances", "0014_public_ids_unique")]

    operations = [
        migrations.RunPython(drop_exclusion_constraints, old_exclusion_constraints),
        migrations.RemoveConstraint(model_name="alliance", name="alliance_dissolved_not_before_founded"),
        migrations.RemoveConstraint(model_name="membership", name="membership_end_not_before_start"),
        migrations.RemoveConstraint(model_name="membership", name="membership_end_fields_together"),
        migrations.RemoveIndex(model_name="membership", name="membership_alliance_start_idx"),
        migrations.RemoveIndex(model_name="membership", name="membership_alliance_end_idx"),
        migrations.RemoveIndex(model_name="membership", name="membership_role_changed_idx"),
        migrations.RenameField(model_name="reportedsize", old_name="as_of", new_name="as_of_day"),
        migrations.RenameField(model_name="historicalreportedsize", old_name="as_of", new_name="as_of_day"),
        # The new columns, empty at first.
        *both("alliance", "founded", text("founded", "When the body was founded or adopted.", blank=True)),
        *both("alliance", "founded_earliest", day("founded: earliest day", null=True)),
        *both("alliance", "founded_latest", day("founded: latest day", null=True)),
        *both("alliance", "dissolved", text("dissolved", blank=True)),
        *both("alliance", "dissolved_earliest", day("dissolved: earliest day", null=True)),
        *both("alliance", "dissolved_latest", day("dissolved: latest day", null=True)),
        *both(
            "membership",
            "start",
            text("start", "When the member took up this role, as exactly as the sources say.", default=""),
        ),
        *both("membership", "start_earliest", day("start: earliest day", null=True)),
        *both("membership", "start_latest", day("start: latest day", null=True)),
        *both("membership", "end", text("end", "Leave empty while the membership lasts.", blank=True)),
        *both("membership", "end_earliest", day("end: earliest day", null=True)),
        *both("membership", "end_latest", day("end: latest day", null=True)),
        *both("reportedsize", "as_of", text("as of", "The day the size held, as the source gives it.", default="")),
        *both("reportedsize", "as_of_earliest", day("as of: earliest day", null=True)),
        *both("reportedsize", "as_of_latest", day("as of: latest day", null=True)),
        migrations.AddField(
            model_name="membership",
            name="continues",
            field=models.OneToOneField(
                blank=True,
                help_text=CONTINUES_HELP,
                null=True,
                on_delete=django.db.models.deletion.RESTRICT,
                related_name="continued_by",
                to="alliances.membership",
                verbose_name="continues",
            ),
        ),
        migrations.AddField(
            model_name="historicalmembership",
            name="continues",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                help_text=CONTINUES_HELP,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="alliances.membership",
                verbose_name="continues",
            ),
        ),
    ]
