"""Every ISO 3166-1 country, from django-countries' maintained list."""

from django.db import migrations


def add_countries(apps, schema_editor):
    from django.utils import translation
    from django_countries import countries

    Country = apps.get_model("alliances", "Country")
    with translation.override("en"):
        existing = set(Country.objects.values_list("code", flat=True))
        Country.objects.bulk_create(
            Country(code=code, name=str(name)) for code, name in countries if code not in existing
        )


class Migration(migrations.Migration):
    dependencies = [("alliances", "0001_initial")]

    operations = [migrations.RunPython(add_countries, migrations.RunPython.noop)]
