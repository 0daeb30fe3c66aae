"""On PostgreSQL the database itself refuses overlapping memberships of one member in one alliance.

Validation refuses them on every database; these exclusion constraints close the gap
when two curators save at the same moment. SQLite has no exclusion constraints, so
nothing is done there.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

MEMBER_COLUMNS = {"organization": "organization_id", "country": "country_id"}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for member, column in MEMBER_COLUMNS.items():
        schema_editor.execute(
            f"ALTER TABLE alliances_membership ADD CONSTRAINT membership_no_overlap_{member} "
            f"EXCLUDE USING gist (alliance_id WITH =, {column} WITH =, "
            f"daterange(start_date, end_date, '[)') WITH &&) WHERE ({column} IS NOT NULL)"
        )


def remove_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for member in MEMBER_COLUMNS:
        schema_editor.execute(f"ALTER TABLE alliances_membership DROP CONSTRAINT membership_no_overlap_{member}")


class Migration(migrations.Migration):
    dependencies = [("alliances", "0002_countries")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_constraints, remove_constraints),
    ]
