import datetime

import pytest
from django.core.management import call_command

from alliances.models import Alliance, Announcement, Membership, Organization, Ranking, Role, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("load_demo", verbosity=0)


def _full_member_codes(slug, day):
    memberships = Membership.objects.published().filter(alliance__slug=slug).active_on(day).full_members()
    return sorted(m.country_id for m in memberships)


def test_brics_members_before_and_after_indonesia_joined(demo):
    nine = ["AE", "BR", "CN", "EG", "ET", "IN", "IR", "RU", "ZA"]
    assert _full_member_codes("brics", datetime.date(2024, 12, 11)) == nine
    assert _full_member_codes("brics", datetime.date(2025, 2, 1)) == sorted([*nine, "ID"])


def test_saudi_arabia_is_still_only_invited_and_argentina_declined(demo):
    today = datetime.date(2026, 1, 1)
    saudi = Membership.objects.get(alliance__slug="brics", country="SA")
    assert saudi.role == Role.INVITED
    assert Membership.objects.filter(pk=saudi.pk).active_on(today).exists()
    argentina = Membership.objects.get(alliance__slug="brics", country="AR")
    assert argentina.end_reason == "declined"
    assert argentina.end_display == "December 2023"


def test_the_ai_alliance_network_has_six_member_countries_cited_to_the_seed_article(demo):
    memberships = Membership.objects.filter(alliance__slug="ai-alliance-network").select_related("organization")
    assert sorted(m.organization.country_id for m in memberships) == ["BR", "CN", "ID", "IN", "RS", "ZA"]
    for membership in memberships:
        assert membership.start_display == "11 December 2024"
        assert [s.title for s in membership.sources.all()] == [
            "Russia collaborates with BRICS to establish an AI alliance, according to Putin"
        ]


def test_the_demo_invents_no_names_or_addresses(demo):
    for organization in Organization.objects.all():
        assert "name not given in the source" in organization.name
        assert organization.website == ""
    assert all(a.source_url == "" for a in Announcement.objects.all())


def test_every_demo_membership_is_published_with_a_published_source(demo):
    for membership in Membership.objects.prefetch_related("sources"):
        assert membership.status == Status.PUBLISHED
        assert Membership.publication_errors(membership.status, membership.sources.all()) == []


def test_indonesia_joined_the_network_before_it_joined_brics(demo):
    association = Membership.objects.get(alliance__slug="ai-alliance-network", organization__country="ID")
    bloc = Membership.objects.get(alliance__slug="brics", country="ID")
    assert association.start_date < bloc.start_date
    assert not Membership.objects.filter(pk=bloc.pk).active_on(association.start_date).exists()


def test_russia_rankings_from_the_article(demo):
    ranks = {(r.index_name, r.rank, r.out_of) for r in Ranking.objects.filter(country="RU")}
    assert ranks == {("Tortoise Global AI Index", 31, 83), ("Stanford AI vibrancy tool", 29, 36)}


def test_loading_the_demo_twice_changes_nothing(demo):
    def snapshot():
        return {
            model.__name__: sorted((obj.pk, getattr(obj, "updated_at", None)) for obj in model.objects.all())
            for model in (Alliance, Organization, Membership, Announcement, Ranking)
        } | {"history": Membership.history.count() + Announcement.history.count()}

    before = snapshot()
    call_command("load_demo", verbosity=0)
    assert snapshot() == before
