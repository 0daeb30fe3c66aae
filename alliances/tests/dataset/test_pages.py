"""The register as a dataset on its pages and in its API: licence, "Cite this", Wikidata items, permanent addresses."""

import datetime
import re

import pytest
from django.utils import timezone

from alliances.dataset.version import register_version
from alliances.models import Alliance, Announcement, Organization
from alliances.services import record_save

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def brics():
    alliance = AllianceFactory(slug="brics", name="BRICS", wikidata="Q9484")
    india = MembershipFactory(
        alliance=alliance,
        organization=None,
        country=country("IN"),
        start_date=datetime.date(2009, 6, 16),
        sources=[AnnouncementFactory(slug="yekaterinburg")],
    )
    return alliance, india


@pytest.mark.parametrize("path", ["/", "/alliances/", "/countries/ru/", "/timeline/", "/no-such-page/", "/ru/"])
def test_every_page_says_the_datas_licence_and_how_it_quotes(client, path):
    text = client.get(path).content.decode()
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in text
    assert "CC BY 4.0" in text
    assert 'href="https://opensource.org/license/mit"' in text


def test_the_footer_says_it_in_russian_on_russian_pages(client):
    text = client.get("/ru/").content.decode()
    assert "лицензи" in text and "CC BY 4.0" in text


def test_an_alliance_page_says_how_to_cite_it(client, brics):
    alliance, india = brics
    text = client.get("/alliances/brics/").content.decode()
    citation = re.search(r'<p class="citation">(.*?)</p>', text, re.S).group(1)
    assert "BRICS" in citation
    assert f"version {register_version().name}" in citation
    assert "http://testserver/alliances/brics/" in citation
    assert timezone.localdate().strftime("%Y") in citation
    assert 'href="/api/v1/cite/?alliance=brics"' in text
    assert 'href="https://www.wikidata.org/wiki/Q9484"' in text


def test_each_membership_has_its_permanent_address_on_its_alliance_page(client, brics):
    alliance, india = brics
    text = client.get("/alliances/brics/").content.decode()
    address = f"/alliances/brics/?as_of=2009-06-16#membership-{india.uid}"
    assert f'href="{address}"' in text.replace("&amp;", "&")
    assert f'id="membership-{india.uid}"' in client.get("/alliances/brics/?as_of=2009-06-16").content.decode()


def test_a_country_page_links_its_wikidata_item_and_says_how_to_cite_it(client):
    text = client.get("/countries/ru/").content.decode()
    assert 'href="https://www.wikidata.org/wiki/Q159"' in text
    assert "http://testserver/countries/ru/" in re.search(r'<p class="citation">(.*?)</p>', text, re.S).group(1)


def test_an_organization_page_links_its_wikidata_item_and_says_how_to_cite_it(client):
    OrganizationFactory(slug="sber", name="Sber", wikidata="Q205012")
    text = client.get("/organizations/sber/").content.decode()
    assert 'href="https://www.wikidata.org/wiki/Q205012"' in text
    assert "Sber" in re.search(r'<p class="citation">(.*?)</p>', text, re.S).group(1)


def test_the_api_cites_the_register_and_each_record(api, brics):
    alliance, india = brics
    register = api.get("/api/v1/cite/").json()
    assert register["version"] == register_version().name
    assert register["accessed"] == timezone.localdate().isoformat()
    assert (register["url"], register["license"]) == ("http://testserver/", "CC-BY-4.0")
    assert register["text"].startswith("Alliance Tracker.")
    assert api.get("/api/v1/cite/?alliance=BRICS").json()["url"] == "http://testserver/alliances/brics/"
    assert api.get("/api/v1/cite/?country=ru").json()["url"] == "http://testserver/countries/ru/"
    membership = api.get(f"/api/v1/cite/?membership={india.uid}").json()
    assert membership["url"] == f"http://testserver/alliances/brics/?as_of=2009-06-16#membership-{india.uid}"
    assert api.get("/api/v1/").json()["cite"]["version"] == register["version"]


