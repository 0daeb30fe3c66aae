"""/alliances/ and /organizations/: every body by kind with its counts, every organization filtered and paged."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.models import ReportedSize, Role, Stance
from alliances.models.membership import MembershipSource

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country
from .test_page_queries import the_register_of_size

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def bodies():
    network = AllianceFactory(
        slug="network", name="AI Alliance Network", name_ru="Сеть ИИ", founded_date=D(2024, 12, 11)
    )
    network.founded_precision = "day"
    network.save()
    bloc = AllianceFactory(slug="bloc", name="BRICS", kind="bloc", members_list_complete=True)
    for code in ("BR", "IN"):
        MembershipFactory(alliance=bloc, organization=None, country=country(code), start_date=D(2009, 6, 16))
    MembershipFactory(alliance=bloc, organization=None, country=country("AR"), role=Role.INVITED)
    saudi = MembershipFactory(alliance=bloc, organization=None, country=country("SA"), start_date=D(2024, 1, 1))
    MembershipSource.objects.create(membership=saudi, announcement=AnnouncementFactory(), stance=Stance.DISPUTES)
    for index in range(6):
        MembershipFactory(alliance=network, organization=OrganizationFactory(slug=f"org-{index}", name=f"Org {index}"))
    report = AnnouncementFactory(title="A year on")
    ReportedSize.objects.create(alliance=network, as_of="2025-12-01", members=28, countries=21, source=report)
    return network, bloc


def test_the_alliance_index_lists_every_body_by_kind_with_its_counts(client, bodies):
    text = client.get("/alliances/").content.decode()
    assert text.index("AI alliance") < text.index("AI Alliance Network") < text.index("Bloc of countries")
    assert text.index("Bloc of countries") < text.index("BRICS")
    assert '<a href="/alliances/network/">AI Alliance Network</a>' in text
    assert "founded 11 December 2024" in text
    assert "Today: 6 members listed of 28 reported" in text  # incomplete: "listed", and the latest reported size
    assert "Not the whole list." in text and "28 members in 21 countries" in text
    assert "Today: 2 members, 1 disputed (complete list)" in text  # Saudi Arabia's claim is disputed
    assert "Invited: 1" in text


def test_the_alliance_index_in_russian(client, bodies):
    text = client.get("/ru/alliances/").content.decode()
    assert '<a href="/ru/alliances/network/">Сеть ИИ</a>' in text
    assert '<a href="/ru/alliances/bloc/"><span lang="en">BRICS</span></a>' in text


def test_the_organization_index_filters_by_country_and_kind_and_pages(client):
    for index in range(55):
        OrganizationFactory(slug=f"br-{index:02}", name=f"Brazilian body {index:02}", country=country("BR"))
    OrganizationFactory(slug="serbian", name="Serbian AI Society", country=country("RS"), kind="research_institute")
    first = client.get("/organizations/").content.decode()
    assert "56 organizations." in first and "Page 1 of 2" in first
    assert "Brazilian body 00" in first and "Serbian AI Society" not in first
    assert "Serbian AI Society" in client.get("/organizations/?page=2").content.decode()
    serbian = client.get("/organizations/?country=rs").content.decode()
    assert "1 organization." in serbian and '<a href="/organizations/serbian/">Serbian AI Society</a>' in serbian
    kind = client.get("/organizations/?kind=research_institute&country=RS").content.decode()
    assert "Serbian AI Society" in kind and "Brazilian body" not in kind
    assert "Brazilian body" not in client.get("/organizations/?kind=research_institute").content.decode()


def test_the_organization_index_refuses_an_unknown_filter_value_with_a_message(client):
    response = client.get("/organizations/?kind=spaceship")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_the_navigation_links_the_indexes(client):
    text = client.get("/").content.decode()
    assert '<a href="/alliances/">Alliances</a>' in text and '<a href="/organizations/">Organizations</a>' in text


@pytest.mark.parametrize(
    "path", ["/alliances/", "/organizations/", "/organizations/?country=ad&kind=national_association"]
)
def test_the_indexes_cost_the_same_queries_at_two_sizes(client, path):
    the_register_of_size(2)
    counts = [_queries(client, path)]
    for index in range(30):
        OrganizationFactory(slug=f"more-{index}", name=f"More {index}", country=country("AD"))
        AllianceFactory(slug=f"more-{index}", name=f"More {index}", kind="network")
    counts.append(_queries(client, path))
    assert counts[0] == counts[1], counts


def _queries(client, path):
    cache.clear()  # nothing kept from the last request
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20"])
def test_an_empty_search_shows_the_form_with_its_hint(client, query):
    response = client.get(f"/search/{query}")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'name="q"' in text and "at least two letters" in text
    assert "This field is required" not in text and "Nothing found." not in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("2024", "31 December 2024"), ("2024-02", "29 February 2024"), ("2024-12-11", "11 December 2024")],
)
def test_a_day_is_typed_as_a_year_a_month_or_a_day(client, typed, shown):
    AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    text = client.get("/alliances/bloc/", {"as_of": typed}).content.decode()
    assert f"Members on {shown}" in text
    assert 'type="date"' not in text
    assert "Write 2024, 2024-12 or 2024-12-11." in text
    assert f'value="{typed}"' in text


def test_a_period_typed_as_years_runs_from_the_first_day_to_the_last(client):
    AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    text = client.get("/alliances/bloc/?from=2023&to=2024").content.decode()
    assert "Between 1 January 2023 and 31 December 2024" in text


@pytest.mark.parametrize("typed", ["12/11/2024", "by 2024-12-11", "2024-13"])
def test_a_day_in_another_form_is_refused_with_the_form_to_write(client, typed):
    AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    response = client.get("/alliances/bloc/", {"as_of": typed})
    assert response.status_code == 400
    text = response.content.decode()
    assert "2024-12-11" in text and "You entered:" in text
