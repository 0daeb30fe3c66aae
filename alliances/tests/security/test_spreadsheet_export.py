"""The admin's export writes formula-like text as text, and its import reads it back as typed."""

import csv
import io

import pytest
from django.urls import reverse

from alliances.models import Organization

from ..factories import AnnouncementFactory, MembershipFactory, OrganizationFactory
from ..test_import_export import assert_export_imports_unchanged

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("https://evil.example","click")'


@pytest.fixture
def formulas():
    organization = OrganizationFactory(slug="formula", name=FORMULA, description="@SUM(A1)", website="")
    source = AnnouncementFactory(slug="formula-news", title="+1+1", summary="-2+3", publisher=FORMULA)
    MembershipFactory(organization=organization, sources=[source], notes="=1+1")
    return organization


def test_the_admin_csv_export_writes_formulas_as_text(superuser_client, formulas):
    fields = {f"organizationresource_{name}": "on" for name in ["slug", "name", "description"]}
    response = superuser_client.post(
        reverse("admin:alliances_organization_export"), {"format": 0, "resource": 0, **fields}
    )
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["name"] == "'" + FORMULA
    assert row["description"] == "'@SUM(A1)"
    assert row["slug"] == "formula"


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_with_formulas_imports_back_unchanged(formulas, file_format):
    assert_export_imports_unchanged(file_format)
    assert Organization.objects.get(slug="formula").name == FORMULA
