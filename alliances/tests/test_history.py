"""History and undo: every admin and import write is kept with who and what changed, and any version can come back."""

import pytest
from django.test import Client
from django.urls import reverse

from alliances.admin.resources import OrganizationResource
from alliances.models import Membership, Organization, OrganizationName, Status
from alliances.translation import mirrored_fields

from .admin_forms import form_data
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

KEPT_FIELDS = ["slug", "name", "kind", "country_id", "website", "description"]


def _change(client, obj, **values):
    opts = obj._meta
    url = reverse(f"admin:alliances_{opts.model_name}_change", args=[obj.pk])
    response = client.post(url, form_data(client.get(url), **values))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return response


def _fields(obj, names):
    obj.refresh_from_db()
    return {name: getattr(obj, name) for name in names}


def test_an_admin_change_is_kept_with_who_and_the_changed_fields_side_by_side(curator_client):
    organization = OrganizationFactory(name="Old Name", website="")
    _change(curator_client, organization, name="New Name", website="https://new.example")
    latest = organization.history.first()
    assert latest.history_user.username == "curator"
    assert latest.history_type == "~"

    page = curator_client.get(reverse("admin:alliances_organization_history", args=[organization.pk]))
    text = page.content.decode()
    assert '<td class="before">Old Name</td><td class="after">New Name</td>' in text
    assert '<td class="after">https://new.example</td>' in text
    assert reverse("curator-activity", args=[latest.history_user_id]) in text  # "changed by" leads to their activity


def test_restoring_an_earlier_version_brings_the_record_back_exactly(curator_client):
    organization = OrganizationFactory(name="Original", website="https://original.example", description="First.")
    original = _fields(organization, KEPT_FIELDS)
    first_version = organization.history.get()
    _change(curator_client, organization, name="Vandalised", website="", description="", kind="company")
    _change(curator_client, organization, slug="moved", country="IN")
    assert _fields(organization, KEPT_FIELDS) != original

    url = reverse("admin:alliances_organization_simple_history", args=[organization.pk, first_version.history_id])
    page = curator_client.get(url)
    assert page.status_code == 200 and "Revert" in page.content.decode()
    response = curator_client.post(url, form_data(page))
    assert response.status_code == 302
    assert _fields(organization, KEPT_FIELDS) == original
    restore = organization.history.first()
    assert restore.history_change_reason == "Restored an earlier version"
    assert restore.history_user.username == "curator"


def test_restoring_a_membership_brings_back_its_period_and_status(curator_client):
    membership = MembershipFactory(start="2024-12-11")
    fields = ["start", "start_earliest", "start_latest", "end", "end_earliest", "end_latest", "end_reason", "status"]
    fields += ["role", "notes"]
    original = _fields(membership, fields)
    version = membership.history.first()
    membership.end, membership.end_reason = "2025-01", "withdrew"
    membership.status, membership.notes = Status.DRAFT, "mistake"
    membership.save()

    url = reverse("admin:alliances_membership_simple_history", args=[membership.pk, version.history_id])
    response = curator_client.post(url, form_data(curator_client.get(url)))
    assert response.status_code == 302
    assert _fields(membership, fields) == original


def test_restoring_an_announcement_brings_back_the_alliances_and_countries_it_concerned(curator_client):
    announcement = AnnouncementFactory()
    first, second = AllianceFactory(), AllianceFactory()
    announcement.alliances.set([first])
    announcement.countries.set(["BR", "IN"])
    version = announcement.history.first()
    announcement.alliances.set([second])
    announcement.countries.set(["RU"])

    url = reverse("admin:alliances_announcement_simple_history", args=[announcement.pk, version.history_id])
    response = curator_client.post(url, form_data(curator_client.get(url)))
    assert response.status_code == 302
    assert list(announcement.alliances.all()) == [first]
    assert sorted(announcement.countries.values_list("code", flat=True)) == ["BR", "IN"]


def test_restoring_a_published_version_of_a_membership_that_lost_its_sources_is_refused(curator_client):
    membership = MembershipFactory()
    published_version = membership.history.first()
    membership.status = Status.DRAFT
    membership.save()
    membership.sources.clear()

    url = reverse("admin:alliances_membership_simple_history", args=[membership.pk, published_version.history_id])
    response = curator_client.post(url, form_data(curator_client.get(url)))
    assert response.status_code == 200
    assert "must cite at least one published announcement" in response.content.decode()
    membership.refresh_from_db()
    assert membership.status == Status.DRAFT


