"""Contract tests: each endpoint's status, keys and embedded objects, in DESIGN.md's shape."""

import datetime

import pytest

from alliances.dates import DatePrecision
from alliances.models import EndReason, Role

from ..factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    country,
)

pytestmark = pytest.mark.django_db

MEMBERSHIP_KEYS = {
    "id",
    "uid",
    "start_bound",
    "end_bound",
    "certainty",
    "disputed",
    "alliance",
    "member_type",
    "member",
    "role",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "end_reason",
    "sources",
    "updated_at",
    "start",
    "start_earliest",
    "start_latest",
    "end",
    "end_earliest",
    "end_latest",
    "continues",
}


@pytest.fixture
def brics_indonesia():
    brics = AllianceFactory(slug="brics", name="BRICS", kind="bloc")
    source = AnnouncementFactory(
        title="Indonesia joins BRICS", source_url="https://example.org/id", date=datetime.date(2025, 1, 6)
    )
    return MembershipFactory(
        alliance=brics,
        organization=None,
        country=country("ID"),
        start_date=datetime.date(2025, 1, 6),
        sources=[source],
    )


def test_a_country_membership_embeds_alliance_member_and_sources(api, brics_indonesia):
    response = api.get("/api/v1/memberships/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 1
    (row,) = body["results"]
    assert set(row) == MEMBERSHIP_KEYS
    assert row["id"] == brics_indonesia.pk
    assert row["alliance"] == {"slug": "brics", "name": "BRICS"}
    assert row["member_type"] == "country"
    assert row["member"] == {"code": "ID", "name": "Indonesia"}
    assert row["role"] == "member"
    assert (row["start_date"], row["start_precision"]) == ("2025-01-06", "day")
    assert (row["start"], row["start_earliest"], row["start_latest"]) == ("2025-01-06", "2025-01-06", "2025-01-06")
    assert (row["end_date"], row["end_precision"], row["end_reason"]) == (None, None, "")
    assert (row["end"], row["end_earliest"], row["end_latest"], row["continues"]) == (None, None, None, None)
    source = brics_indonesia.sources.get()
    assert row["sources"] == [
        {
            "id": source.pk,
            "title": "Indonesia joins BRICS",
            "url": "https://example.org/id",
            "date": "2025-01-06",
            "date_precision": "day",
            "stance": "supports",
            "quotation": "",
            "uid": str(brics_indonesia.citations.get().uid),
            "group": None,  # the source names Indonesia itself, not as one of a group
        }
    ]
    assert row["updated_at"].endswith("Z")


def test_an_organization_member_embeds_its_country(api):
    membership = MembershipFactory(
        organization=OrganizationFactory(slug="brazil-ai", name="Brazil AI", country=country("BR")),
        end_date=datetime.date(2025, 1, 1),
        end_precision=DatePrecision.YEAR,
        end_reason=EndReason.WITHDREW,
    )
    row = api.get(f"/api/v1/memberships/{membership.pk}/").json()
    assert row["member_type"] == "organization"
    assert row["member"] == {
        "slug": "brazil-ai",
        "name": "Brazil AI",
        "kind": "national_association",
        "country": {"code": "BR", "name": "Brazil"},
    }
    assert (row["end_date"], row["end_precision"], row["end_reason"]) == ("2025-01-01", "year", "withdrew")
    assert (row["end"], row["end_earliest"], row["end_latest"]) == ("2025", "2025-01-01", "2025-12-31")


def test_an_international_body_has_no_country(api):
    MembershipFactory(organization=OrganizationFactory(country=None, kind="international_body"))
    (row,) = api.get("/api/v1/memberships/").json()["results"]
    assert row["member"]["country"] is None


def test_an_unknown_membership_answers_404_json(api):
    response = api.get("/api/v1/memberships/999999/")
    assert response.status_code == 404
    assert "detail" in response.json()


def test_alliances_list_and_detail_count_todays_full_members(api):
    alliance = AllianceFactory(slug="ai-alliance-network", name="AI Alliance Network", founding_country=country("RU"))
    MembershipFactory(alliance=alliance)
    MembershipFactory(alliance=alliance, role=Role.OBSERVER)
    MembershipFactory(alliance=alliance, end_date=datetime.date(2025, 1, 1), end_precision=DatePrecision.DAY)
    listed = api.get("/api/v1/alliances/").json()
    assert listed["count"] == 1
    detail = api.get("/api/v1/alliances/ai-alliance-network/").json()
    assert detail == listed["results"][0]
    assert detail["member_count"] == 1
    assert detail["founding_country"] == {"code": "RU", "name": "Russia"}
    assert (detail["founded_date"], detail["founded_precision"]) == ("2020-01-01", "year")
    assert (detail["founded"], detail["founded_earliest"], detail["founded_latest"]) == (
        "2020",
        "2020-01-01",
        "2020-12-31",
    )
    assert (detail["dissolved_date"], detail["dissolved_precision"], detail["dissolved"]) == (None, None, None)
    assert api.get("/api/v1/alliances/no-such-alliance/").status_code == 404


def test_alliance_members_defaults_to_today_and_honours_as_of(api):
    alliance = AllianceFactory(slug="brics")
    founder = MembershipFactory(alliance=alliance, start_date=datetime.date(2009, 6, 16))
    left = MembershipFactory(
        alliance=alliance,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(2020, 1, 1),
        end_precision=DatePrecision.DAY,
    )
    today = api.get("/api/v1/alliances/brics/members/").json()
    assert [row["id"] for row in today["results"]] == [founder.pk]
    assert set(today["results"][0]) == MEMBERSHIP_KEYS
    back_then = api.get("/api/v1/alliances/brics/members/?as_of=2015-05-05").json()
    assert [row["id"] for row in back_then["results"]] == [founder.pk, left.pk]
    assert api.get("/api/v1/alliances/nope/members/").status_code == 404


def test_alliance_members_on_an_empty_day_are_an_empty_page_and_an_unknown_alliance_is_404(api):
    alliance = AllianceFactory(slug="brics")
    MembershipFactory(alliance=alliance, start_date=datetime.date(2009, 6, 16))
    before = api.get("/api/v1/alliances/brics/members/?as_of=2000-01-01")
    assert before.status_code == 200
    assert before.json() == {"count": 0, "next": None, "previous": None, "results": []}
    unknown = api.get("/api/v1/alliances/nope/members/?as_of=2000-01-01")
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "No Alliance matches the given query."}
    assert api.get("/api/v1/alliances/nope/members/?format=csv").status_code == 404


