"""The Curators group with the permissions that alliances/roles.py describes.

A later change to roles.CURATOR_PERMISSIONS (or a new model curators should edit) needs a new
migration that calls curators_group_sync again; this one has already run everywhere.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from alliances.roles import CURATORS, curators_group_sync


def create_curators_group(apps, schema_editor):
    # Permissions are normally created after the whole migrate run; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    curators_group_sync(
        group_model=apps.get_model("auth", "Group"), permission_model=apps.get_model("auth", "Permission")
    )


def remove_curators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=CURATORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("alliances", "0003_membership_no_overlap_on_postgresql"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_curators_group, remove_curators_group)]
