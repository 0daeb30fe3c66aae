"""Dates as intervals, 2 of 3: every stored date carried over, role continuations linked (_dates_as_intervals.py)."""

from django.db import migrations

from ._dates_as_intervals import to_intervals


class Migration(migrations.Migration):
    dependencies = [("alliances", "0015_dates_as_intervals")]

    operations = [migrations.RunPython(to_intervals, migrations.RunPython.noop)]
