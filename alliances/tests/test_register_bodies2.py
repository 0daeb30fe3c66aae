"""The register's declaration on military AI and the UN General Assembly's first AI resolution (issue 19).

What a reader sees of them: the endorsers and co-sponsors a source names, from the day it names them,
and the totals the sources report beside the shorter lists.
"""

import datetime

import pytest

from alliances.models import Alliance, Membership, ReportedSize, Role

from .test_register import page_text

pytestmark = pytest.mark.django_db

DECLARATION = "/alliances/military-ai-declaration/"
RESOLUTION = "/alliances/unga-resolution-78-265/"


def members_on(client, slug, day):
    """{country code or organization slug: certainty} of a body's members on a day, as the API answers."""
    answer = client.get(f"/api/v1/alliances/{slug}/members/", {"as_of": day, "page_size": 200}).json()
    return {
        member["member"].get("code") or member["member"].get("slug"): member["certainty"]
        for member in answer["results"]
    }


def test_the_declaration_page_names_its_endorsers_and_the_size_reported_at_the_first_plenary(register, client):
    text = page_text(client.get(DECLARATION))
    assert "Endorsers (46)" in text
    assert "Liberia endorser by 1 November 2023" in text
    assert "Morocco endorser by 7 November 2023" in text
    assert "Reported: 54 members by 20 March 2024" in text
    assert "Not the whole list" in text


def test_the_whole_list_of_13_november_2023_is_the_declaration_on_that_day_without_kosovo(register, client):
    on_the_day = members_on(client, "military-ai-declaration", "2023-11-13")
    assert len(on_the_day) == 45  # 46 endorsing States; Kosovo has no ISO 3166-1 code
    assert set(on_the_day.values()) == {"certain"}
    assert {"US", "MA", "KR", "TR", "GB"} <= set(on_the_day)
    assert "DO" not in on_the_day
    assert ReportedSize.objects.get(alliance__slug="military-ai-declaration", as_of="2023-11-13").members == 46


def test_a_state_missing_from_the_whole_list_joined_after_it(register, client):
    dominican_republic = Membership.objects.get(alliance__slug="military-ai-declaration", country="DO")
    assert dominican_republic.start == "2023-11-14/2024-03-26"
    assert members_on(client, "military-ai-declaration", "2024-01-10")["DO"] == "possible"
    assert members_on(client, "military-ai-declaration", "2024-03-26")["DO"] == "certain"
    assert "Dominican Republic endorser between 14 November 2023 and 26 March 2024" in page_text(
        client.get(DECLARATION)
    )


def test_a_state_named_before_the_list_counts_from_the_earlier_source(register, client):
    on_the_first = members_on(client, "military-ai-declaration", "2023-11-01")
    assert on_the_first["JP"] == "certain"
    assert on_the_first["AL"] == "possible"  # by 13 November: possibly, not certainly, a fortnight before


def test_the_resolution_page_names_its_co_sponsors_the_eu_and_the_reported_123(register, client):
    text = page_text(client.get(RESOLUTION))
    assert "Co-sponsors (57)" in text
    assert "Uzbekistan the country itself co-sponsor by 14 March 2024" in text
    assert "European Union" in text
    assert "Reported: 123 members" in text
    assert "as of 21 March 2024" in text


def test_co_sponsors_start_on_the_day_a_source_lists_them(register, client):
    before_adoption = members_on(client, "unga-resolution-78-265", "2024-03-14")
    assert before_adoption["AR"] == before_adoption["european-union"] == "certain"
    assert "CN" not in before_adoption  # named only by the adoption of 21 March, the body's own date
    on_adoption = members_on(client, "unga-resolution-78-265", "2024-03-21")
    assert on_adoption["CN"] == on_adoption["VN"] == "certain"
    china = Membership.objects.get(alliance__slug="unga-resolution-78-265", country="CN")
    assert china.start_latest == datetime.date(2024, 3, 21)


def test_both_bodies_count_their_principal_role_and_keep_their_lists_open(register):
    declaration = Alliance.objects.get(slug="military-ai-declaration")
    resolution = Alliance.objects.get(slug="unga-resolution-78-265")
    assert (declaration.principal_role, resolution.principal_role) == (Role.ENDORSER, Role.CO_SPONSOR)
    assert not declaration.members_list_complete
    assert not resolution.members_list_complete
    assert set(ReportedSize.objects.filter(alliance=resolution).values_list("members", flat=True)) == {123}
