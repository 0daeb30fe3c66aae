"""Three company groupings of issue 19, read on the pages of the shipped register.

The Tech Accord to Combat Deceptive Use of AI in 2024 Elections: the 20 companies that signed at the
Munich Security Conference on 16 February 2024, as two reports list them, with the total that three
sources give. The Frontier Model Forum: its four founding members of 26 July 2023; Amazon and Meta,
whose joining no source read dates, are not listed. The Partnership on AI: its five founding companies
of September 2016, Apple, a founding member since 27 January 2017, and the partners its own announcements
(and the Alan Turing Institute's) welcomed from 2017 to 2020.
"""

import pytest

from alliances.models import Alliance, Membership, Organization, Role

from .test_pages_truthful import page, section, visible

pytestmark = pytest.mark.django_db


def members_text(client, path):
    return visible(section(page(client, path), "members-heading", "map-heading"))


def test_the_elections_accord_lists_its_twenty_signatories_of_the_munich_launch(register, client):
    members = members_text(client, "/alliances/ai-elections-accord/")
    assert "Signatories (20)" in members
    assert "Not the whole list." in members  # the accord stayed open to others
    assert "Reported: 20 signatories as of 16 February 2024" in members
    for name in ("Nota", "ElevenLabs", "Truepic", "TrendMicro", "McAfee", "X", "Stability AI", "Anthropic"):
        assert f"{name} signatory since 16 February 2024" in members, name
    accord = Alliance.objects.get(slug="ai-elections-accord")
    assert accord.principal_role == Role.SIGNATORY
    assert set(accord.memberships.values_list("start", flat=True)) == {"2024-02-16"}
    assert not accord.memberships.filter(country__isnull=False).exists()


def test_the_elections_accord_keeps_the_three_reports_of_twenty(register):
    sizes = {
        (size.as_of, size.members, size.source.publisher)
        for size in Alliance.objects.get(slug="ai-elections-accord").reported_sizes.all()
    }
    assert sizes == {
        ("2024-02-16", 20, "POLITICO Europe"),
        ("2024-02-16", 20, "Accountable Tech"),
        ("2024-02-16", 20, "The Daily Star"),
    }


def test_the_frontier_model_forum_has_its_four_founders_and_not_the_undated_joiners(register, client):
    members = members_text(client, "/alliances/frontier-model-forum/")
    assert "Members (4)" in members
    assert "Reported: 4 members by 27 July 2023" in members
    for name in ("Anthropic", "Google", "Microsoft", "OpenAI"):
        assert f"{name} founding member since 26 July 2023" in members, name
    forum = Membership.objects.filter(alliance__slug="frontier-model-forum")
    assert set(forum.values_list("role", flat=True)) == {Role.FOUNDING_MEMBER}
    assert not forum.filter(organization__slug__in=["amazon", "meta"]).exists()


def test_a_company_of_several_bodies_is_one_shared_organization(register):
    openai = Organization.objects.get(slug="openai")
    assert set(openai.memberships.values_list("alliance__slug", flat=True)) == {
        "ai-elections-accord",
        "frontier-ai-safety-commitments",
        "frontier-model-forum",
    }
    assert set(Organization.objects.get(slug="stability-ai").memberships.values_list("alliance__slug", flat=True)) == {
        "ai-elections-accord",
        "the-ai-alliance",
    }


def test_the_partnership_on_ai_has_five_founders_of_2016_and_apple_of_2017(register, client):
    members = members_text(client, "/alliances/partnership-on-ai/")
    assert "Members (56)" in members
    assert "Reported: 100 members as of 24 September 2019" in members
    assert "Apple founding member since 27 January 2017" in members
    for name in ("Amazon", "Google", "IBM", "Meta", "Microsoft"):
        assert f"{name} founding member since September 2016" in members, name
    assert Organization.objects.get(slug="meta").other_names.filter(name="Facebook").exists()


def test_the_partnership_on_ai_lists_the_partners_its_own_announcements_welcomed(register, client):
    members = members_text(client, "/alliances/partnership-on-ai/")
    for name in ("eBay", "Sony Group", "UNICEF", "Electronic Frontier Foundation", "XPRIZE Foundation"):
        assert f"{name} member since 16 May 2017" in members, name  # PAI's page, dated by SiliconANGLE and Axios
    assert "ACLU member by 16 May 2017" in members  # "already involved as a partner" (Axios)
    assert "Wikimedia Foundation member since 1 August 2018" in members
    assert "Samsung Electronics member since November 2018" in members
    assert "The Alan Turing Institute member since 12 May 2020" in members
    wadhwani = Membership.objects.get(alliance__slug="partnership-on-ai", organization__slug="wadhwani-ai")
    assert wadhwani.organization.country_id == "IN"
    assert wadhwani.citations.get().group == "three other new international members"
