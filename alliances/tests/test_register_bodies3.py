"""The summit declarations of issue 19 (part 3), read on the pages of the shipped register.

The Paris AI Action Summit statement, the REAIM Call to Action, Blueprint for Action and A Coruña
declaration, the New Delhi Declaration on AI Impact: each lists only the participants its sources
name, says the list is not the whole, and shows the totals its sources report.
"""

import pytest

from alliances.models import Alliance, Membership, Organization, Role, Status

from .conftest import table_rows
from .test_pages_truthful import page, section, visible

pytestmark = pytest.mark.django_db


def members_text(client, path):
    return visible(section(page(client, path), "members-heading", "map-heading"))


def test_the_new_delhi_declaration_lists_its_endorsers_as_incomplete_with_the_latest_reported_total(register, client):
    html = page(client, "/alliances/new-delhi-declaration/")
    members = visible(section(html, "members-heading", "map-heading"))
    assert "Not the whole list." in members
    assert "Reported: 91 endorsers as of 24 February 2026" in members
    assert "Endorsers (27)" in members
    rows = table_rows(html)
    # Named only in a sentence whose verb the stored copy cuts off ("... and IFAD are al"): drafts, not shown.
    assert "Finland" not in rows
    assert Membership.objects.get(alliance__slug="new-delhi-declaration", country="FI").status == Status.DRAFT
    assert rows["Bhutan"][1] == "endorser"
    assert rows["Bhutan"][2].startswith("by 21 February 2026")
    assert rows["Bangladesh"][2].startswith("between 22 and 24 February 2026")  # joined after the adoption
    assert rows["International Fund for Agricultural Development"][0] == "endorser"


def test_the_new_delhi_declaration_keeps_both_counts_of_its_adoption_day(register):
    sizes = {
        (size.as_of, size.members, size.countries, size.source.slug)
        for size in Alliance.objects.get(slug="new-delhi-declaration").reported_sizes.all()
    }
    assert ("2026-02-21", 88, 86, "ndd-deccanchronicle-86-and-2-2026-02-21") in sizes
    assert ("2026-02-24", 91, None, "ndd-thehawk-ians-91-2026-02-24") in sizes
    assert not Alliance.objects.get(slug="new-delhi-declaration").members_list_complete


def test_the_paris_statement_has_the_eu_and_the_african_union_commission_and_not_the_us_or_the_uk(register, client):
    statement = Alliance.objects.get(slug="paris-ai-action-statement")
    assert statement.principal_role == Role.SIGNATORY
    signatories = statement.memberships.all()
    organizations = set(signatories.values_list("organization__slug", flat=True))
    assert {"european-union", "african-union-commission"} <= organizations
    assert Organization.objects.get(slug="african-union-commission").country is None
    assert not signatories.filter(country__in=["US", "GB"]).exists()
    html = page(client, "/alliances/paris-ai-action-statement/")
    assert table_rows(html)["Japan"][2].startswith("between 11 and 12 February 2025")
    members = visible(section(html, "members-heading", "map-heading"))
    assert "Not the whole list." in members
    # Two sources of 12 February 2025 give 58 and 61 countries: the page shows the larger, that day's later count.
    assert "Reported: 61 countries by 12 February 2025" in members


def test_the_paris_statement_keeps_the_58_and_the_61_that_sources_report(register):
    sizes = {
        (size.as_of, size.countries)
        for size in Alliance.objects.get(slug="paris-ai-action-statement").reported_sizes.all()
    }
    assert sizes == {("2025-02-11", 58), ("../2025-02-12", 58), ("../2025-02-12", 61)}


def test_china_endorsed_the_reaim_call_to_action_but_not_the_blueprint(register, client):
    on_the_day = members_text(client, "/alliances/reaim-call-to-action/?as_of=2023-02-16")
    # Japan's foreign ministry: 60 had expressed support as of 16 February 2023 (only its first 15 names read).
    assert "20 endorsers listed of 60 reported (by 16 February 2023)" in on_the_day
    assert "China endorser since 16 February 2023" in on_the_day
    assert "Canada endorser by 16 February 2023" in on_the_day
    assert "El Salvador endorser by 16 February 2023" in on_the_day
    # "all permanent members of the United Nations Security Council, except Russia" (Just Security), the
    # permanent members as Article 23 of the Charter names them (the UN library).
    assert "France endorser between 15 and 16 February 2023" in on_the_day
    group = "all permanent members of the United Nations Security Council, except Russia"
    assert f"endorser as one of {group}" in on_the_day
    assert not Membership.objects.filter(alliance__slug="reaim-call-to-action", country="RU").exists()
    assert Membership.objects.filter(alliance__slug="reaim-call-to-action", country="CN").exists()
    assert not Membership.objects.filter(alliance__slug="reaim-blueprint-for-action", country="CN").exists()
    blueprint = members_text(client, "/alliances/reaim-blueprint-for-action/")
    assert "Not the whole list." in blueprint
    assert "5 endorsers listed" in blueprint
    assert "Germany" not in blueprint  # only an aggregator named it
    assert "Ukraine endorser since 10 September 2024" in blueprint
    assert "Singapore endorser by 10 September 2024" in blueprint  # its own speech at the summit
    assert "Japan endorser by 12 September 2024" in blueprint  # its foreign ministry


def test_the_a_coruna_declaration_lists_all_35_that_had_signed_on_its_day(register, client):
    declaration = Alliance.objects.get(slug="reaim-a-coruna-declaration")
    assert declaration.memberships.filter(role=Role.SIGNATORY, start="2026-02-05").count() == 35
    assert not declaration.memberships.filter(country__in=["US", "CN"]).exists()
    members = members_text(client, "/alliances/reaim-a-coruna-declaration/")
    assert "Signatories (35)" in members
    assert "Reported: 35 countries as of 5 February 2026" in members
