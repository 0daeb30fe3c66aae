"""Drafts and publishing: new records start as drafts; bulk publish and unpublish with a confirmation and refusals."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from alliances.models import Announcement, Membership, OrganizationName, Status

from .factories import AnnouncementFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _act(client, model, action, records, confirm=True, reason=""):
    data = {"action": action, "_selected_action": [record.pk for record in records], "change_reason": reason}
    if confirm:
        data["post"] = "yes"
    return client.post(reverse(f"admin:alliances_{model}_changelist"), data, follow=confirm)


def _messages(response):
    return [str(message) for message in response.context["messages"]]


def test_new_announcements_and_memberships_start_as_drafts():
    assert Announcement._meta.get_field("status").default == Status.DRAFT
    assert Membership._meta.get_field("status").default == Status.DRAFT


def test_publish_asks_for_confirmation_and_changes_nothing_until_confirmed(curator_client):
    draft = MembershipFactory(status=Status.DRAFT)
    response = _act(curator_client, "membership", "publish", [draft], confirm=False)
    assert response.status_code == 200
    text = response.content.decode()
    assert "1 will change" in text
    assert 'name="post" value="yes"' in text
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publish_changes_sourced_drafts_and_refuses_unsourced_ones_with_the_reason(curator_client):
    sourced = MembershipFactory(status=Status.DRAFT)
    unsourced = MembershipFactory(status=Status.DRAFT, sources=[])
    draft_sourced = MembershipFactory(status=Status.DRAFT, sources=[AnnouncementFactory(status=Status.DRAFT)])
    already = MembershipFactory()

    preview = _act(curator_client, "membership", "publish", [sourced, unsourced, draft_sourced, already], False)
    assert "2 will be refused" in preview.content.decode()

    response = _act(curator_client, "membership", "publish", [sourced, unsourced, draft_sourced, already])
    messages = _messages(response)
    assert messages[0] == "1 changed, 1 already had this status, 2 refused."
    assert sum("must cite at least one published announcement" in m for m in messages[1:]) == 2
    assert {m.status for m in Membership.objects.all()} == {Status.PUBLISHED, Status.DRAFT}
    assert set(Membership.objects.published().values_list("pk", flat=True)) == {sourced.pk, already.pk}


def test_publish_refuses_a_membership_that_fails_validation(curator_client):
    # Written past validation, as an old script might have: a start that is no date.
    invalid = MembershipFactory(status=Status.DRAFT)
    Membership.objects.filter(pk=invalid.pk).update(start="11/12/2024")
    response = _act(curator_client, "membership", "publish", [invalid])
    assert "could be read day-first or month-first" in " ".join(_messages(response))
    invalid.refresh_from_db()
    assert invalid.status == Status.DRAFT


@pytest.mark.skipif(connection.vendor == "postgresql", reason="PostgreSQL refuses the overlapping row itself")
def test_publish_refuses_a_membership_that_would_overlap(curator_client):
    kept = MembershipFactory()
    # Written past validation: the same member, an overlapping period.
    clash = MembershipFactory(
        alliance=kept.alliance,
        organization=kept.organization,
        status=Status.DRAFT,
        start_date=datetime.date(2025, 1, 1),
    )
    response = _act(curator_client, "membership", "publish", [clash])
    assert "periods in an alliance may not overlap" in " ".join(_messages(response))
    clash.refresh_from_db()
    assert clash.status == Status.DRAFT


def test_unpublish_sets_memberships_back_to_draft_and_records_why(curator_client):
    membership = MembershipFactory()
    response = _act(curator_client, "membership", "unpublish", [membership], reason="The source was retracted")
    assert _messages(response)[0] == "1 changed, 0 already had this status, 0 refused."
    membership.refresh_from_db()
    assert membership.status == Status.DRAFT
    latest = membership.history.first()
    assert latest.history_user.username == "curator"
    assert latest.history_change_reason == "The source was retracted"


def test_unpublish_without_a_reason_asks_for_one_and_changes_nothing(curator_client):
    membership = MembershipFactory()
    response = _act(curator_client, "membership", "unpublish", [membership])
    assert response.status_code == 200
    text = response.content.decode()
    assert "Say why these records go back to draft." in text
    assert 'name="change_reason"' in text and "required" in text
    membership.refresh_from_db()
    assert membership.status == Status.PUBLISHED


def test_publish_without_a_reason_records_the_bulk_action_as_the_reason(curator_client):
    draft = MembershipFactory(status=Status.DRAFT)
    _act(curator_client, "membership", "publish", [draft])
    assert draft.history.first().history_change_reason == "Published (bulk action)"


def test_a_publish_refused_for_draft_sources_names_each_with_a_link(curator_client):
    source = AnnouncementFactory(status=Status.DRAFT, title="Draft communiqué")
    membership = MembershipFactory(status=Status.DRAFT, sources=[source])
    link = f'<a href="{reverse("admin:alliances_announcement_change", args=[source.pk])}">Draft communiqué</a>'

    preview = _act(curator_client, "membership", "publish", [membership], confirm=False).content.decode()
    assert f"The announcements it cites are drafts: {link}. Publish one of them first." in preview
    response = _act(curator_client, "membership", "publish", [membership])
    assert link in response.content.decode()
    assert membership.history.count() == 1  # nothing written


def test_unpublishing_the_only_source_of_a_published_membership_is_refused(curator_client):
    only_source = AnnouncementFactory()
    MembershipFactory(sources=[only_source])
    spare = AnnouncementFactory()
    also_cited = AnnouncementFactory()
    MembershipFactory(sources=[also_cited, AnnouncementFactory()])

    response = _act(curator_client, "announcement", "unpublish", [only_source, spare, also_cited], reason="Retracted")
    messages = _messages(response)
    assert messages[0] == "2 changed, 0 already had this status, 1 refused."
    assert "1 published membership would be left without a published source" in messages[1]
    only_source.refresh_from_db()
    assert only_source.status == Status.PUBLISHED
    assert Announcement.objects.get(pk=spare.pk).status == Status.DRAFT


def test_unpublishing_all_sources_of_a_membership_at_once_is_refused(curator_client):
    first, second = AnnouncementFactory(), AnnouncementFactory()
    MembershipFactory(sources=[first, second])
    messages = _messages(_act(curator_client, "announcement", "unpublish", [first, second], reason="Both retracted"))
    assert messages[0] == "0 changed, 0 already had this status, 2 refused."
    assert Announcement.objects.published().count() == 2


def test_publishing_from_a_searched_list_works(curator_client):
    draft = MembershipFactory(status=Status.DRAFT)
    OrganizationName.objects.create(organization=draft.organization, name="Searchable", kind="acronym")
    url = reverse("admin:alliances_membership_changelist") + "?q=Searchable"
    data = {"action": "publish", "_selected_action": [draft.pk], "post": "yes"}
    response = curator_client.post(url, data, follow=True)
    assert _messages(response)[0] == "1 changed, 0 already had this status, 0 refused."


def test_publishing_announcements_makes_them_public(curator_client):
    drafts = [AnnouncementFactory(status=Status.DRAFT) for _ in range(3)]
    _act(curator_client, "announcement", "publish", drafts)
    assert Announcement.objects.published().count() == 3
