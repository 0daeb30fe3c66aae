"""CSV and Popolo output, parsed back and checked."""

import csv
import datetime
import io

import pytest

from alliances.dates import DatePrecision

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def parse_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return list(csv.DictReader(io.StringIO(csv_body(response).decode("utf-8"))))


def csv_body(response):
    """A CSV's bytes: a whole list is streamed, one record is not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_memberships_as_csv_have_a_header_and_iso_dates_with_precision(api):
    source = AnnouncementFactory(source_url="https://example.org/a")
    membership = MembershipFactory(
        alliance=AllianceFactory(slug="brics", name="BRICS"),
        organization=OrganizationFactory(slug="sber", name="Сбербанк, «Sber»", country=country("RU")),
        start_date=datetime.date(2024, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2025, 6, 1),
        end_precision=DatePrecision.MONTH,
        end_reason="withdrew",
        sources=[source],
    )
    (row,) = parse_csv(api.get("/api/v1/memberships/?format=csv"))
    assert row["id"] == str(membership.pk)
    assert (row["alliance"], row["alliance_name"]) == ("brics", "BRICS")
    assert (row["member_type"], row["member"], row["member_name"]) == ("organization", "sber", "Сбербанк, «Sber»")
    assert row["member_country"] == "RU"
    assert (row["start_date"], row["start_precision"]) == ("2024-01-01", "year")
    assert (row["end_date"], row["end_precision"], row["end_reason"]) == ("2025-06-01", "month", "withdrew")
    assert row["source_urls"] == "https://example.org/a"


def test_one_membership_or_organization_as_csv(api):
    membership = MembershipFactory(organization=OrganizationFactory(slug="sber"))
    (row,) = parse_csv(api.get(f"/api/v1/memberships/{membership.pk}/?format=csv"))
    assert (row["id"], row["member"]) == (str(membership.pk), "sber")
    (row,) = parse_csv(api.get("/api/v1/organizations/sber/?format=csv"))
    assert row["slug"] == "sber"


def test_an_empty_csv_still_has_its_header(api):
    response = api.get("/api/v1/memberships/?format=csv")
    assert csv_body(response).decode().splitlines()[0].startswith("id,alliance,alliance_name,member_type")


def test_csv_follows_the_filters(api):
    MembershipFactory(organization=None, country=country("IN"))
    MembershipFactory()
    rows = parse_csv(api.get("/api/v1/memberships/?format=csv&member_type=country"))
    assert [row["member"] for row in rows] == ["IN"]


def test_organizations_as_csv(api):
    organization = OrganizationFactory(slug="sber", name="Sberbank", country=country("RU"))
    organization.other_names.create(name="Сбер", language="ru")
    OrganizationFactory(slug="unesco", name="UNESCO", country=None, kind="international_body")
    rows = parse_csv(api.get("/api/v1/organizations/?format=csv"))
    assert [(row["slug"], row["country"], row["other_names"]) for row in rows] == [
        ("sber", "RU", "Сбер"),
        ("unesco", "", ""),
    ]


def test_a_bad_filter_in_csv_still_names_the_parameter(api):
    response = api.get("/api/v1/memberships/?format=csv&as_of=2024-13-45")
    assert response.status_code == 400
    assert parse_csv(response)[0]["field"] == "as_of"


def test_popolo_document_has_organizations_memberships_dates_and_sources(api):
    alliance = AllianceFactory(
        slug="ai-alliance-network", name="AI Alliance Network", founded_date=datetime.date(2024, 12, 11)
    )
    alliance.founded_precision = DatePrecision.DAY
    alliance.save()
    association = OrganizationFactory(slug="brazil-ai", name="Brazil AI", country=country("BR"))
    source = AnnouncementFactory(title="AI Journey", source_url="https://example.org/journey")
    by_year = MembershipFactory(
        alliance=alliance,
        organization=association,
        start_date=datetime.date(2024, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2024, 12, 1),
        end_precision=DatePrecision.MONTH,
        sources=[source],
    )
    state = MembershipFactory(
        alliance=alliance, organization=None, country=country("RS"), start_date=datetime.date(2024, 12, 11)
    )
    response = api.get("/api/v1/alliances/ai-alliance-network/popolo.json")
    assert response.status_code == 200
    document = response.json()
    organizations = {o["id"]: o for o in document["organizations"]}
    assert organizations["alliance/ai-alliance-network"]["founding_date"] == "2024-12-11"
    assert organizations["organization/brazil-ai"]["name"] == "Brazil AI"
    assert organizations["organization/brazil-ai"]["area_id"] == "country/BR"
    assert organizations["country/RS"]["classification"] == "country"
    memberships = {m["id"]: m for m in document["memberships"]}
    first = memberships[f"membership/{by_year.uid}"]
    assert first["organization_id"] == "alliance/ai-alliance-network"
    assert first["member"] == {"@type": "Organization", "id": "organization/brazil-ai"}
    assert (first["start_date"], first["end_date"]) == ("2024", "2024-12")
    citation = by_year.citations.get()
    assert first["sources"] == [
        {"url": "https://example.org/journey", "note": "AI Journey", "stance": "supports", "uid": str(citation.uid)}
    ]
    assert (first["disputed"], first["end_reason"]) == (False, None)
    second = memberships[f"membership/{state.uid}"]
    assert (second["start_date"], second["end_date"]) == ("2024-12-11", None)
    assert second["member"]["id"] in organizations


def test_popolo_says_by_dates_disputes_and_an_incomplete_list_as_the_api_does(api, django_assert_max_num_queries):
    from alliances.models import MembershipSource, ReportedSize, Stance

    alliance = AllianceFactory(slug="network", members_list_complete=False)
    size_source = AnnouncementFactory(title="Granma", source_url="https://example.org/granma")
    reported = ReportedSize.objects.create(
        alliance=alliance,
        as_of="../2024-12-16",
        members=15,
        countries=13,
        source=size_source,
    )
    for code in ("BR", "CN", "IN"):
        MembershipFactory(
            alliance=alliance,
            organization=None,
            country=country(code),
            start="../2024-12-11",
            sources=[AnnouncementFactory(source_url=f"https://example.org/{code}")],
        )
    claimed = MembershipFactory(alliance=alliance, organization=None, country=country("SA"))
    MembershipSource.objects.create(
        membership=claimed,
        stance=Stance.DISPUTES,
        announcement=AnnouncementFactory(title="Not yet joined", source_url="https://example.org/denial"),
    )
    with django_assert_max_num_queries(8):
        document = api.get("/api/v1/alliances/network/popolo.json").json()
    network = document["organizations"][0]
    assert network["members_list_complete"] is False
    assert network["reported_sizes"] == [
        {
            "date": "2024-12-16",
            "by": True,
            "date_edtf": "../2024-12-16",
            "members": 15,
            "countries": 13,
            "source": {"url": "https://example.org/granma", "note": "Granma"},
            "uid": str(reported.uid),
        }
    ]
    by_dates = [m for m in document["memberships"] if m["member"]["id"] != "country/SA"]
    assert [(m["start_date"], m["start_by"], m["start_edtf"]) for m in by_dates] == [
        (None, "2024-12-11", "../2024-12-11")
    ] * 3
    disputed = next(m for m in document["memberships"] if m["member"]["id"] == "country/SA")
    assert disputed["disputed"] is True
    denial = {"url": "https://example.org/denial", "note": "Not yet joined", "stance": "disputes"}
    assert denial in [{key: source[key] for key in denial} for source in disputed["sources"]]


def test_popolo_of_an_unknown_alliance_is_404(api):
    assert api.get("/api/v1/alliances/nope/popolo.json").status_code == 404


def test_fast_json_writes_the_same_bytes_as_drfs_renderer():
    from decimal import Decimal

    from rest_framework.exceptions import NotFound
    from rest_framework.renderers import JSONRenderer

    from alliances.api.renderers import FastJSONRenderer

    data = {
        "count": 2,
        "next": None,
        "results": [
            {"name": "Сбербанк «Sber»", "note": "a\u2028b\u2029c", "ok": True, "share": Decimal("1.50")},
            {"updated_at": datetime.datetime(2026, 11, 25, 23, 9, 0, 614123, tzinfo=datetime.UTC)},
            {"date": datetime.date(2024, 12, 11), "message": NotFound.default_detail, 7: [1.5, -2]},
        ],
    }
    assert FastJSONRenderer().render(data) == JSONRenderer().render(data)


def test_fast_json_indents_when_asked(api):
    MembershipFactory()
    response = api.get("/api/v1/memberships/", HTTP_ACCEPT="application/json; indent=2")
    assert response.status_code == 200
    assert response.content.startswith(b'{\n  "count": 1,')
