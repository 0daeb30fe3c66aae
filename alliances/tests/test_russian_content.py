"""Russian versions of names, descriptions, titles and summaries (django-modeltranslation).

On /ru/ pages a record shows its Russian text, or its English one marked lang="en"; the API,
the CSV and the admin's export stay English; the admin edits both side by side; search finds
a record by its name in either language on either site.
"""

import datetime

import pytest
import tablib
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from alliances.admin.resources import AnnouncementResource, OrganizationResource
from alliances.models import Alliance, Announcement, Organization

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    alliance = AllianceFactory(
        slug="network",
        name="AI Alliance Network",
        name_ru="Альянс в сфере ИИ",
        description="A network of national AI associations.",
        description_ru="Сеть национальных ассоциаций ИИ.",
    )
    source = AnnouncementFactory(
        slug="launch", title="The network is launched", title_ru="Запуск сети", summary="Six associations joined."
    )
    source.alliances.add(alliance)
    organization = OrganizationFactory(slug="abria", name="Brazilian AI Association", country=country("BR"))
    MembershipFactory(alliance=alliance, organization=organization, sources=[source])
    return alliance


def test_a_russian_page_shows_the_russian_texts(client, network):
    text = client.get("/ru/alliances/network/").content.decode()
    assert "<h1>Альянс в сфере ИИ</h1>" in text
    assert "<title>Альянс в сфере ИИ · " in text
    assert "<p>Сеть национальных ассоциаций ИИ.</p>" in text
    assert ">Запуск сети</a>" in text


def test_a_russian_page_marks_an_english_text_it_falls_back_to(client, network):
    text = client.get("/ru/alliances/network/").content.decode()
    assert '<span lang="en">Brazilian AI Association</span>' in text
    summary = client.get("/ru/announcements/launch/").content.decode()
    assert '<p lang="en">Six associations joined.</p>' in summary
    assert "<h1>Запуск сети</h1>" in summary


def test_an_english_page_shows_the_english_texts_unmarked(client, network):
    text = client.get("/alliances/network/").content.decode()
    assert "<h1>AI Alliance Network</h1>" in text
    assert "<p>A network of national AI associations.</p>" in text
    assert "Альянс" not in text
    assert 'lang="en"><' not in text.replace('hreflang="en" lang="en">English<', "")


def test_the_api_and_its_csv_stay_english(client, network):
    detail = client.get("/api/v1/alliances/network/").json()
    assert (detail["name"], detail["description"]) == ("AI Alliance Network", "A network of national AI associations.")
    members = client.get("/api/v1/memberships/?alliance=network").json()["results"]
    assert members[0]["alliance"]["name"] == "AI Alliance Network"
    assert members[0]["sources"][0]["title"] == "The network is launched"
    csv = b"".join(client.get("/api/v1/memberships/?alliance=network&format=csv").streaming_content).decode()
    assert "AI Alliance Network" in csv and "Альянс" not in csv


def test_a_save_while_russian_is_active_keeps_the_english_column_english(network):
    with translation.override("ru"):
        alliance = Alliance.objects.get(slug="network")
        assert alliance.name == "Альянс в сфере ИИ"
        alliance.save()
    assert Alliance.objects.filter(slug="network").values_list("name", flat=True).get() == "AI Alliance Network"
    assert Alliance.objects.get(slug="network").name == "AI Alliance Network"


def test_the_admin_edits_both_languages_side_by_side(superuser_client, network):
    url = reverse("admin:alliances_alliance_change", args=[network.pk])
    text = superuser_client.get(url).content.decode()
    row = text[text.index('class="form-row field-name field-name_ru') :]
    row = row[: row.index("</fieldset>")] if "</fieldset>" in row else row
    assert 'name="name"' in row and 'name="name_ru"' in row
    assert 'value="Альянс в сфере ИИ"' in row
    assert 'name="name_en"' not in text  # the English column is the form's `name`


