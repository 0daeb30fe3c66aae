"""What every page shares (language, title, description, canonical address) and the site's own files."""

import datetime
from urllib.parse import quote
from xml.etree import ElementTree

import pytest
from django.test import RequestFactory
from django.utils import translation

from alliances.models import Status
from alliances.views import server_error

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def register():
    alliance = AllianceFactory(slug="network", name="AI Alliance Network")
    launch = AnnouncementFactory(slug="launch", title="Network launched", date=datetime.date(2024, 12, 11))
    launch.alliances.add(alliance)
    MembershipFactory(
        alliance=alliance,
        organization=OrganizationFactory(slug="brazil-ai", name="Brazilian AI Association", country=country("BR")),
        sources=[launch],
    )
    AnnouncementFactory(slug="secret", title="Secret draft", status=Status.DRAFT).alliances.add(alliance)
    AnnouncementFactory(slug="elsewhere", title="About another alliance", date=datetime.date(2024, 1, 5))
    return alliance


PAGES = [
    "/",
    "/alliances/network/",
    "/countries/",
    "/countries/br/",
    "/organizations/brazil-ai/",
    "/announcements/",
    "/announcements/launch/",
    "/timeline/",
    "/search/?q=network",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_one_h1_a_title_a_description_a_canonical_link_and_a_language_switcher(client, register, path):
    text = client.get(path).content.decode()
    assert text.count("<h1") == 1
    assert "<title>" in text and '<meta name="description" content="' in text
    assert '<link rel="canonical" href="http://testserver/' in text
    assert f'<a href="/language/ru/?next={quote(path, safe="")}" hreflang="ru" lang="ru">Русский</a>' in text
    assert '<html lang="en">' in text
    assert "<main" in text and "<nav" in text and "<header" in text and "<footer" in text


@pytest.mark.parametrize("path", PAGES)
def test_russian_pages_are_in_russian(client, register, path):
    response = client.get(f"/ru{path}")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<html lang="ru">' in text
    assert "Трекер альянсов" in text
    assert "Хронология" in text  # the main menu
    # Through the language switch, which remembers the choice for the admin.
    english = quote(f"/ru{path}", safe="")
    assert f'<a href="/language/en/?next={english}" hreflang="en" lang="en">English</a>' in text


def test_russian_pages_localize_country_names_and_dates(client, register):
    text = client.get("/ru/alliances/network/").content.decode()
    assert "Бразилия" in text
    assert "11 декабря 2024 г." in text
    # The network has no Russian name in this register: its English one is marked as English.
    assert 'вступление в альянс «<span lang="en">AI Alliance Network</span>», роль: член' in text


def test_a_record_has_one_canonical_address_whatever_the_query(client, register):
    text = client.get("/alliances/network/?as_of=2025-01-01").content.decode()
    assert '<link rel="canonical" href="http://testserver/alliances/network/">' in text


def test_announcement_feed_is_atom_with_published_announcements_only(client, register):
    response = client.get("/feeds/announcements/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Network launched", "About another alliance"]
    link = next(feed.iter(f"{ATOM}entry")).find(f"{ATOM}link").get("href")
    assert link == "http://testserver/announcements/launch/"


def test_an_alliance_has_its_own_feed(client, register):
    feed = ElementTree.fromstring(client.get("/feeds/announcements/network/").content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles == ["Network launched"]
    assert client.get("/feeds/announcements/no-such/").status_code == 404


def test_feed_escapes_markup_in_titles(client):
    AnnouncementFactory(title="<script>alert(1)</script> & co")
    body = client.get("/feeds/announcements/").content.decode()
    assert "<script>" not in body
    assert "&lt;script&gt;" in body


def test_sitemap_index_points_at_one_sitemap_per_kind_of_page(client, register):
    body = client.get("/sitemap.xml").content.decode()
    assert "<sitemapindex" in body
    assert "<loc>http://testserver/sitemap-alliances.xml</loc>" in body
    assert "<loc>http://testserver/sitemap-countries.xml</loc>" in body


def test_sitemap_lists_public_pages_in_both_languages_and_no_drafts(client, register):
    body = "".join(
        client.get(f"/sitemap-{section}.xml").content.decode()
        for section in ("pages", "alliances", "countries", "organizations", "announcements")
    )
    assert "<loc>http://testserver/alliances/network/</loc>" in body
    assert "<loc>http://testserver/ru/alliances/network/</loc>" in body
    assert "<loc>http://testserver/announcements/launch/</loc>" in body
    assert "/announcements/secret/" not in body
    assert "<loc>http://testserver/countries/br/</loc>" in body


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_a_missing_page_is_a_friendly_404_in_the_visitors_language(client):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    text = response.content.decode()
    assert "Страница не найдена" in text
    assert 'href="/ru/"' in text


def test_the_500_page_is_friendly_and_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/")
    with django_assert_num_queries(0), translation.override("en"):
        response = server_error(request)
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_text_from_curators_is_escaped_on_pages(client):
    alliance = AllianceFactory(slug="xss", name='<img src=x onerror="alert(1)">')
    MembershipFactory(alliance=alliance, organization=OrganizationFactory(name="<b>bold</b>"))
    text = client.get("/alliances/xss/").content.decode()
    assert '<img src=x onerror="alert(1)">' not in text
    assert "<b>bold</b>" not in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/announcements/?year=", 400),
        ("/timeline/?alliance=", 400),
        ("/alliances/network/?as_of=", 400),
        ("/search/?q=", 200),
    ],
)
def test_a_visitors_bad_value_is_shown_back_escaped(client, register, path, status):
    response = client.get(path + "<script>alert(1)</script>")
    assert response.status_code == status
    text = response.content.decode()
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