@pytest.mark.parametrize(
    ("query", "status"),
    [("membership=17", 400), ("alliance=nope", 404), ("alliance=brics&country=ru", 400), ("country=zz", 404)],
)
def test_a_citation_of_nothing_answers_as_the_api_does(api, brics, query, status):
    assert api.get(f"/api/v1/cite/?{query}").status_code == status


def test_the_api_root_states_the_licences_and_the_use_of_quotations(api):
    licences = api.get("/api/v1/").json()["licenses"]
    assert licences["data"]["name"] == "CC-BY-4.0"
    assert licences["code"]["name"] == "MIT"
    assert "word for word" in licences["quotations"]


def rename(record, slug):
    record.slug = slug
    record_save(record=record, reason="Renamed")


def test_a_renamed_alliance_answers_at_its_old_addresses_with_301(client, api, brics):
    alliance, _india = brics
    rename(alliance, "brics-plus")
    page = client.get("/alliances/brics/?as_of=2024-01-01")
    assert (page.status_code, page["Location"]) == (301, "/alliances/brics-plus/?as_of=2024-01-01")
    assert client.get("/ru/alliances/brics/")["Location"] == "/ru/alliances/brics-plus/"
    for old, new in [
        ("/api/v1/alliances/brics/", "/api/v1/alliances/brics-plus/"),
        ("/api/v1/alliances/brics/members/?as_of=2024", "/api/v1/alliances/brics-plus/members/?as_of=2024"),
        ("/api/v1/alliances/brics/popolo.json", "/api/v1/alliances/brics-plus/popolo.json"),
    ]:
        response = api.get(old)
        assert (response.status_code, response["Location"]) == (301, new)
    assert client.get("/alliances/brics-plus/").status_code == 200
    # Renamed twice: both old addresses lead to the one it has now.
    rename(Alliance.objects.get(slug="brics-plus"), "brics-bloc")
    assert client.get("/alliances/brics/")["Location"] == "/alliances/brics-bloc/"
    assert client.get("/alliances/brics-plus/")["Location"] == "/alliances/brics-bloc/"


def test_a_renamed_organization_and_announcement_answer_at_their_old_addresses(client, api):
    rename(OrganizationFactory(slug="sberbank"), "sber")
    rename(AnnouncementFactory(slug="journey"), "ai-journey-2024")
    assert client.get("/organizations/sberbank/")["Location"] == "/organizations/sber/"
    assert api.get("/api/v1/organizations/sberbank/")["Location"] == "/api/v1/organizations/sber/"
    assert client.get("/announcements/journey/")["Location"] == "/announcements/ai-journey-2024/"
    assert api.get("/api/v1/announcements/journey/")["Location"] == "/api/v1/announcements/ai-journey-2024/"


def test_a_freed_slug_taken_by_a_new_record_is_its_own(client):
    rename(AllianceFactory(slug="gpai"), "gpai-oecd")
    record_save(record=Alliance(slug="gpai", name="Another GPAI", kind="partnership", status="published"))
    assert client.get("/alliances/gpai/").status_code == 200
    assert "Another GPAI" in client.get("/alliances/gpai/").content.decode()


def test_an_unknown_slug_is_still_404(client, api):
    assert client.get("/alliances/never/").status_code == 404
    assert api.get("/api/v1/organizations/never/").status_code == 404
    assert not Organization.objects.exists() and not Announcement.objects.exists()


def test_a_write_to_an_old_address_writes_the_record(curator_api):
    rename(AllianceFactory(slug="brics", name="BRICS"), "brics-plus")
    response = curator_api.patch("/api/v1/alliances/brics/", {"name": "BRICS+"}, format="json")
    assert response.status_code == 200, response.content
    assert Alliance.objects.get(slug="brics-plus").name == "BRICS+"
