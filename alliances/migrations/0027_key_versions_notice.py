"""On PostgreSQL every change to the key versions sends a notice on the channel `key_versions` at its commit.

A process that holds the versions of shared answers listens on it and drops what it holds at each
notice (alliances/caching/versions.py, README "Held versions"). A trigger, not the app's code, sends
it: a write, a bulk load, a flush of the tables or a change by hand are all heard. SQLite has no
notices, and nothing is held there.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION alliances_key_versions_notice() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('key_versions', '');
    RETURN NULL;
END $$;
CREATE TRIGGER key_versions_notice AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON alliances_keyversion
    FOR EACH STATEMENT EXECUTE FUNCTION alliances_key_versions_notice();
"""
DROP = """
DROP TRIGGER key_versions_notice ON alliances_keyversion;
DROP FUNCTION alliances_key_versions_notice();
"""


def on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [("alliances", "0026_membership_alliance_ended_index")]

    operations = [migrations.RunPython(on_postgresql(CREATE), on_postgresql(DROP))]
