"""Each membership, citation, reported size and ranking gets its own public identifier; each history version its
record's. A body's principal role follows its kind (adherents of an instrument, signatories of a treaty)."""

import uuid

from django.db import migrations

PRINCIPAL_ROLE_BY_KIND = {"instrument": "adherent", "treaty": "signatory"}


def give_identifiers(apps, schema_editor):
    for name in ("Membership", "MembershipSource", "Ranking", "ReportedSize"):
        model = apps.get_model("alliances", name)
        history = apps.get_model("alliances", f"Historical{name}")
        given = {}
        for pk in model.objects.values_list("pk", flat=True):
            given[pk] = uuid.uuid4()
            model.objects.filter(pk=pk).update(uid=given[pk])
        for version_pk, record_pk in history.objects.values_list("pk", "id"):
            history.objects.filter(pk=version_pk).update(uid=given.get(record_pk) or uuid.uuid4())
    alliance = apps.get_model("alliances", "Alliance")
    for kind, role in PRINCIPAL_ROLE_BY_KIND.items():
        alliance.objects.filter(kind=kind).update(principal_role=role)


class Migration(migrations.Migration):
    dependencies = [("alliances", "0012_public_ids_principal_role_new_roles")]

    operations = [migrations.RunPython(give_identifiers, migrations.RunPython.noop)]
