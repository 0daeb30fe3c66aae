"""A slug is one address whatever its case: "Brics" cannot stand beside "brics", in the database or in a form."""

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from rest_framework.test import APIClient

from alliances.models import Alliance, Announcement, Organization

from .admin_forms import form_data
from .factories import AllianceFactory, AnnouncementFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

FACTORIES = {Alliance: AllianceFactory, Organization: OrganizationFactory, Announcement: AnnouncementFactory}


@pytest.mark.parametrize("model", [Alliance, Organization, Announcement])
def test_the_database_refuses_a_slug_that_differs_only_in_case(model):
    FACTORIES[model](slug="brics")
    with pytest.raises(IntegrityError), transaction.atomic():
        FACTORIES[model](slug="Brics")


@pytest.mark.parametrize("model", [Alliance, Organization, Announcement])
def test_validation_names_the_slug_and_the_one_that_has_it(model):
    FACTORIES[model](slug="brics")
    record = FACTORIES[model].build(slug="BRICS")
    with pytest.raises(ValidationError) as refused:
        record.full_clean()
    messages = refused.value.message_dict
    assert "__all__" not in messages
    assert messages["slug"] == [
        f"Another {model._meta.verbose_name} has this slug in another case (“brics”): "
        "a slug is one address whatever its case. Choose another."
    ]


def test_the_same_slug_exactly_is_refused_once_as_before():
    AllianceFactory(slug="brics")
    with pytest.raises(ValidationError) as refused:
        AllianceFactory.build(slug="brics").full_clean()
    assert refused.value.message_dict["slug"] == ["Alliance with this Slug already exists."]


def test_changing_the_case_of_a_records_own_slug_is_allowed():
    alliance = AllianceFactory(slug="brics")
    alliance.slug = "BRICS"
    alliance.full_clean()
    alliance.save()


def test_the_api_refuses_a_slug_in_another_case_naming_the_field(curator):
    from rest_framework.authtoken.models import Token

    AllianceFactory(slug="brics")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    body = {"slug": "Brics", "name": "Brics again", "kind": "bloc"}
    response = client.post("/api/v1/alliances/", body, format="json")
    assert response.status_code == 400
    assert "in another case (“brics”)" in response.json()["slug"][0]
    assert Alliance.objects.count() == 1


def test_the_admin_form_shows_the_clash_on_the_slug(curator_client):
    AllianceFactory(slug="brics")
    page = curator_client.get(reverse("admin:alliances_alliance_add"))
    data = form_data(page, slug="Brics", name="Brics again", kind="bloc", founded="2009")
    response = curator_client.post(reverse("admin:alliances_alliance_add"), data)
    assert response.status_code == 200
    assert "in another case (“brics”)" in str(response.context["adminform"].form.errors["slug"])


def test_the_organization_form_offers_a_free_slug_for_one_taken_in_another_case(curator_client):
    OrganizationFactory(slug="sber")
    page = curator_client.get(reverse("admin:alliances_organization_add"))
    data = form_data(page, slug="SBER", name="Sber", kind="company", country="RU")
    response = curator_client.post(reverse("admin:alliances_organization_add"), data)
    assert response.status_code == 200
    assert "“SBER-2” is free" in str(response.context["adminform"].form.errors["slug"])


def test_the_migration_stops_with_the_clashing_slugs_named_when_the_data_has_them(tmp_path):
    # A database from before the constraint, holding two slugs that differ only in case, is migrated.
    script = """
import importlib, pathlib, django
django.setup()
from django.core.management import call_command
folder = pathlib.Path("alliances/migrations")
ours = next(path.stem for path in folder.glob("*_slugs_unique_in_any_case.py"))
before = importlib.import_module(f"alliances.migrations.{ours}").Migration.dependencies[0][1]
call_command("migrate", "alliances", before, verbosity=0)
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
state = MigrationExecutor(connection).loader.project_state(("alliances", before))
Alliance = state.apps.get_model("alliances", "Alliance")
Alliance.objects.create(slug="brics", name="BRICS", kind="bloc")
Alliance.objects.create(slug="Brics", name="Brics", kind="bloc")
call_command("migrate", verbosity=0)
"""
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'old.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "Slugs that differ only in case" in result.stderr
    assert "alliances: Brics, brics" in result.stderr