def test_a_deleted_other_name_can_be_restored_from_its_history(curator_client):
    organization = OrganizationFactory()
    name = OrganizationName.objects.create(organization=organization, name="АИИ", language="ru", kind="native")
    pk = name.pk
    url = reverse("admin:alliances_organizationname_delete", args=[pk])
    response = curator_client.post(url, {"post": "yes"})
    assert response.status_code == 200 and "Say why this is deleted." in response.content.decode()
    assert OrganizationName.objects.filter(pk=pk).exists()
    response = curator_client.post(url, {"post": "yes", "change_reason": "Not a name it uses"})
    assert response.status_code == 302 and not OrganizationName.objects.filter(pk=pk).exists()
    assert OrganizationName.history.filter(id=pk, history_type="-").get().history_change_reason == "Not a name it uses"

    version = OrganizationName.history.filter(id=pk, history_type="+").get()
    url = reverse("admin:alliances_organizationname_simple_history", args=[pk, version.history_id])
    response = curator_client.post(url, form_data(curator_client.get(url)))
    assert response.status_code == 302
    restored = OrganizationName.objects.get(pk=pk)
    assert (restored.name, restored.language, restored.organization_id) == ("АИИ", "ru", organization.pk)


def test_an_import_is_kept_in_history_with_the_importing_curator(curator):
    organization = OrganizationFactory(slug="org", name="Before")
    dataset = OrganizationResource().export()
    dataset.dict = [{**row, "name": "After"} for row in dataset.dict]
    OrganizationResource().import_data(dataset, user=curator)
    organization.refresh_from_db()
    assert organization.name == "After"
    latest = organization.history.first()
    assert latest.history_type == "~"
    # The English mirror (name_en) changes with the name; curators' views leave it out.
    assert latest.diff_against(latest.prev_record, excluded_fields=mirrored_fields(Organization)).changed_fields == [
        "name"
    ]


def _activity(client, user=None):
    url = reverse("curator-activity", args=[user.pk]) if user else reverse("curator-activity-mine")
    return client.get(url)


def test_the_activity_view_lists_one_curators_changes_newest_first(curator_client, curator, superuser):
    mine = OrganizationFactory(name="Mine")
    _change(curator_client, mine, name="Mine, renamed")
    membership = MembershipFactory()
    url = reverse("admin:alliances_membership_change", args=[membership.pk])
    response = curator_client.post(url, form_data(curator_client.get(url), notes="checked"))
    assert response.status_code == 302
    theirs = OrganizationFactory(name="Theirs")
    theirs._history_user = superuser
    theirs.save()

    response = _activity(curator_client)
    entries = response.context["entries"]
    kinds = [(entry["model"], entry["type"]) for entry in entries]
    assert kinds == [("membership", "Changed"), ("organization", "Changed")]
    assert entries[0]["object"] == str(Membership.objects.get())
    assert entries[0]["fields"] == ["notes"]
    assert entries[1]["fields"] == ["name"]
    text = response.content.decode()
    assert reverse("admin:alliances_organization_history", args=[mine.pk]) in text
    assert "Theirs" not in text

    assert _activity(curator_client, superuser).status_code == 403  # a curator sees their own work only
    assert _activity(curator_client, curator).status_code == 200


def test_a_curators_activity_page_names_no_other_staff_but_a_superusers_names_all(
    curator_client, curator, superuser, verified_login
):
    text = _activity(curator_client).content.decode()
    assert 'class="curator-picker"' not in text
    assert reverse("curator-activity", args=[superuser.pk]) not in text

    superuser_client = verified_login(Client(), superuser)
    theirs = OrganizationFactory(name="Theirs")
    theirs._history_user = superuser
    theirs.save()
    page = _activity(superuser_client, curator)
    assert page.status_code == 200
    assert 'class="curator-picker"' in page.content.decode()
    assert [entry["object"] for entry in _activity(superuser_client, superuser).context["entries"]] == ["Theirs"]


def test_history_and_activity_show_the_reason_and_a_dash_for_none(curator_client, curator):
    organization = OrganizationFactory(name="Before")
    _change(curator_client, organization, name="After", change_reason="Its own site spells it so")
    _change(curator_client, organization, description="No reason given.")
    reasons = [entry["reason"] for entry in _activity(curator_client).context["entries"]]
    assert reasons == ["—", "Its own site spells it so"]

    page = curator_client.get(reverse("admin:alliances_organization_history", args=[organization.pk]))
    text = page.content.decode()
    assert '<td class="change-reason">Its own site spells it so</td>' in text
    assert '<td class="change-reason">—</td>' in text
    assert "None" not in text


@pytest.mark.parametrize("changes", [2, 12])
def test_the_activity_view_takes_a_fixed_number_of_queries(
    curator_client, curator, changes, django_assert_max_num_queries
):
    for index in range(changes):
        membership = MembershipFactory()
        membership._history_user = curator
        membership.notes = f"note {index}"
        membership.save()
        organization = Organization.objects.get(pk=membership.organization_id)
        organization._history_user = curator
        organization.save()
    with django_assert_max_num_queries(25):
        response = _activity(curator_client)
    assert len(response.context["entries"]) == 2 * changes
