"""Who reaches which admin page and action: anonymous, non-staff, staff outside the group, curator, superuser."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.urls import reverse

from alliances.models import (
    AllianceName,
    FoundingClaim,
    MembershipSource,
    OrganizationName,
    ReportedSize,
    SourceIntake,
    Status,
)
from alliances.roles import CURATOR_PERMISSIONS, CURATORS

from .factories import AnnouncementFactory, MembershipFactory, RankingFactory

pytestmark = pytest.mark.django_db

# The register's models; the purges the edges still owe are for superusers alone (tests/caching/test_versions.py).
MODELS = [
    model
    for model in apps.get_app_config("alliances").get_models()
    if model in admin.site._registry and model._meta.model_name != "pendingpurge"
]
ROLES = ["anonymous", "non_staff", "staff_outside_group", "curator", "superuser"]
SAFE_TO_DELETE = {"AllianceName", "OrganizationName", "Ranking", "MembershipSource", "ReportedSize", "FoundingClaim"}
IMPORT_EXPORT = {"Organization", "Membership", "Announcement"}


@pytest.fixture
def role_client(request, client, django_user_model, curator, superuser, verified_login):
    def login(role):
        users = {
            "non_staff": lambda: django_user_model.objects.create_user("reader", password="pw"),
            "staff_outside_group": lambda: django_user_model.objects.create_user("staff", password="pw", is_staff=True),
            "curator": lambda: curator,
            "superuser": lambda: superuser,
        }
        if role == "superuser":
            return verified_login(client, superuser)
        if role != "anonymous":
            client.force_login(users[role]())
        return client

    return login


@pytest.fixture
def register():
    """One record of every model; the membership has two published sources, so one citation may go."""
    membership = MembershipFactory(sources=[AnnouncementFactory(), AnnouncementFactory()])
    RankingFactory()
    OrganizationName.objects.create(organization=membership.organization, name="Assoc.", kind="acronym")
    AllianceName.objects.create(alliance=membership.alliance, name="AAN", kind="acronym")
    ReportedSize.objects.create(
        alliance=membership.alliance, as_of="2024-12-11", members=28, source=membership.sources.first()
    )
    FoundingClaim.objects.create(
        alliance=membership.alliance, founded="2024-05", source=membership.sources.first(), quotation="Founded in May."
    )
    SourceIntake.objects.create(
        alliance=membership.alliance, announcement=membership.sources.first(), passage="x", role="member", start="2024"
    )
    return membership


def _expected(role, model, page):
    if role in ("anonymous", "non_staff"):
        return 302  # to the login page
    if role == "staff_outside_group":
        return 403
    name = model.__name__
    if name == "Country" and page in ("add", "delete"):
        return 403  # countries come from ISO 3166-1
    if name == "SourceIntake" and page in ("add", "delete"):
        return 403  # an intake is added by confirming one on an alliance's page, and undone, never deleted
    if page == "delete" and role == "curator" and name not in SAFE_TO_DELETE:
        return 403
    return 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_each_role_reaches_exactly_the_admin_pages_it_may(role_client, register, role, model):
    client = role_client(role)
    opts = model._meta
    obj = model.objects.first()
    urls = {
        "changelist": reverse(f"admin:alliances_{opts.model_name}_changelist"),
        "add": reverse(f"admin:alliances_{opts.model_name}_add"),
        "change": reverse(f"admin:alliances_{opts.model_name}_change", args=[obj.pk]),
        "history": reverse(f"admin:alliances_{opts.model_name}_history", args=[obj.pk]),
        "delete": reverse(f"admin:alliances_{opts.model_name}_delete", args=[obj.pk]),
    }
    got = {page: client.get(url).status_code for page, url in urls.items()}
    assert got == {page: _expected(role, model, page) for page in urls}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model_name", sorted(IMPORT_EXPORT))
def test_import_and_export_are_for_curators_and_superusers(role_client, role, model_name):
    client = role_client(role)
    expected = {"anonymous": 302, "non_staff": 302, "staff_outside_group": 403}.get(role, 200)
    for page in ("import", "export"):
        assert client.get(reverse(f"admin:alliances_{model_name.lower()}_{page}")).status_code == expected


@pytest.mark.parametrize("role", ROLES)
def test_publish_actions_are_offered_only_to_those_who_may_change(role_client, register, role):
    client = role_client(role)
    response = client.get(reverse("admin:alliances_membership_changelist"))
    if role in ("anonymous", "non_staff", "staff_outside_group"):
        assert response.status_code in (302, 403)
        return
    actions = [choice[0] for choice in response.context["action_form"].fields["action"].choices]
    assert {"publish", "unpublish"} <= set(actions)


def test_staff_outside_the_group_cannot_publish_by_posting_the_action(role_client, register):
    client = role_client("staff_outside_group")
    register.status = Status.DRAFT
    register.save()
    response = client.post(
        reverse("admin:alliances_membership_changelist"),
        {"action": "publish", "_selected_action": [register.pk], "post": "yes"},
    )
    assert response.status_code == 403
    register.refresh_from_db()
    assert register.status == Status.DRAFT


@pytest.mark.parametrize("role", ["staff_outside_group", "curator"])
def test_curators_cannot_manage_users_or_groups(role_client, role):
    client = role_client(role)
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert client.get(reverse("admin:auth_group_changelist")).status_code == 403


def test_staff_outside_the_group_see_nothing_on_the_admin_home(role_client):
    response = role_client("staff_outside_group").get(reverse("admin:index"))
    text = response.content.decode()
    assert "permission to view or edit anything" in text
    assert "Memberships" not in text


def test_a_curator_sees_the_register_on_the_admin_home_but_not_users(role_client):
    text = role_client("curator").get(reverse("admin:index")).content.decode()
    assert "Memberships" in text and "Organizations" in text
    assert "Users" not in text and "Groups" not in text
    assert reverse("curator-activity-mine") in text


@pytest.mark.parametrize("role", ROLES)
def test_activity_view_is_for_curators_and_superusers(role_client, role):
    expected = {"anonymous": 302, "non_staff": 302, "staff_outside_group": 403}.get(role, 200)
    assert role_client(role).get(reverse("curator-activity-mine")).status_code == expected


def test_the_curators_group_holds_exactly_the_documented_permissions():
    group = Group.objects.get(name=CURATORS)
    granted = {(p.content_type.model, p.codename.split("_", 1)[0]) for p in group.permissions.all()}
    documented = {(model, action) for model, actions in CURATOR_PERMISSIONS.items() for action in actions}
    assert granted == documented
    assert not any(action == "delete" for model, action in granted if model in {"organization", "membership"})


def test_a_curator_may_not_delete_the_last_published_source_of_a_published_membership(curator_client):
    membership = MembershipFactory()
    citation = MembershipSource.objects.get(membership=membership)
    response = curator_client.get(reverse("admin:alliances_membershipsource_delete", args=[citation.pk]))
    assert response.status_code == 403
    membership.status = Status.DRAFT
    membership.save()
    response = curator_client.get(reverse("admin:alliances_membershipsource_delete", args=[citation.pk]))
    assert response.status_code == 200


def test_create_curator_makes_a_staff_account_in_the_group(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", "a-long-enough-passphrase")
    call_command("create_curator", "--username", "maria", "--email", "maria@example.org", "--no-input")
    user = django_user_model.objects.get(username="maria")
    assert user.is_staff and not user.is_superuser
    assert user.email == "maria@example.org"
    assert user.check_password("a-long-enough-passphrase")
    assert list(user.groups.values_list("name", flat=True)) == [CURATORS]
    assert user.has_perm("alliances.change_membership")
    assert not user.has_perm("alliances.delete_membership")
    assert not user.has_perm("auth.change_user")


def test_create_curator_asks_for_the_password_twice(monkeypatch, django_user_model):
    typed = ["first-try-passphrase", "a-typo-passphrase", "a-long-enough-passphrase", "a-long-enough-passphrase"]
    answers = iter(typed)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_curator", "--username", "ivan")
    assert django_user_model.objects.get(username="ivan").check_password("a-long-enough-passphrase")


def test_create_curator_refuses_a_weak_password_without_input(monkeypatch, django_user_model):
    monkeypatch.setenv("DJANGO_CURATOR_PASSWORD", "123")
    with pytest.raises(CommandError, match="too short"):
        call_command("create_curator", "--username", "weak", "--no-input")
    assert not django_user_model.objects.filter(username="weak").exists()
