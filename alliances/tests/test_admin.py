import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from alliances.models import Membership, SourceIntake, Status

from .admin_forms import membership_form
from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db

# The register's own records; an intake of a source's list (added only by confirming one) has its own tests,
# and what the edge owes is for superusers alone (alliances/admin/edge.py).
REGISTER_MODELS = [
    model
    for model in apps.get_app_config("alliances").get_models()
    if model in admin.site._registry and model is not SourceIntake and model._meta.model_name != "pendingpurge"
]


def test_every_register_model_is_in_the_admin():
    registered = {model.__name__ for model in REGISTER_MODELS}
    expected = {
        "Alliance",
        "AllianceName",
        "Announcement",
        "Country",
        "FoundingClaim",
        "Membership",
        "MembershipSource",
        "Organization",
        "OrganizationName",
        "Ranking",
        "ReportedSize",
    }
    assert expected <= registered


@pytest.mark.usefixtures("some_of_the_register")
class TestOnTheRegisterThatShips:
    """Every model has real records to list, change and show the history of."""

    @pytest.mark.parametrize("model", REGISTER_MODELS, ids=lambda m: m.__name__)
    def test_changelist_add_and_change_pages_render_for_a_curator(self, curator_client, model):
        opts = model._meta
        changelist = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert changelist.status_code == 200
        add = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
        assert add.status_code == (403 if model.__name__ == "Country" else 200)
        obj = model.objects.first()
        change = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
        assert change.status_code == 200
        history = curator_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]))
        assert history.status_code == 200

    def test_membership_changelist_shows_dates_at_their_precision(self, curator_client):
        response = curator_client.get(reverse("admin:alliances_membership_changelist") + "?q=Argentina")
        text = response.content.decode()
        assert "22 December 2023" in text
        assert "24 August 2023" in text


def _membership_form(existing, **overrides):
    return membership_form(alliance=existing.alliance, organization=existing.organization, **overrides)


def test_an_overlapping_membership_gets_a_readable_error_not_a_500(curator_client):
    existing = MembershipFactory()
    response = curator_client.post(reverse("admin:alliances_membership_add"), _membership_form(existing))
    assert response.status_code == 200
    assert (
        "overlaps the member&#x27;s other membership of this alliance (member, since 11 December 2024)"
        in response.content.decode()
    )
    assert Membership.objects.count() == 1


def test_publishing_a_membership_without_a_published_source_is_refused(curator_client):
    existing = MembershipFactory()
    draft = AnnouncementFactory(status=Status.DRAFT)
    data = _membership_form(
        existing,
        start="2010-01-01",
        end="2011-01-01",
        status=Status.PUBLISHED,
        **{"citations-TOTAL_FORMS": "1", "citations-0-announcement": draft.pk},
    )
    response = curator_client.post(reverse("admin:alliances_membership_add"), data)
    assert response.status_code == 200
    assert "must cite at least one published announcement" in response.content.decode()
    assert Membership.objects.count() == 1


def test_a_sourced_membership_is_saved_with_its_history(curator_client):
    existing = MembershipFactory()
    source = AnnouncementFactory(title=f"{existing.organization.name} leaves")  # it names the member
    data = _membership_form(
        existing,
        start="2010-01-01",
        end="2011-01-01",
        end_reason="withdrew",
        status=Status.PUBLISHED,
        **{"citations-TOTAL_FORMS": "1", "citations-0-announcement": source.pk, "citations-0-stance": "supports"},
    )
    response = curator_client.post(reverse("admin:alliances_membership_add"), data)
    assert response.status_code == 302
    saved = Membership.objects.get(end_reason="withdrew")
    assert list(saved.sources.all()) == [source]
    assert saved.history.first().history_user.username == "curator"


def test_two_new_rows_for_one_member_that_overlap_are_refused_on_the_alliance_page(curator_client):
    alliance = AllianceFactory(slug="gpai", name="GPAI", kind="bloc")
    management = {
        f"{prefix}-{field}": value
        for prefix in ("other_names", "founding_claims", "reported_sizes", "memberships")
        for field, value in (
            ("TOTAL_FORMS", "0"),
            ("INITIAL_FORMS", "0"),
            ("MIN_NUM_FORMS", "0"),
            ("MAX_NUM_FORMS", "1000"),
        )
    }
    data = {
        **management,
        "slug": "gpai",
        "name": "GPAI",
        "kind": "bloc",
        "founded": "2020",
        "memberships-TOTAL_FORMS": "2",
    }
    for index, (start, end) in enumerate([("2020-06-15", "2022-01-01"), ("2021-01-01", "")]):
        data |= {
            f"memberships-{index}-country": "FR",
            f"memberships-{index}-role": "member",
            f"memberships-{index}-start": start,
            f"memberships-{index}-end": end,
            f"memberships-{index}-end_reason": "withdrew" if end else "",
            f"memberships-{index}-status": "draft",
        }
    response = curator_client.post(reverse("admin:alliances_alliance_change", args=[alliance.pk]), data)
    assert response.status_code == 200
    assert (
        "This period overlaps another row of this page for the same member (since 1 January 2021)."
        in response.content.decode()
    )
    assert not Membership.objects.filter(alliance=alliance).exists()
