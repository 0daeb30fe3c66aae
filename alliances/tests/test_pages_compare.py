"""/compare/: countries × bodies on a day, with roles, certainty and disputes, filters, sorting and CSV."""

import csv
import datetime
import io

import pytest

from alliances.models import Stance
from alliances.models.membership import MembershipSource

from .factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    country,
    declined_invitation,
)
from .test_page_queries import the_register_of_size

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def register():
    bloc = AllianceFactory(slug="brics", name="BRICS", kind="bloc")
    network = AllianceFactory(slug="network", name="AI Alliance Network")
    for code in ("BR", "IN"):
        MembershipFactory(alliance=bloc, organization=None, country=country(code), start_date=D(2009, 6, 16))
    declined_invitation(bloc)
    saudi = MembershipFactory(alliance=bloc, organization=None, country=country("SA"), start_date=D(2024, 1, 1))
    MembershipSource.objects.create(membership=saudi, announcement=AnnouncementFactory(), stance=Stance.DISPUTES)
    for index, code in enumerate(["BR", "BR", "RS"]):
        organization = OrganizationFactory(slug=f"org-{index}", name=f"Org {index}", country=country(code))
        MembershipFactory(alliance=network, organization=organization, start_date=D(2024, 12, 11), start_bound="by")
    return bloc, network


def test_each_cell_says_the_role_certainty_dispute_and_whose_membership(client, register):
    text = client.get("/compare/?as_of=2025-06-01").content.decode()
    brazil = text[text.index('<a href="/countries/br/">Brazil</a>') :]
    brazil = brazil[: brazil.index("</tr>")]
    assert '<td class="num">2</td>' in brazil
    assert "Members, the country itself" in brazil  # BRICS
    assert "Members, through 2 organisations" in brazil  # the network
    saudi = text[text.index("Saudi Arabia</a>") :]
    saudi = saudi[: saudi.index("</tr>")]
    assert 'class="cell disputed"' in saudi and "●!" in saudi and "Members, disputed, the country itself" in saudi
    assert "Argentina" not in text  # its invitation ended in 2023


def test_a_day_inside_an_uncertain_end_is_marked_possible(client, register):
    text = client.get("/compare/?as_of=2023-12-15").content.decode()
    argentina = text[text.index("Argentina</a>") :]
    argentina = argentina[: argentina.index("</tr>")]
    assert "◌?" in argentina and "Invited, possibly, the country itself" in argentina


def test_a_cell_links_to_the_membership_on_the_alliance_page_of_that_day(client, register):
    bloc, _network = register
    india = bloc.memberships.get(country="IN")
    text = client.get("/compare/?as_of=2025-06-01").content.decode()
    link = f'href="/alliances/brics/?as_of=2025-06-01#membership-{india.uid}"'
    assert link in text
    page = client.get("/alliances/brics/?as_of=2025-06-01").content.decode()
    assert f'id="membership-{india.uid}"' in page


def test_filters_by_body_and_region_and_sorts_by_name_or_count(client, register):
    text = client.get("/compare/?as_of=2025-06-01&body=network").content.decode()
    assert "Serbia" in text and "India</a>" not in text and ">BRICS</a></th>" not in text
    europe = client.get("/compare/?as_of=2025-06-01&region=EU").content.decode()
    assert "Serbia" in europe and "Brazil</a>" not in europe
    by_name = client.get("/compare/?as_of=2025-06-01").content.decode()
    assert by_name.index("Brazil</a>") < by_name.index("India</a>") < by_name.index("Serbia</a>")
    by_count = client.get("/compare/?as_of=2025-06-01&sort=groupings").content.decode()
    assert by_count.index("Brazil</a>") < by_count.index("India</a>")
    assert 'aria-sort="descending"' in by_count


def test_a_bad_value_shows_the_form_with_a_message(client, register):
    response = client.get("/compare/?as_of=31/12/2024&region=XX")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a real day" in text and "Select a valid choice" in text


def test_the_same_table_as_csv(client, register):
    response = client.get("/compare/?as_of=2025-06-01&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    brazil = next(row for row in rows if row["country"] == "BR")
    assert brazil["country_name"] == "Brazil" and brazil["region"] == "South America" and brazil["groupings"] == "2"
    assert brazil["brics"] == "Members, the country itself"
    assert brazil["network"] == "Members, through 2 organisations"
    assert next(row for row in rows if row["country"] == "SA")["network"] == ""


def test_the_comparison_in_russian(client, register):
    text = client.get("/ru/compare/?as_of=2025-06-01").content.decode()
    assert "Бразилия" in text and "Южная Америка" in text
    assert "через 2 организации" in text


def test_the_home_page_leads_with_the_comparison(client, register):
    text = client.get("/").content.decode()
    assert text.index('action="/compare/"') < text.index("alliances-heading")


# The exact counts: the alliances, then the memberships of the day; the form's alliance choices.
# With the versions of the page's keys (alliances/caching/versions.py).
QUERIES = {"/compare/": 4, "/compare/?as_of=2015-06-01&region=EU&sort=groupings&format=csv": 4, "/": 7}


@pytest.mark.parametrize("size", [2, 30])
@pytest.mark.parametrize(("path", "most"), QUERIES.items())
def test_the_comparison_costs_the_same_queries_at_two_sizes(client, django_assert_max_num_queries, size, path, most):
    the_register_of_size(size)
    with django_assert_max_num_queries(most):
        assert client.get(path).status_code == 200
