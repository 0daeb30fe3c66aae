"""The Hiroshima AI Process Friends Group and GPAI completed from their sources (issue 19, part 5).

What a reader sees: the Friends Group's members a dated report names, with the day it names them, beside
the reported totals; GPAI's 2021 enlargement dated by the Slovenian government's news of its admission.
"""

import datetime

import pytest

from alliances.models import Alliance, Membership

from .conftest import table_rows
from .test_pages_truthful import page, section, visible

pytestmark = pytest.mark.django_db

FRIENDS = "/alliances/hiroshima-friends-group/"
GPAI = "/alliances/gpai/"


def members_text(html):
    return visible(section(html, "members-heading", "map-heading"))


def test_the_friends_group_names_australia_and_singapore_by_the_day_of_its_first_meeting(register, client):
    html = page(client, FRIENDS)
    members = members_text(html)
    assert "Not the whole list." in members
    assert "Members (13)" in members
    rows = table_rows(html)
    for name in ("Australia", "Singapore"):
        assert rows[name][0] == "member"
        assert rows[name][1].startswith("by 27 February 2025")
    assert rows["United Arab Emirates"][1].startswith("by 7 May 2024")  # the rows of before are kept as they were


def test_the_friends_groups_new_members_cite_jiji_at_its_own_address(register):
    for code in ("AU", "SG"):
        membership = Membership.objects.get(alliance__slug="hiroshima-friends-group", country=code)
        (citation,) = membership.citations.all()
        assert citation.announcement.source_url == "https://www.jiji.com/jc/article?k=2025022700638"
        assert citation.announcement.published_date == datetime.date(2025, 2, 27)
        assert "韓国やオーストラリア、シンガポールなどが参加している" in citation.quotation
    assert not Alliance.objects.get(slug="hiroshima-friends-group").members_list_complete
    # France, Germany and Italy: Jiji names them only as "the G7"; its report of 19 February 2026 lists the seven.
    for code in ("FR", "DE", "IT"):
        membership = Membership.objects.get(alliance__slug="hiroshima-friends-group", country=code)
        (citation,) = membership.citations.all()
        assert (membership.start, citation.group, citation.group_source.slug) == (
            "../2025-02-27",
            "G7",
            "hapfg-nippon-jiji-g7-2026-02-19",
        )
        assert citation.group_quotation in citation.group_source.quotation


def test_gpais_2021_enlargement_was_admitted_by_11_november_2021(register, client):
    html = page(client, GPAI)
    rows = table_rows(html)
    for name in ("Israel", "Sweden", "Belgium", "Czechia"):
        assert rows[name][1] == "member", name
        assert rows[name][2].startswith("between 5 December 2020 and 11 November 2021"), name
    for name in ("Denmark", "Ireland"):
        assert rows[name][2].startswith("between 1 and 11 November 2021"), name
    sizes = {
        (size.as_of, size.members, size.source.slug) for size in Alliance.objects.get(slug="gpai").reported_sizes.all()
    }
    assert ("2023-12-13", 29, "gpai-business-standard-new-delhi-declaration-2023") in sizes


def test_on_10_november_2021_the_enlargement_is_only_possibly_in(register, client):
    answer = client.get("/api/v1/alliances/gpai/members/", {"as_of": "2021-11-10", "page_size": 200}).json()
    certainty = {member["member"].get("code"): member["certainty"] for member in answer["results"]}
    assert certainty["IL"] == certainty["DK"] == "possible"
    assert certainty["PL"] == "certain"
    later = client.get("/api/v1/alliances/gpai/members/", {"as_of": "2021-11-11", "page_size": 200}).json()
    assert {member["member"].get("code"): member["certainty"] for member in later["results"]}["IL"] == "certain"
