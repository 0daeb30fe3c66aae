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
    assert "Endorsers (16)" in text
    assert "Liberia endorser by 1 November 2023" in text
    assert "Morocco endorser by 7 November 2023" in text
    assert "Ukraine endorser since 2023" in text  # "signed last year" (Censor.NET, 23 March 2024)
    assert "Reported: 54 endorsers by 20 March 2024" in text
    assert "Not the whole list" in text


def test_on_13_november_2023_the_declaration_counts_46_and_lists_the_states_a_source_names_by_then(register, client):
    on_the_day = members_on(client, "military-ai-declaration", "2023-11-13")
    certain = {code for code, certainty in on_the_day.items() if certainty == "certain"}
    assert certain == {"US", "KR", "DK", "GB", "JP", "LR", "MA", "ES", "DE", "BE", "PT"}
    assert on_the_day["AU"] == "possible"  # named only by CNAS, by 26 March 2024
    assert ReportedSize.objects.get(alliance__slug="military-ai-declaration", as_of="2023-11-13").members == 46
    # The list of 13 November 2023 was read only on a site that is not cited (Morocco Latest News): none rests on it.
    assert not Membership.objects.filter(alliance__slug="military-ai-declaration", country="AL").exists()


def test_a_state_named_only_in_march_2024_is_an_endorser_by_that_day(register, client):
    dominican_republic = Membership.objects.get(alliance__slug="military-ai-declaration", country="DO")
    assert dominican_republic.start == "../2024-03-26"
    assert members_on(client, "military-ai-declaration", "2024-01-10")["DO"] == "possible"
    assert members_on(client, "military-ai-declaration", "2024-03-26")["DO"] == "certain"
    assert "Dominican Republic endorser by 26 March 2024" in page_text(client.get(DECLARATION))


def test_a_state_named_before_another_counts_from_the_earlier_source(register, client):
    on_the_first = members_on(client, "military-ai-declaration", "2023-11-01")
    assert on_the_first["JP"] == "certain"
    assert on_the_first["ES"] == "possible"  # by 7 November: possibly, not certainly, a week before


def test_the_resolution_page_names_its_co_sponsors_and_the_reported_123(register, client):
    text = page_text(client.get(RESOLUTION))
    assert "Co-sponsors (6)" in text
    assert "Japan co-sponsor by 21 March 2024" in text
    assert "Reported: 123 co-sponsors" in text
    assert "as of 21 March 2024" in text


def test_co_sponsors_are_listed_by_the_adoption_day_that_sources_report(register, client):
    before_adoption = members_on(client, "unga-resolution-78-265", "2024-03-14")
    assert before_adoption == {}  # the body dates from the adoption, and no cited source dates a co-sponsorship earlier
    on_adoption = members_on(client, "unga-resolution-78-265", "2024-03-21")
    assert set(on_adoption) == {"US", "MA", "JP", "IN", "CN", "VN"}
    assert set(on_adoption.values()) == {"certain"}
    china = Membership.objects.get(alliance__slug="unga-resolution-78-265", country="CN")
    assert china.start_latest == datetime.date(2024, 3, 21)
    # The joint statement of 14 March 2024 was read only on a reprint site, which is not cited.
    assert not Membership.objects.filter(
        alliance__slug="unga-resolution-78-265", organization__slug="european-union"
    ).exists()


def test_both_bodies_count_their_principal_role_and_keep_their_lists_open(register):
    declaration = Alliance.objects.get(slug="military-ai-declaration")
    resolution = Alliance.objects.get(slug="unga-resolution-78-265")
    assert (declaration.principal_role, resolution.principal_role) == (Role.ENDORSER, Role.CO_SPONSOR)
    assert not declaration.members_list_complete
    assert not resolution.members_list_complete
    assert set(ReportedSize.objects.filter(alliance=resolution).values_list("members", flat=True)) == {123}
