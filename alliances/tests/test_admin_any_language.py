"""The admin follows the curator's language, and its search finds records by their names in every language."""

import pytest

from alliances.models import Country

from .factories import AllianceFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def _found(client, model, words):
    response = client.get(f"/admin/alliances/{model}/", {"q": words})
    assert response.status_code == 200
    return list(response.context["cl"].result_list)


def test_the_country_search_finds_kazakhstan_by_its_russian_name(superuser_client):
    assert [c.code for c in _found(superuser_client, "country", "Казах")] == ["KZ"]


def test_the_country_autocomplete_finds_a_country_by_its_russian_name(superuser_client):
    response = superuser_client.get(
        "/admin/autocomplete/",
        {"term": "Казах", "app_label": "alliances", "model_name": "membership", "field_name": "country"},
    )
    assert [row["id"] for row in response.json()["results"]] == ["KZ"]


def test_the_organisation_search_finds_a_russian_name_and_a_russian_country_name(superuser_client):
    OrganizationFactory(slug="kz-ai", name="Kazakhstan AI Association", country=country("KZ"))
    russian = OrganizationFactory(slug="ru-ai", name="Russian AI Alliance", name_ru="Альянс ИИ", country=country("RU"))
    assert _found(superuser_client, "organization", "Альянс") == [russian]
    assert [o.slug for o in _found(superuser_client, "organization", "Казахстан")] == ["kz-ai"]


def test_the_alliance_and_membership_searches_find_russian_names(superuser_client):
    brics = AllianceFactory(slug="brics", name="BRICS", name_ru="БРИКС")
    membership = MembershipFactory(alliance=brics, organization=None, country=Country.objects.get(code="EG"))
    assert _found(superuser_client, "alliance", "БРИКС") == [brics]
    assert _found(superuser_client, "membership", "Египет") == [membership]
    assert _found(superuser_client, "membership", "БРИКС") == [membership]


def test_the_language_switch_remembers_the_choice_and_the_admin_follows_it(client, superuser_client):
    page = client.get("/alliances/")
    assert '<a href="/language/ru/?next=%2Falliances%2F" hreflang="ru" lang="ru">Русский</a>' in page.content.decode()
    switch = superuser_client.get("/language/ru/", {"next": "/alliances/"})
    assert switch.status_code == 302
    assert switch["Location"] == "/ru/alliances/"
    assert switch.cookies["django_language"].value == "ru"
    assert "no-store" in switch["Cache-Control"]
    admin = superuser_client.get("/admin/")
    assert '<html lang="ru"' in admin.content.decode()
    superuser_client.get("/language/en/", {"next": "/ru/alliances/"})
    assert '<html lang="en' in superuser_client.get("/admin/").content.decode()


def test_the_language_switch_goes_nowhere_but_this_site(client):
    response = client.get("/language/ru/", {"next": "https://elsewhere.example/"})
    assert response["Location"] == "/ru/"
    assert client.get("/language/xx/").status_code == 404
