"""The summit declarations and the companies' commitments of issue 19 (part 1), as the shipped register shows them."""

import datetime

import pytest

from alliances.models import Alliance, Membership, Organization, ReportedSize, Role

from .test_register import page_text

pytestmark = pytest.mark.django_db


def test_the_bletchley_declaration_lists_all_its_signatories_with_the_eu_as_an_organization(register, client):
    text = page_text(client.get("/alliances/bletchley-declaration/?as_of=2023-11-01"))

    assert "Signatories (29)" in text
    assert "Kenya the country itself signatory since 1 November 2023" in text
    assert "Not the whole list" not in text
    declaration = Alliance.objects.get(slug="bletchley-declaration")
    assert declaration.members_list_complete
    assert declaration.memberships.filter(organization__slug="european-union", role=Role.SIGNATORY).exists()
    assert not declaration.memberships.filter(country="EU").exists()
    assert declaration.memberships.filter(country__isnull=False).count() == 28


def test_the_bletchley_declaration_reports_28_countries_and_the_eu_on_its_first_day(register):
    sizes = ReportedSize.objects.filter(alliance__slug="bletchley-declaration")

    assert {(size.as_of, size.members, size.countries) for size in sizes} == {("2023-11-01", 29, 28)}


def test_the_seoul_declaration_is_backed_by_ten_countries_and_the_eu(register, client):
    text = page_text(client.get("/alliances/seoul-declaration/"))

    assert "Signatories (11)" in text
    assert "Singapore the country itself signatory since 21 May 2024" in text
    declaration = Alliance.objects.get(slug="seoul-declaration")
    assert declaration.members_list_complete
    assert set(declaration.memberships.exclude(country=None).values_list("country", flat=True)) == {
        "AU",
        "CA",
        "DE",
        "FR",
        "GB",
        "IT",
        "JP",
        "KR",
        "SG",
        "US",
    }


def test_the_seoul_ministerial_statement_lists_some_of_27_countries_and_the_eu_and_says_so(register, client):
    text = page_text(client.get("/alliances/seoul-ministerial-statement/"))

    assert "Signatories (7)" in text
    assert "Not the whole list" in text
    assert "28 signatories in 27 countries as of 22 May 2024" in text
    assert not Membership.objects.filter(alliance__slug="seoul-ministerial-statement", country="CN").exists()


def test_nvidia_joined_the_frontier_commitments_after_the_launch_and_by_april_2025(register, client):
    nvidia = Membership.objects.get(alliance__slug="frontier-ai-safety-commitments", organization__slug="nvidia")

    assert (nvidia.start_earliest, nvidia.start_latest) == (datetime.date(2024, 5, 22), datetime.date(2025, 4, 28))
    soon_after = page_text(client.get("/alliances/frontier-ai-safety-commitments/?as_of=2024-06-01"))
    assert "possibly: it became signatory between 22 May 2024 and 28 April 2025" in soon_after
    later = page_text(client.get("/alliances/frontier-ai-safety-commitments/?as_of=2025-06-01"))
    assert "Signatories (17)" in later
    assert "Reported: 20 signatories by 28 April 2025" in later


def test_a_company_in_two_bodies_is_one_organization(register, client):
    ibm = Organization.objects.get(slug="ibm")

    assert set(ibm.memberships.values_list("alliance__slug", flat=True)) == {
        "ai-elections-accord",
        "coalition-for-sustainable-ai",
        "frontier-ai-safety-commitments",
        "partnership-on-ai",
        "the-ai-alliance",
    }
    text = page_text(client.get("/organizations/ibm/"))
    assert "Frontier AI Safety Commitments — signatory, since 21 May 2024" in text
    assert Organization.objects.get(slug="zhipu-ai").country_id == "CN"
