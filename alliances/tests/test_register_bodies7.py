"""Members named as one of a group, added from their sources (December 2026).

The Paris AI Action Summit statement: "los 27 Estados de la Unión Europea" that CMM names among its
signatories, each named by Eurostat's glossary of the EU's members, and Spain, Chile, the Holy See and
Switzerland named by themselves. GPAI: the "OECD Members" that the OECD's release of 3 July 2024 says the
integrated partnership brings together, each named by a list of the OECD's members.
"""

import pytest

from alliances.models import Alliance, Membership, MembershipSource

from .conftest import table_rows
from .test_pages_truthful import page, section, visible

pytestmark = pytest.mark.django_db

PARIS = "paris-ai-action-statement"
EU_STATES = {
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
}  # fmt: skip
OECD_MEMBERS_NEW_TO_GPAI = {
    "AT", "CH", "CL", "CO", "CR", "EE", "FI", "GR", "HU", "IS", "LT", "LU", "LV", "NO", "PT", "SK",
}  # fmt: skip


def test_the_paris_statement_has_the_27_eu_states_chile_the_holy_see_and_switzerland(register, client):
    signatories = Membership.objects.filter(alliance__slug=PARIS)
    countries = set(signatories.exclude(country=None).values_list("country", flat=True))
    assert EU_STATES | {"CL", "VA", "CH"} <= countries
    assert signatories.count() == 38
    assert set(signatories.values_list("start", flat=True)) == {"2025-02-11", "2025-02-11/2025-02-12"}
    html = page(client, f"/alliances/{PARIS}/")
    members = visible(section(html, "members-heading", "map-heading"))
    assert "Not the whole list." in members
    rows = table_rows(html)
    assert rows["Austria"][2].startswith("since 11 February 2025")
    assert "as one of los 27 Estados de la Unión Europea, its members listed by" in rows["Austria"][2]
    assert "the EU added three Member States: Austria, Finland and Sweden." in rows["Austria"][2]


def test_each_eu_state_rests_on_cmm_and_eurostats_list_of_the_members(register):
    grouped = MembershipSource.objects.filter(membership__alliance__slug=PARIS).exclude(group="")
    assert {c.membership.country_id for c in grouped} == EU_STATES - {"ES"}  # Spain is named by itself
    assert {c.group for c in grouped} == {"los 27 Estados de la Unión Europea"}
    assert {c.announcement.slug for c in grouped} == {"paris-cmmedia-eu27-chile-holy-see-2025-02"}
    assert {c.group_source.slug for c in grouped} == {"eu-member-states-eurostat-glossary"}
    for c in grouped:
        assert c.group_quotation in c.group_source.quotation
    assert "los 27 Estados de la Unión Europea" in grouped.first().quotation
    spain = MembershipSource.objects.get(membership__alliance__slug=PARIS, membership__country="ES")
    assert "firmado también por España" in spain.quotation
    switzerland = MembershipSource.objects.get(membership__alliance__slug=PARIS, membership__country="CH")
    assert switzerland.announcement.source_url.startswith("https://www.persoenlich.com/")
    assert not Membership.objects.filter(alliance__slug=PARIS, country__in=["US", "GB"]).exists()


def test_gpais_integrated_partnership_brings_in_the_oecd_members_44_countries_on_3_july_2024(register, client):
    joined = Membership.objects.filter(alliance__slug="gpai", start="2024-07-03")
    assert set(joined.values_list("country", flat=True)) == OECD_MEMBERS_NEW_TO_GPAI
    grouped = MembershipSource.objects.filter(membership__in=joined)
    assert {c.group for c in grouped} == {"OECD Members"}
    assert {c.announcement.slug for c in grouped} == {"gpai-oecd-integration-2024"}
    assert {c.group_source.slug for c in grouped} == {
        "oecd-members-dfat-2013",
        "oecd-members-latvia-hu-2016",
        "oecd-members-lithuania-oecd-2018",
        "oecd-members-costa-rica-oecd-2021",
    }
    for c in grouped:
        assert c.group_quotation in c.group_source.quotation
    answer = client.get("/api/v1/alliances/gpai/members/", {"as_of": "2024-07-03", "page_size": 200}).json()
    members = {m["member"].get("code") for m in answer["results"] if m["role"] in ("member", "founding_member")}
    assert len(members - {None}) == 44  # the release's total: the EU is counted apart
    assert not Alliance.objects.get(slug="gpai").members_list_complete
