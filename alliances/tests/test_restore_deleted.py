"""A deleted membership comes back from history with the sources deleted with it, whichever is restored first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.models import Membership, MembershipSource, Stance, Status
from alliances.services import record_delete, record_save

from .admin_forms import form_data
from .factories import AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _membership(status, *, extra_sources=0):
    """A membership written as the admin writes it (its citations kept in history), with a published source."""
    sources = [AnnouncementFactory() for _ in range(1 + extra_sources)]
    membership = MembershipFactory(sources=[], status=Status.DRAFT, notes="as it was")
    record_save(record=membership, relations={"sources": sources}, changed=False)
    if status == Status.PUBLISHED:
        membership.status = Status.PUBLISHED
        record_save(record=membership)
    return membership


def _delete(superuser, how, membership):
    if how == "api":
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=superuser).key}")
        response = client.delete(f"/api/v1/memberships/{membership.pk}/?change_reason=Entered+twice")
        assert response.status_code == 204
    else:
        url = reverse("admin:alliances_membership_delete", args=[membership.pk])
        # The admin deletes what no published membership needs: a draft and its sources.
        response = superuser.client.post(url, {"post": "yes", "change_reason": "Entered twice"})
        assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert not MembershipSource.objects.filter(membership_id=membership.pk).exists()


def _restore_membership(client, pk):
    version = Membership.history.filter(id=pk).exclude(history_type="-").order_by("-history_date").first()
    url = reverse("admin:alliances_membership_simple_history", args=[pk, version.history_id])
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page))


def _restore_citation(client, pk):
    version = MembershipSource.history.filter(id=pk).exclude(history_type="-").order_by("-history_date").first()
    url = reverse("admin:alliances_membershipsource_simple_history", args=[pk, version.history_id])
    page = client.get(url)
    assert page.status_code == 200
    return page, client.post(url, form_data(page))


@pytest.fixture
def superuser_with_client(superuser, superuser_client):
    superuser.client = superuser_client
    return superuser


CASES = [(Status.PUBLISHED, "api"), (Status.DRAFT, "admin")]


@pytest.mark.parametrize(("status", "how"), CASES)
def test_restoring_the_membership_first_brings_back_the_sources_deleted_with_it(superuser_with_client, status, how):
    membership = _membership(status, extra_sources=1)
    citations = set(MembershipSource.objects.filter(membership=membership).values_list("pk", "announcement_id"))
    _delete(superuser_with_client, how, membership)

    response = _restore_membership(superuser_with_client.client, membership.pk)
    assert response.status_code == 302, response.context["adminform"].form.errors

    restored = Membership.objects.get(pk=membership.pk)
    assert (restored.status, restored.notes) == (status, "as it was")
    assert set(MembershipSource.objects.filter(membership=restored).values_list("pk", "announcement_id")) == citations
    # Then restoring a citation too finds it there already: nothing breaks, nothing doubles.
    _page, response = _restore_citation(superuser_with_client.client, min(pk for pk, _ in citations))
    assert response.status_code == 302
    assert MembershipSource.objects.filter(membership=restored).count() == 2


@pytest.mark.parametrize(("status", "how"), CASES)
def test_restoring_a_citation_first_brings_back_its_membership_and_the_other_sources(
    superuser_with_client, status, how
):
    membership = _membership(status, extra_sources=1)
    citations = set(MembershipSource.objects.filter(membership=membership).values_list("pk", "announcement_id"))
    _delete(superuser_with_client, how, membership)

    page, response = _restore_citation(superuser_with_client.client, min(pk for pk, _ in citations))
    assert "was deleted" in page.content.decode()  # the page says what reverting will do
    assert response.status_code == 302
    restored = Membership.objects.get(pk=membership.pk)
    assert (restored.status, restored.notes) == (status, "as it was")
    assert set(MembershipSource.objects.filter(membership=restored).values_list("pk", "announcement_id")) == citations
    followed = superuser_with_client.client.get(response["Location"])
    assert "restored too" in followed.content.decode()

    # Then the membership's own history: restoring it again changes nothing and breaks nothing.
    assert _restore_membership(superuser_with_client.client, membership.pk).status_code == 302
    assert MembershipSource.objects.filter(membership=restored).count() == 2


def test_a_restore_is_kept_in_history_with_who_and_why(superuser_with_client):
    membership = _membership(Status.PUBLISHED)
    _delete(superuser_with_client, "api", membership)
    citation_pk = MembershipSource.history.filter(membership_id=membership.pk).values_list("id", flat=True).first()
    _restore_citation(superuser_with_client.client, citation_pk)
    latest = Membership.history.filter(id=membership.pk).order_by("-history_date").first()
    assert (latest.history_type, latest.history_user.username) == ("+", "admin")
    assert latest.history_change_reason == "Restored an earlier version"
    citation = MembershipSource.history.filter(id=citation_pk).order_by("-history_date").first()
    assert (citation.history_type, citation.history_change_reason) == ("+", "Restored an earlier version")


def test_a_citation_deleted_long_before_its_membership_stays_deleted(superuser_with_client):
    membership = _membership(Status.PUBLISHED, extra_sources=1)
    earlier = MembershipSource.objects.filter(membership=membership).order_by("pk").last()
    earlier_pk = earlier.pk
    record_delete(record=earlier, reason="Not about this membership")
    # Deleted a day before the membership was.
    MembershipSource.history.filter(id=earlier_pk, history_type="-").update(
        history_date=timezone.now() - datetime.timedelta(days=1)
    )
    _delete(superuser_with_client, "api", membership)
    assert _restore_membership(superuser_with_client.client, membership.pk).status_code == 302
    assert not MembershipSource.objects.filter(pk=earlier_pk).exists()
    assert MembershipSource.objects.filter(membership_id=membership.pk, stance=Stance.SUPPORTS).count() == 1
