"""Every public page costs a fixed number of queries, whatever the size of the register."""

import datetime

import pytest
from django.utils import timezone

from alliances.models import (
    Announcement,
    Country,
    EndReason,
    FoundingClaim,
    Membership,
    MembershipSource,
    OrganizationName,
    ReportedSize,
    Role,
    Stance,
)

from .conftest import loaded_again
from .factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def build_register(size):
    """Two alliances with `size` organization members and `size` country members, sources, ends and rankings.

    Some of each kind of thing a page says: dates to the month and "by" a day, disputed memberships,
    reported sizes of an incomplete list, declined invitations, partners that became members.
    """
    network = AllianceFactory(slug="network", name="Network")
    bloc = AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    for alliance in (network, bloc):  # sources that disagree on the founding
        for founded in ("2019", "2020-05"):
            FoundingClaim.objects.create(
                alliance=alliance, founded=founded, source=AnnouncementFactory(), quotation=f"Founded in {founded}."
            )
    countries = list(Country.objects.order_by("code")[: size + 1])
    for index in range(size):
        where = countries[index]
        source = AnnouncementFactory(title=f"Report {index}", date=D(2010 + index % 15, 1 + index % 12, 1))
        source.alliances.add(network, bloc)
        source.countries.add(where, countries[0])  # the country page and filter list announcements too
        organization = OrganizationFactory(slug=f"org-{index}", name=f"Org {index}", country=countries[0])
        OrganizationName.objects.create(organization=organization, name=f"Other name {index}")
        source.organizations.add(organization)
        member = MembershipFactory(
            alliance=network, organization=organization, start_date=D(2012, 1, 1), sources=[source],
            start_precision="month" if index % 2 else "day", start_bound="by" if index % 4 == 1 else "on",
        )  # fmt: skip
        if index % 4 == 2:  # a disputed membership, both sides quoted
            MembershipSource.objects.create(
                membership=member, announcement=AnnouncementFactory(), stance=Stance.DISPUTES, quotation="Not so."
            )
        ReportedSize.objects.create(
            alliance=network, as_of=D(2012 + index % 10, 1, 1), members=index + 1, source=source
        )
        ended = index % 3 == 0
        partner = None
        if index % 3 == 1:  # a partner that became a member: a role change
            partner = MembershipFactory(
                alliance=bloc, organization=None, country=where, role=Role.PARTNER, start_date=D(2005, 1, 1),
                end_date=D(2011, 1, 1 + index % 28), end_precision="day", end_reason=EndReason.ROLE_CHANGED,
                sources=[source],
            )  # fmt: skip
        member = MembershipFactory(
            alliance=bloc,
            organization=None,
            country=where,
            role=Role.INVITED if ended else Role.MEMBER,
            start_date=D(2011, 1, 1 + index % 28),
            end_date=D(2020, 1, 1) if ended else None,
            end_precision="day" if ended else "",
            end_reason=EndReason.DECLINED if ended else "",
            continues=partner,
            sources=[source],
        )
        if not ended:  # named only as one of a group, its members listed by another source
            MembershipSource.objects.create(
                membership=member, announcement=AnnouncementFactory(), quotation="The group's 30 members joined.",
                group="the group's 30 members", group_source=AnnouncementFactory(), group_quotation=str(where),
            )  # fmt: skip
        RankingFactory(country=countries[0], index_name=f"Index {index}", source=source)


def the_register_of_size(size):
    """build_register(size)'s rows: built once a session, then written back as they were (loaded_again)."""
    return loaded_again(("build_register", size), lambda: build_register(size))


# The exact counts today; a change that adds a query per row fails at the larger size. Each counts
# the versions of the page's keys (alliances/caching/versions.py). The alliance and country pages'
# picture of time (alliances/lanes.py) costs one query, and one more to count the members it leaves
# out of a large body. A page that says how to cite it reads the register version once (then kept). An
# alliance's page reads its founding claims (where sources disagree on the founding) in one query.
PAGES = {
    "/": 6,
    "/alliances/network/": 18,
    "/alliances/network/?as_of=2012-01-15": 18,
    "/alliances/bloc/?as_of=2015-06-01": 18,
    "/alliances/bloc/?from=2010-01-01&to=2021-01-01": 33,
    "/alliances/bloc/map.svg?as_of=2015-06-01": 3,
    "/countries/": 3,
    "/countries/?alliance=bloc": 4,
    "/countries/ad/": 8,
    "/organizations/org-0/": 7,
    "/announcements/": 6,
    "/announcements/?alliance=bloc&year=2012": 7,
    "/announcements/FIRST/": 8,
    "/timeline/": 9,
    "/timeline/?country=ad&year=2012&page=1": 11,
    "/search/?q=org": 5,
    "/feeds/announcements/": 4,
    "/feeds/announcements/bloc/": 6,
    "/feeds/announcements/network/": 6,
    "/sitemap.xml": 8,
    "/sitemap-organizations.xml": 3,
    "/sitemap-announcements.xml?p=1": 3,
}


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(("path", "most"), PAGES.items())
def test_page_query_count_does_not_grow_with_the_register(client, django_assert_max_num_queries, size, path, most):
    the_register_of_size(size)
    path = path.replace("FIRST", Announcement.objects.order_by("id").values_list("slug", flat=True).first())
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]


def test_the_register_is_as_big_as_the_query_tests_assume():
    build_register(30)
    assert Membership.objects.published().active_on(timezone.localdate()).count() == 30 + 20
