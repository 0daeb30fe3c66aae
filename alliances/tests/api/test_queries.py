"""Every list and detail costs the same number of queries whatever the data size."""

import pytest

from alliances.models import Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def grow(size):
    alliance = AllianceFactory(slug="brics")
    organization = OrganizationFactory(slug="sber", country=country("RU"))
    for n in range(size):
        source = AnnouncementFactory()
        source.alliances.add(alliance)
        source.countries.add(country("RU"))
        source.organizations.add(organization)
        MembershipFactory(alliance=alliance, sources=[source, AnnouncementFactory(status=Status.DRAFT)])
        MembershipFactory(
            alliance=alliance,
            organization=None,
            country=country("RU"),
            start_date=f"{2000 + n}-01-01",
            end_date=f"{2000 + n}-06-01",
            end_precision="day",
        )
        organization.other_names.create(name=f"Other name {n}")


PATHS = [
    "/api/v1/memberships/",
    "/api/v1/memberships/?country=ru&as_of=2000-03-01&alliance=brics",
    "/api/v1/memberships/?format=csv",
    "/api/v1/alliances/",
    "/api/v1/alliances/brics/",
    "/api/v1/alliances/brics/members/",
    "/api/v1/alliances/brics/popolo.json",
    "/api/v1/countries/",
    "/api/v1/countries/ru/",
    "/api/v1/organizations/",
    "/api/v1/organizations/?format=csv",
    "/api/v1/organizations/sber/",
    "/api/v1/announcements/",
    "/api/v1/announcements/?alliance=brics&country=ru&q=Announcement",
]


# The most any list or detail above may cost (test_register_pages.py holds the shipped register to it too).
MOST = 8  # with the versions of the answer's keys


@pytest.mark.parametrize("size", [1, 6])
@pytest.mark.parametrize("path", PATHS)
def test_query_count_does_not_grow_with_the_data(api, django_assert_max_num_queries, path, size):
    grow(size)
    with django_assert_max_num_queries(MOST):
        response = api.get(path)
    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_a_curators_list_with_drafts_has_a_fixed_cost_too(viewer_api, django_assert_max_num_queries, size):
    grow(size)
    with django_assert_max_num_queries(8):
        assert viewer_api.get("/api/v1/memberships/").status_code == 200


def test_an_alliances_members_cost_no_query_to_find_the_alliance(api, django_assert_num_queries):
    grow(2)
    api.get("/api/v1/alliances/brics/members/")  # counts the members once for this version of the register
    # Its versions and the page (and its sources' query off PostgreSQL): the slug filters the page query itself.
    with django_assert_num_queries(2):
        body = api.get("/api/v1/alliances/brics/members/?page_size=50").json()
    assert body["count"] == 2
    assert {row["alliance"]["slug"] for row in body["results"]} == {"brics"}
