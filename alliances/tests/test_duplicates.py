"""Keeping the register clean: likely duplicate organizations, and a membership's view of the member's others."""

import datetime

import pytest
from django.urls import reverse

from alliances.duplicates import likely_duplicates, names_match
from alliances.models import Organization, OrganizationName

from .admin_forms import form_data
from .factories import AllianceFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("National AI Association of Brazil", "National A.I. Association of Brazil"),
        ("Associação Brasileira de Inteligência Artificial", "Associacao Brasileira de Inteligencia Artificial"),
        ("The Artificial Intelligence Alliance", "Artificial Inteligence Alliance"),
        ("SBER", "Sber"),
    ],
)
def test_names_that_differ_only_in_spelling_match(a, b):
    assert names_match(a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("National AI Association of Brazil", "National AI Association of India"),
        ("Sberbank", "Yandex"),
        ("", ""),
    ],
)
def test_different_names_do_not_match(a, b):
    assert not names_match(a, b)


def test_a_duplicate_is_found_by_other_name_and_only_in_the_same_country():
    organization = OrganizationFactory(name="Alliance in the Field of AI", country=country("RU"))
    OrganizationName.objects.create(organization=organization, name="Альянс в сфере ИИ", language="ru")
    assert likely_duplicates(names=["Альянс в сфере ИИ"], country=country("RU")) == [organization]
    assert likely_duplicates(names=["Альянс в сфере ИИ"], country=country("BY")) == []
    assert likely_duplicates(names=["Alliance in the Field of AI"], country=None) == []


def _add_organization(client, **values):
    url = reverse("admin:alliances_organization_add")
    data = form_data(client.get(url), **{"slug": "new-org", "kind": "national_association", **values})
    return client.post(url, data)


def test_the_admin_warns_before_saving_a_likely_duplicate_and_saves_when_confirmed(curator_client):
    existing = OrganizationFactory(slug="nab", name="National AI Association of Brazil", country=country("BR"))
    response = _add_organization(curator_client, name="National A.I. Association of Brazil", country="BR")
    assert response.status_code == 200
    text = response.content.decode()
    assert "This may be an organization already in the register" in text
    assert reverse("admin:alliances_organization_change", args=[existing.pk]) in text
    assert 'type="checkbox" name="save_anyway"' in text
    assert Organization.objects.count() == 1

    response = _add_organization(
        curator_client, name="National A.I. Association of Brazil", country="BR", save_anyway="on"
    )
    assert response.status_code == 302
    assert Organization.objects.filter(slug="new-org").exists()


def test_a_duplicate_whose_slug_clashes_is_offered_a_free_slug_and_saves_anyway(curator_client):
    OrganizationFactory(slug="nab", name="National AI Association of Brazil", country=country("BR"))
    OrganizationFactory(slug="nab-2", name="Another body", country=country("IN"))
    values = {"name": "National A.I. Association of Brazil", "country": "BR", "slug": "nab"}
    response = _add_organization(curator_client, **values)
    assert response.status_code == 200
    text = response.content.decode()
    assert "The slug “nab” is another organization&#x27;s address. “nab-3” is free and is filled in" in text
    assert 'name="slug" value="nab-3"' in text
    assert "This may be an organization already in the register" in text

    response = _add_organization(curator_client, **{**values, "slug": "nab-3", "save_anyway": "on"})
    assert response.status_code == 302
    assert Organization.objects.filter(slug="nab-3", country="BR").exists()


def test_an_other_name_typed_on_the_same_page_is_checked_too(curator_client):
    existing = OrganizationFactory(name="Alliance in the Field of AI", country=country("RU"))
    OrganizationName.objects.create(organization=existing, name="Альянс в сфере искусственного интеллекта")
    response = _add_organization(
        curator_client,
        name="AI Alliance Russia",
        country="RU",
        **{
            "other_names-TOTAL_FORMS": "1",
            "other_names-0-name": "Альянс в сфере искусственного интеллекта",
            "other_names-0-kind": "native",
            "other_names-0-language": "ru",
        },
    )
    assert response.status_code == 200
    assert "This may be an organization already in the register" in response.content.decode()
    assert Organization.objects.count() == 1


def test_the_save_anyway_box_stays_hidden_without_a_warning(curator_client):
    OrganizationFactory(name="National AI Association of Brazil", country=country("BR"))
    page = curator_client.get(reverse("admin:alliances_organization_add"))
    assert 'type="hidden" name="save_anyway"' in page.content.decode()
    response = _add_organization(curator_client, name="National AI Association of Brazil", country="IN")
    assert response.status_code == 302  # another country: no warning


def test_editing_an_organization_without_renaming_it_gives_no_warning(curator_client):
    OrganizationFactory(name="Twin Institute", country=country("BR"))
    twin = OrganizationFactory(name="Twin Institute.", country=country("BR"))
    url = reverse("admin:alliances_organization_change", args=[twin.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), description="Checked."))
    assert response.status_code == 302


def test_the_membership_form_shows_the_members_other_memberships_of_the_alliance(curator_client):
    alliance = AllianceFactory()
    left = MembershipFactory(
        alliance=alliance,
        start_date=datetime.date(2019, 1, 1),
        start_precision="year",
        end_date=datetime.date(2021, 1, 1),
        end_precision="year",
        end_reason="withdrew",
    )
    rejoined = MembershipFactory(alliance=alliance, organization=left.organization)
    elsewhere = MembershipFactory(organization=left.organization, start_date=datetime.date(2018, 5, 1))
    page = curator_client.get(reverse("admin:alliances_membership_change", args=[rejoined.pk]))
    panel = page.content.decode().split('class="other-memberships"')[1].split("</div>")[0]
    assert "2019 – 2021" in panel and "withdrew" in panel
    assert reverse("admin:alliances_membership_change", args=[left.pk]) in panel
    assert elsewhere.start_display not in panel
    assert "since 11 December 2024" not in panel  # not itself


def test_the_other_memberships_panel_follows_the_choices_while_typing(curator_client):
    existing = MembershipFactory()
    url = reverse("admin:alliances_membership_other_memberships")
    response = curator_client.get(url, {"alliance": existing.alliance_id, "organization": existing.organization_id})
    assert "since 11 December 2024" in response.content.decode()
    nobody = curator_client.get(url, {"alliance": existing.alliance_id, "country": "in"})
    assert "the member holds no other membership" in nobody.content.decode()
    empty = curator_client.get(url, {"alliance": "x"})
    assert "Choose the alliance and the member" in empty.content.decode()


def test_the_other_memberships_panel_is_closed_to_staff_outside_the_group(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("staff", password="pw", is_staff=True))
    assert client.get(reverse("admin:alliances_membership_other_memberships")).status_code == 403
