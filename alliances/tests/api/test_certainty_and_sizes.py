"""Issue 10 in the API's reads: `certainty=` keeps one degree of "in force on a day"; an alliance says
whether its list is complete and what sizes its sources report."""

import datetime

import pytest

from alliances.models import ReportedSize, Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, country, declined_invitation

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def brics():
    """Argentina's invitation ended "December 2023" (possibly in force on the 15th); Brazil's is certain."""
    alliance = AllianceFactory(slug="brics", name="BRICS", founded="2009-06-16")
    brazil = MembershipFactory(alliance=alliance, organization=None, country=country("BR"), start_date=D(2009, 6, 16))
    argentina = declined_invitation(alliance)
    return brazil, argentina


@pytest.mark.parametrize(
    "address",
    ["/api/v1/alliances/brics/members/?as_of=2023-12-15", "/api/v1/memberships/?as_of=2023-12-15"],
)
def test_certainty_keeps_the_certain_or_the_possible_memberships_of_the_day(api, brics, address):
    brazil, argentina = brics
    both = api.get(address).json()["results"]
    assert {(row["id"], row["certainty"]) for row in both} == {(brazil.pk, "certain"), (argentina.pk, "possible")}
    certain = api.get(f"{address}&certainty=certain").json()
    assert (certain["count"], [row["id"] for row in certain["results"]]) == (1, [brazil.pk])
    possible = api.get(f"{address}&certainty=possible").json()
    assert [(row["id"], row["certainty"], row["end_reason"]) for row in possible["results"]] == [
        (argentina.pk, "possible", "declined")
    ]


def test_certainty_on_the_memberships_list_needs_a_day_and_a_known_value(api, brics):
    brazil, _argentina = brics
    no_day = api.get("/api/v1/memberships/?certainty=certain")
    assert no_day.status_code == 400
    assert "as_of" in no_day.json()["certainty"][0]
    today = api.get("/api/v1/memberships/?active=true&certainty=certain").json()
    assert [row["id"] for row in today["results"]] == [brazil.pk]
    unknown = api.get("/api/v1/alliances/brics/members/?certainty=sure")
    assert unknown.status_code == 400
    assert list(unknown.json()) == ["certainty"]


def test_an_alliance_says_its_list_is_incomplete_and_what_sizes_its_sources_report(api):
    network = AllianceFactory(slug="ai-alliance-network", members_list_complete=False)
    MembershipFactory(alliance=network)
    granma = AnnouncementFactory(
        title="Das BRICS AI Alliance Network nahm ... auf", source_url="https://example.org/granma", publisher="Granma"
    )
    reported = ReportedSize.objects.create(
        alliance=network,
        as_of="../2024-12-16",
        members=15,
        countries=13,
        source=granma,
        quotation="15 Organisationen aus 13 Ländern",
    )
    ReportedSize.objects.create(
        alliance=network, as_of="2025-01-01", members=99, source=AnnouncementFactory(status=Status.DRAFT)
    )
    detail = api.get("/api/v1/alliances/ai-alliance-network/").json()
    assert (detail["member_count"], detail["members_list_complete"]) == (1, False)
    assert detail["reported_sizes"] == [
        {
            "as_of": "../2024-12-16",
            "as_of_earliest": None,
            "as_of_latest": "2024-12-16",
            "as_of_precision": "day",
            "as_of_bound": "by",
            "members": 15,
            "countries": 13,
            "quotation": "15 Organisationen aus 13 Ländern",
            "source": {
                "id": granma.pk,
                "title": "Das BRICS AI Alliance Network nahm ... auf",
                "url": "https://example.org/granma",
                "date": granma.date.isoformat(),
                "date_precision": granma.date_precision,
            },
            "uid": str(reported.uid),
        }
    ]  # the size whose source is a draft is not shown
    listed = api.get("/api/v1/alliances/").json()["results"]
    assert listed == [detail]


def test_the_alliances_list_asks_a_fixed_number_of_queries(api, django_assert_max_num_queries):
    for n in range(6):
        alliance = AllianceFactory()
        MembershipFactory(alliance=alliance)
        ReportedSize.objects.create(alliance=alliance, as_of="2024-01-01", members=n + 1, source=AnnouncementFactory())
    # The page, its count, the versions, the sizes, the founding claims and the principal role's counts.
    with django_assert_max_num_queries(6):
        assert len(api.get("/api/v1/alliances/").json()["results"]) == 6