@pytest.mark.parametrize("admin_language", ["en", "ru"])
def test_the_admin_saves_a_russian_name(superuser_client, admin_language):
    """In a Russian admin too, `name` is the English text and `name [ru]` the Russian one."""
    superuser_client.cookies["django_language"] = admin_language
    organization = OrganizationFactory(slug="abria", name="Brazilian AI Association", name_ru="Старое")
    url = reverse("admin:alliances_organization_change", args=[organization.pk])
    form = superuser_client.get(url).context["adminform"].form
    assert (form.initial["name"], form.initial["name_ru"]) == ("Brazilian AI Association", "Старое")
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name": "Brazilian AI Association",
            "name_ru": "Бразильская ассоциация ИИ",
            "country": "BR",
            "other_names-TOTAL_FORMS": "0",
            "other_names-INITIAL_FORMS": "0",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
        }
    )
    response = superuser_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = Organization.objects.get(pk=organization.pk)
    assert (saved.name_en, saved.name_ru) == ("Brazilian AI Association", "Бразильская ассоциация ИИ")
    assert Organization.objects.filter(pk=organization.pk).values_list("name", flat=True).get() == saved.name_en


def test_import_and_export_carry_the_russian_columns():
    OrganizationFactory(slug="abria", name="Brazilian AI Association", name_ru="Бразильская ассоциация ИИ")
    exported = OrganizationResource().export()
    assert {"name", "name_ru", "description_ru"} <= set(exported.headers)
    assert exported.dict[0]["name"] == "Brazilian AI Association"
    assert exported.dict[0]["name_ru"] == "Бразильская ассоциация ИИ"
    rows = tablib.Dataset(headers=["slug", "title", "title_ru", "kind", "date", "status", "summary", "summary_ru"])
    rows.append(["launch", "Launched", "Запущено", "news_article", "2024-12-11", "draft", "Six joined.", "Шесть."])
    result = AnnouncementResource().import_data(rows, raise_errors=True)
    assert not result.has_validation_errors()
    with translation.override("ru"):
        announcement = Announcement.objects.get(slug="launch")
        assert (announcement.title, announcement.summary) == ("Запущено", "Шесть.")
    assert announcement.date == datetime.date(2024, 12, 11)


@pytest.mark.parametrize("prefix", ["", "/ru"])
def test_search_finds_a_record_by_its_name_in_either_language(client, network, prefix):
    for words, found in [
        ("Альянс в сфере", "/alliances/network/"),
        ("AI Alliance Network", "/alliances/network/"),
        ("Запуск", "/announcements/launch/"),
        ("launched", "/announcements/launch/"),
        ("Сербия", "/countries/rs/"),
        ("Serbia", "/countries/rs/"),
    ]:
        text = client.get(f"{prefix}/search/", {"q": words}).content.decode()
        assert f'href="{prefix}{found}"' in text, (prefix, words)


def _queries(client, path):
    cache.clear()  # no kept response or count: the page is made afresh
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_russian_texts_cost_no_query_a_row(client):
    """Pages that list many records read both languages with each row: no more queries in Russian than in
    English (which test_page_queries holds at two sizes), and no more for 30 rows than a page's pagination adds."""
    pages = {"/alliances/network/": "Орг 0", "/countries/br/": "Орг 0", "/timeline/": "Доклад ", "/": "Сеть"}
    alliance = AllianceFactory(slug="network", name="Network", name_ru="Сеть")
    counts = {}
    for size in (2, 30):
        for index in range(len(counts) and 2, size):
            source = AnnouncementFactory(title=f"Report {index}", title_ru=f"Доклад {index}")
            source.alliances.add(alliance)
            organization = OrganizationFactory(slug=f"org-{index}", name=f"Org {index}", name_ru=f"Орг {index}")
            MembershipFactory(alliance=alliance, organization=organization, sources=[source])
        for path, russian in pages.items():
            english, _text = _queries(client, path)
            queries, text = _queries(client, f"/ru{path}")
            assert russian in text
            assert queries <= english, path
            counts.setdefault(path, []).append(queries)
    assert all(at_30 <= at_2 + 2 for at_2, at_30 in counts.values()), counts  # + the page count, + its slice
