"""Markup in the register shows as text on every admin page a curator opens."""

import pytest
from django.urls import reverse

from alliances.models import AllianceName, Membership, MembershipSource, Organization, OrganizationName, Ranking

from ..admin_forms import form_data
from ..factories import country
from ..test_import_export import MEMBERSHIP_HEADER, _csv, _upload
from .conftest import assert_no_raw_markup, escaped, payload

pytestmark = pytest.mark.django_db

MODELS = ["alliance", "alliancename", "organization", "organizationname", "announcement", "membership", "ranking"]


def _pk(model, hostile):
    records = {
        "alliance": hostile["alliance"],
        "organization": hostile["organization"],
        "announcement": hostile["announcement"],
        "membership": hostile["membership"],
        "alliancename": AllianceName.objects.get(),
        "organizationname": OrganizationName.objects.get(),
        "ranking": Ranking.objects.get(),
        "membershipsource": MembershipSource.objects.get(),
    }
    return records[model].pk


@pytest.mark.parametrize("model", [*MODELS, "membershipsource"])
def test_the_change_list_shows_markup_as_text(superuser_client, hostile, model):
    response = superuser_client.get(reverse(f"admin:alliances_{model}_changelist"))
    assert response.status_code == 200
    assert_no_raw_markup(response.content.decode())


@pytest.mark.parametrize("model", [*MODELS, "membershipsource"])
def test_the_change_form_shows_markup_as_text(superuser_client, hostile, model):
    response = superuser_client.get(reverse(f"admin:alliances_{model}_change", args=[_pk(model, hostile)]))
    assert response.status_code == 200
    assert_no_raw_markup(response.content.decode())


def test_the_change_list_search_for_markup_answers_with_text(superuser_client, hostile):
    response = superuser_client.get(reverse("admin:alliances_organization_changelist"), {"q": payload("q")})
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_raw_markup(text)
    assert escaped("q") in text


def test_history_and_activity_show_the_before_and_after_of_a_change_as_text(curator_client, hostile, curator):
    organization = hostile["organization"]
    url = reverse("admin:alliances_organization_change", args=[organization.pk])
    data = form_data(curator_client.get(url), name=payload("renamed"), save_anyway="on")
    assert curator_client.post(url, data).status_code == 302

    history = curator_client.get(reverse("admin:alliances_organization_history", args=[organization.pk]))
    text = history.content.decode()
    assert_no_raw_markup(text)
    assert f'<td class="before">{escaped("organization.name")}</td>' in text
    assert f'<td class="after">{escaped("renamed")}</td>' in text

    version = organization.history.last()
    restore = curator_client.get(
        reverse("admin:alliances_organization_simple_history", args=[organization.pk, version.history_id])
    )
    assert restore.status_code == 200
    assert_no_raw_markup(restore.content.decode())

    activity = curator_client.get(reverse("curator-activity", args=[curator.pk]))
    text = activity.content.decode()
    assert_no_raw_markup(text)
    assert escaped("renamed") in text


def test_the_publish_confirmation_lists_records_as_text(superuser_client, hostile, draft_hostile):
    response = superuser_client.post(
        reverse("admin:alliances_membership_changelist"),
        {"action": "publish", "_selected_action": [hostile["membership"].pk, draft_hostile.pk]},
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_raw_markup(text)
    assert escaped("draft.organization.name") in text


def test_the_publish_refusal_message_shows_the_record_as_text(superuser_client, hostile, draft_hostile):
    draft_hostile.sources.clear()
    response = superuser_client.post(
        reverse("admin:alliances_membership_changelist"),
        {"action": "publish", "_selected_action": [draft_hostile.pk], "post": "yes"},
        follow=True,
    )
    text = response.content.decode()
    assert "Refused" in text
    assert_no_raw_markup(text)


def test_the_other_memberships_panel_shows_text(superuser_client, hostile):
    membership = hostile["membership"]
    response = superuser_client.get(
        reverse("admin:alliances_membership_other_memberships"),
        {"alliance": membership.alliance_id, "organization": membership.organization_id, "exclude": payload("x")},
    )
    assert response.status_code == 200
    assert_no_raw_markup(response.content.decode())


def test_the_duplicate_warning_names_the_existing_organization_as_text(superuser_client, hostile):
    url = reverse("admin:alliances_organization_add")
    data = form_data(superuser_client.get(url), slug="copy", name=payload("organization.name"), kind="company")
    data["country"] = country("BR").pk
    response = superuser_client.post(url, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "may be an organization already in the register" in text
    assert_no_raw_markup(text)
    assert f">{escaped('organization.name')}</a>" in text
    assert not Organization.objects.filter(slug="copy").exists()


def test_the_import_preview_shows_rows_and_likely_duplicates_as_text(superuser_client, hostile):
    content = _csv(
        ["slug", "name", "kind", "country", "website", "description"],
        ["new-one", payload("imported.name"), "company", "BR", "", payload("imported.description")],
        ["near-copy", payload("organization.name"), "company", "BR", "", ""],
    )
    response = _upload(superuser_client, "organization", content)
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_raw_markup(text)
    assert "imported.name" in text
    assert "Likely duplicates" in text
    assert not Organization.objects.filter(slug="new-one").exists()


def test_the_import_errors_show_the_bad_values_as_text(superuser_client, hostile):
    content = _csv(
        MEMBERSHIP_HEADER,
        [payload("alliance"), payload("organization"), "", "member", payload("start"), "", "", "draft", ""],
    )
    response = _upload(superuser_client, "membership", content)
    assert response.status_code == 200
    text = response.content.decode()
    assert_no_raw_markup(text)
    assert Membership.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("alliance", "1\x00"), ("alliance", "abc"), ("alliance", "' OR 1=1 --"), ("country", "B\x00"), ("country", "ZZ")],
)
def test_an_admin_form_with_a_bad_related_value_shows_the_form_again(superuser_client, hostile, field, value):
    membership = hostile["membership"]
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = superuser_client.post(url, form_data(superuser_client.get(url), **{field: value}))
    assert response.status_code == 200
    assert 'class="errornote"' in response.content.decode()


def test_an_inline_and_a_many_to_many_with_a_bad_related_value_show_the_form_again(superuser_client, hostile):
    announcement = hostile["announcement"]
    url = reverse("admin:alliances_announcement_change", args=[announcement.pk])
    response = superuser_client.post(url, form_data(superuser_client.get(url), alliances=["x\x00", "abc"]))
    assert response.status_code == 200
    country = hostile["organization"].country
    url = reverse("admin:alliances_country_change", args=[country.pk])
    data = form_data(superuser_client.get(url))
    data.update({"rankings-0-source": "abc", "rankings-0-index_name": "x", "rankings-0-rank": 1})
    data["rankings-0-out_of"] = 2
    assert superuser_client.post(url, data).status_code == 200
