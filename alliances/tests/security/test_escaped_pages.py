"""Markup typed into any text field reaches every public page, feed and image as text, never as markup."""

from xml.etree import ElementTree

import pytest

from alliances.models import Alliance, Announcement, Organization

from .conftest import assert_no_raw_markup, escaped, payload

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"

# Each public page and the fields a visitor reads there.
PAGES = {
    "/": ["alliance.name", "announcement.title"],
    "/alliances/hostile/": [
        "alliance.name",
        "alliance.description",
        "alliancename.name",
        "organization.name",
        "announcement.title",
        "announcement.publisher",
    ],
    "/alliances/hostile/?as_of=2025-01-01": ["alliance.name", "organization.name"],
    "/alliances/hostile/?from=2024-01-01&to=2025-01-01": ["organization.name", "announcement.title"],
    "/countries/": [],
    "/countries/br/": ["organization.name", "alliance.name", "ranking.index_name", "announcement.title"],
    "/organizations/hostile-org/": [
        "organization.name",
        "organization.description",
        "organizationname.name",
        "alliance.name",
        "announcement.title",
    ],
    "/announcements/": ["announcement.title", "announcement.publisher", "alliance.name"],
    "/announcements/hostile-news/": [
        "announcement.title",
        "announcement.summary",
        "announcement.quotation",
        "announcement.publisher",
        "alliance.name",
        "organization.name",
    ],
    "/timeline/": ["announcement.title", "announcement.publisher", "alliance.name", "organization.name"],
    "/search/?q=script": [
        "alliance.name",
        "organization.name",
        "organizationname.name",
        "announcement.title",
    ],
    "/ru/alliances/hostile/": ["alliance.name", "organization.name"],
}


@pytest.mark.parametrize(("path", "fields"), PAGES.items(), ids=list(PAGES))
def test_every_text_field_shows_as_text_on_every_page(client, hostile, path, fields):
    response = client.get(path)
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_raw_markup(text)
    for field in fields:
        assert escaped(field) in text, field


@pytest.mark.parametrize("path", ["/organizations/hostile-org/", "/alliances/hostile/", "/announcements/hostile-news/"])
def test_a_language_code_cannot_break_out_of_its_attribute(client, hostile, path):
    text = client.get(path).content.decode()
    assert "<i>x</i>" not in text
    assert 'lang="&quot;&gt;&lt;i&gt;x&lt;/i&gt;"' in text


def test_a_source_address_is_escaped_inside_its_link(client, hostile):
    text = client.get("/announcements/hostile-news/").content.decode()
    assert 'href="https://example.org/news?a=1&amp;b=&lt;2&gt;"' in text


HEADS = {
    "/": [],
    "/alliances/hostile/": ["alliance.name"],
    "/organizations/hostile-org/": ["organization.name"],
    "/announcements/hostile-news/": ["announcement.title", "announcement.summary"],
    "/timeline/": [],
}


@pytest.mark.parametrize(("path", "fields"), HEADS.items(), ids=list(HEADS))
def test_the_page_description_and_title_hold_the_text_escaped(client, hostile, path, fields):
    response = client.get(path)
    assert response.status_code == 200
    head = response.content.decode().split("</head>")[0]
    assert_no_raw_markup(head)
    for field in fields:
        assert f"{field}&lt;script&gt;alert(1)&lt;/script&gt;" in head, field


def test_the_map_and_the_chart_hold_no_markup_from_the_register(client, hostile):
    page = client.get("/alliances/hostile/").content.decode()
    chart = page.split('<figure class="chart">')[1].split("</figure>")[0]
    assert_no_raw_markup(chart)
    assert escaped("alliance.name") in chart  # the caption names the alliance
    svg = client.get("/alliances/hostile/map.svg").content.decode()
    ElementTree.fromstring(svg)  # well-formed: nothing broke out of a text node
    assert_no_raw_markup(svg)


@pytest.mark.parametrize("path", ["/feeds/announcements/", "/feeds/announcements/hostile/"])
def test_the_feeds_carry_each_text_field_as_text(client, hostile, path):
    """Atom `summary type="html"` is read as HTML by feed readers: plain text must arrive escaped inside it."""
    response = client.get(path)
    feed = ElementTree.fromstring(response.content)
    entry = feed.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == payload("announcement.title")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    # What a feed reader renders as HTML shows the summary's words, not its markup.
    assert_no_raw_markup(summary.text)
    assert escaped("announcement.summary") in summary.text
    assert entry.find(f"{ATOM}author/{ATOM}name").text == payload("announcement.publisher")
    if path.endswith("/hostile/"):
        assert feed.find(f"{ATOM}title").text.endswith(payload("alliance.name"))


def test_the_sitemap_is_well_formed_with_the_hostile_records_in_it(client, hostile):
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    ElementTree.fromstring(index.content)
    for section in ("alliances", "organizations", "announcements"):
        response = client.get(f"/sitemap-{section}.xml")
        ElementTree.fromstring(response.content)
        assert_no_raw_markup(response.content.decode())
        assert "hostile" in response.content.decode(), section  # the hostile record's address is listed


def test_the_search_form_shows_a_query_of_markup_back_as_text(client, hostile):
    response = client.get("/search/", {"q": payload("q")})
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_raw_markup(text)
    assert f'value="{escaped("q")}"' in text


# Addresses a link to another site must not run: the models refuse them, and a page that meets one
# stored some other way (a raw SQL fix, an old backup) shows no link.
BAD_ADDRESSES = ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>"]


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_the_models_refuse_an_address_that_is_not_http(hostile, address):
    from django.core.exceptions import ValidationError

    for record, field in [
        (hostile["alliance"], "website"),
        (hostile["organization"], "website"),
        (hostile["announcement"], "source_url"),
    ]:
        setattr(record, field, address)
        with pytest.raises(ValidationError) as refused:
            record.full_clean()
        assert field in refused.value.message_dict


@pytest.mark.parametrize("address", BAD_ADDRESSES)
def test_a_stored_script_address_is_never_a_link(client, hostile, address):
    Alliance.objects.filter(pk=hostile["alliance"].pk).update(website=address)
    Organization.objects.filter(pk=hostile["organization"].pk).update(website=address)
    Announcement.objects.filter(pk=hostile["announcement"].pk).update(source_url=address)
    for path in ["/alliances/hostile/", "/organizations/hostile-org/", "/announcements/hostile-news/", "/timeline/"]:
        text = client.get(path).content.decode()
        assert 'href="javascript' not in text.lower(), path
        assert 'href="data:' not in text, path
