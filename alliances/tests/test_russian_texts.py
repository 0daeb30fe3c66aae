"""Every published record that has an English text the site shows has its Russian too, as full as the English.

A /ru/ page shows the English text, marked as English, where no Russian is given: a reader of
Russian then meets whole bodies and descriptions in English. The rule: a body's name and
description, an organisation's description, and an organisation's name where it is the
register's own words ("National AI association of Brazil (name not given in the source)");
an organisation named by its sources (IBM, Hugging Face) may keep that name. Sources keep their
own titles, in their own language.
"""

import pytest

from alliances.models import Alliance, Organization

from .factories import AllianceFactory, OrganizationFactory

# An organisation's name that the register wrote, because no source gave one.
REGISTERS_OWN_NAME = "(name not given in the source)"


def english_without_russian():
    """["<model> <slug>: <field>"] of the records the public sees whose English text has no Russian."""
    missing = []
    for alliance in Alliance.objects.published():
        missing += [
            f"alliance {alliance.slug}: {field}" for field in ("name", "description") if _lacks(alliance, field)
        ]
    for organization in Organization.objects.all():
        fields = ["description"]
        if REGISTERS_OWN_NAME in organization.name_en:
            fields.append("name")
        missing += [f"organization {organization.slug}: {field}" for field in fields if _lacks(organization, field)]
    return missing


def _lacks(record, field):
    return bool(getattr(record, f"{field}_en").strip()) and not getattr(record, f"{field}_ru").strip()


@pytest.mark.django_db
def test_a_record_lacking_the_russian_of_its_english_is_named():
    AllianceFactory(slug="network", name="Network", name_ru="Сеть", description="A network.")
    AllianceFactory(slug="drafted", name="Drafted", description="Not yet public.", status="draft")
    OrganizationFactory(slug="placeholder", name=f"National association {REGISTERS_OWN_NAME}", description="")
    OrganizationFactory(slug="ibm", name="IBM", description="")
    assert english_without_russian() == ["alliance network: description", "organization placeholder: name"]


@pytest.mark.django_db  # ordered with the database tests, before any transactional test empties the countries
def test_every_published_record_of_the_shipped_register_has_its_russian(register):
    assert english_without_russian() == []