def test_countries_list_every_iso_country(api):
    body = api.get("/api/v1/countries/?page_size=1000").json()
    assert body["count"] >= 249
    assert {"code": "BR", "name": "Brazil", "wikidata": "Q155"} in body["results"]


def test_country_detail_is_case_insensitive_and_holds_organizations_memberships_rankings(api):
    organization = OrganizationFactory(slug="ru-ai", name="Russian AI Alliance", country=country("RU"))
    own = MembershipFactory(organization=None, country=country("RU"))
    of_organization = MembershipFactory(organization=organization)
    RankingFactory(index_name="Tortoise Global AI Index", rank=31, out_of=83)
    lower = api.get("/api/v1/countries/ru/")
    upper = api.get("/api/v1/countries/RU/")
    assert lower.status_code == upper.status_code == 200
    body = lower.json()
    assert body == upper.json()
    assert (body["code"], body["name"]) == ("RU", "Russia")
    assert [o["slug"] for o in body["organizations"]] == ["ru-ai"]
    assert {m["id"] for m in body["memberships"]} == {own.pk, of_organization.pk}
    (ranking,) = body["rankings"]
    assert (ranking["index_name"], ranking["rank"], ranking["out_of"]) == ("Tortoise Global AI Index", 31, 83)
    assert set(ranking["source"]) == {"id", "title", "url", "date", "date_precision"}
    assert api.get("/api/v1/countries/zz/").status_code == 404


def test_organizations_list_and_detail_with_memberships(api):
    organization = OrganizationFactory(slug="sber", name="Sberbank", country=country("RU"))
    organization.other_names.create(name="Сбербанк", language="ru")
    membership = MembershipFactory(organization=organization)
    (listed,) = api.get("/api/v1/organizations/").json()["results"]
    assert listed["slug"] == "sber"
    assert listed["country"] == {"code": "RU", "name": "Russia"}
    assert listed["other_names"] == [{"name": "Сбербанк", "language": "ru", "kind": "native"}]
    detail = api.get("/api/v1/organizations/sber/").json()
    assert [m["id"] for m in detail["memberships"]] == [membership.pk]
    assert api.get("/api/v1/organizations/nope/").status_code == 404


def test_announcements_list_newest_first_with_what_they_concern(api):
    alliance = AllianceFactory(slug="brics", name="BRICS")
    older = AnnouncementFactory(date=datetime.date(2023, 8, 24))
    newer = AnnouncementFactory(date=datetime.date(2025, 1, 6), source_url="https://example.org/news")
    newer.alliances.add(alliance)
    newer.countries.add(country("ID"))
    body = api.get("/api/v1/announcements/").json()
    assert [a["id"] for a in body["results"]] == [newer.pk, older.pk]
    first = body["results"][0]
    assert first["url"] == "https://example.org/news"
    assert first["alliances"] == [{"slug": "brics", "name": "BRICS"}]
    assert first["countries"] == [{"code": "ID", "name": "Indonesia"}]
    assert api.get(f"/api/v1/announcements/{older.slug}/").json()["id"] == older.pk
    # The id address, the one before slugs, leads there for good.
    moved = api.get(f"/api/v1/announcements/{older.pk}/")
    assert (moved.status_code, moved["Location"]) == (301, f"/api/v1/announcements/{older.slug}/")


def test_pages_link_to_each_other(api):
    for _ in range(3):
        MembershipFactory()
    first = api.get("/api/v1/memberships/?page_size=2").json()
    assert first["count"] == 3
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    assert len(second["results"]) == 1
    assert second["next"] is None
    assert api.get(second["previous"]).json() == first


def test_page_size_is_capped(api):
    MembershipFactory()
    assert api.get("/api/v1/memberships/?page_size=100000").status_code == 200


def test_read_only_gets_are_allowed_from_any_origin(api):
    response = api.get("/api/v1/alliances/", HTTP_ORIGIN="https://notebook.example.net")
    assert response["Access-Control-Allow-Origin"] == "*"
