"""The intake in the admin, as a curator's browser posts it (the browser test drives the same pages)."""

import pytest
from django.urls import reverse

from alliances.models import Membership, MembershipSource, OrganizationName, SourceIntake, Status

from ..factories import AllianceFactory, OrganizationFactory
from .bletchley import AGENCY, SIGNATORIES

pytestmark = pytest.mark.django_db


@pytest.fixture
def bletchley():
    alliance = AllianceFactory(slug="bletchley-declaration", name="Bletchley Declaration", principal_role="signatory")
    eu = OrganizationFactory(slug="european-union", name="European Union", country=None, kind="international_body")
    OrganizationName.objects.create(organization=eu, name="EU", language="", kind="acronym")
    return alliance


def source_fields(**overrides):
    return {
        "title": "AI summit: 28 countries and the EU sign the Bletchley Declaration",
        "source_url": "https://news.example.org/bletchley",
        "publisher": "Example News Agency",
        "date": "2023-11-01",
        "kind": "news_article",
        "language": "en",
        "passage": AGENCY,
        "role": "signatory",
        "start": "2023-11-01",
        "completeness": "complete",
        "change_reason": "Bletchley Declaration's signatories",
        **overrides,
    }


def test_the_agencys_list_becomes_29_draft_memberships_in_two_submissions(curator_client, bletchley):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    preview = curator_client.post(url, source_fields())
    assert preview.status_code == 200
    text = preview.content.decode()
    assert text.count('class="action-new"') == 29, text
    fingerprint = preview.context["plan"].fingerprint
    done = curator_client.post(url, {**source_fields(), "confirm": "1", "fingerprint": fingerprint})
    assert done.status_code == 302, done.content.decode()[:3000]
    memberships = Membership.objects.filter(alliance=bletchley)
    assert memberships.count() == 29
    members = sorted("EU" if m.organization_id else m.country_id for m in memberships)
    assert members == sorted(SIGNATORIES)
    assert all(m.status == Status.DRAFT and m.role == "signatory" for m in memberships)
    assert MembershipSource.objects.filter(membership__alliance=bletchley).count() == 29
    intake = SourceIntake.objects.get()
    assert intake.memberships.count() == 29
    bletchley.refresh_from_db()
    assert bletchley.members_list_complete

    again = curator_client.post(url, source_fields(change_reason="again"))
    assert again.content.decode().count('class="action-already"') == 29
    refused = curator_client.post(
        url, {**source_fields(), "confirm": "1", "fingerprint": again.context["plan"].fingerprint}
    )
    assert refused.status_code == 200
    assert Membership.objects.filter(alliance=bletchley).count() == 29
    assert MembershipSource.objects.count() == 29


def test_undo_takes_back_everything_the_intake_wrote(curator_client, bletchley):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    preview = curator_client.post(url, source_fields())
    curator_client.post(url, {**source_fields(), "confirm": "1", "fingerprint": preview.context["plan"].fingerprint})
    intake = SourceIntake.objects.get()
    page = curator_client.get(reverse("admin:alliances_sourceintake_change", args=[intake.pk]))
    assert "Undo this intake" in page.content.decode()
    assert 'name="_save"' not in page.content.decode()  # nothing to edit: its one change is the undo
    undone = curator_client.post(
        reverse("admin:alliances_sourceintake_undo", args=[intake.pk]), {"change_reason": "wrong list"}
    )
    assert undone.status_code == 302
    assert not Membership.objects.exists()
    assert not MembershipSource.objects.exists()
    bletchley.refresh_from_db()
    assert not bletchley.members_list_complete
    intake.refresh_from_db()
    assert intake.undone_at and intake.announcement is None


def test_the_command_previews_a_text_file_then_writes_it(bletchley, tmp_path):
    from io import StringIO

    from django.core.management import call_command
    from django.core.management.base import CommandError

    listing = tmp_path / "list.txt"
    listing.write_text("Signatories:\n- Korea\n- France\n- Atlantis\n", encoding="utf-8")
    arguments = [
        "bletchley-declaration",
        str(listing),
        "--title=Signatories",
        "--date=2023-11-01",
        "--start=2023-11-01",
        "--reason=From the list file",
    ]
    out = StringIO()
    call_command("intake_list", *arguments, stdout=out)
    assert "'Korea': to choose" in out.getvalue() and "'France': new membership" in out.getvalue()
    with pytest.raises(CommandError, match="still to choose"):
        call_command("intake_list", *arguments, "--confirm", stdout=StringIO())
    out = StringIO()
    call_command("intake_list", *arguments, "--choose=Korea=KR", "--choose=Atlantis=drop", "--confirm", stdout=out)
    assert "Intake" in out.getvalue() and "2 new draft memberships" in out.getvalue()
    assert sorted(Membership.objects.values_list("country", flat=True)) == ["FR", "KR"]


def test_a_curator_picks_creates_and_leaves_out_names_in_the_preview(curator_client, bletchley):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    fields = source_fields(passage="Korea, Atlantis, Sber AI Lab and France", completeness="")
    first = curator_client.post(url, fields)
    actions = [row.action for row in first.context["plan"].rows]
    assert actions == ["unresolved", "unresolved", "unresolved", "new"]
    assert "Confirm" not in first.content.decode()
    choices = {"choice-0": "country:KR", "choice-1": "drop", "choice-2": "create", "country-2": "ru"}
    second = curator_client.post(url, {**fields, **choices})
    plan = second.context["plan"]
    assert [row.action for row in plan.rows] == ["new", "dropped", "create", "new"]
    assert plan.rows[2].sentence.startswith("A new organization “Sber AI Lab” (Russia)")
    done = curator_client.post(url, {**fields, **choices, "confirm": "1", "fingerprint": plan.fingerprint})
    assert done.status_code == 302
    intake = SourceIntake.objects.get()
    assert [o.name for o in intake.organizations.all()] == ["Sber AI Lab"]
    assert intake.organizations.get().country_id == "RU"
    assert Membership.objects.filter(alliance=bletchley).count() == 3


def test_a_stale_preview_is_shown_again_instead_of_written(curator_client, bletchley):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    fields = source_fields(passage="France and Germany")
    preview = curator_client.post(url, fields)
    from ..factories import MembershipFactory, country

    MembershipFactory(alliance=bletchley, organization=None, country=country("FR"), role="observer")
    again = curator_client.post(url, {**fields, "confirm": "1", "fingerprint": preview.context["plan"].fingerprint})
    assert again.status_code == 200
    assert "The register changed since the preview" in again.content.decode()
    assert "Conflicts with France&#x27;s membership as observer" in again.content.decode()
    assert Membership.objects.count() == 1


def test_undo_leaves_the_existing_membership_and_its_own_sources(curator_client, bletchley):
    from ..factories import AnnouncementFactory, MembershipFactory, country

    own = AnnouncementFactory(slug="its-own-source")
    france = MembershipFactory(
        alliance=bletchley, organization=None, country=country("FR"), role="signatory", sources=[own]
    )
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    fields = source_fields(passage="France and Germany")
    preview = curator_client.post(url, fields)
    assert [row.action for row in preview.context["plan"].rows] == ["cite", "new"]
    curator_client.post(url, {**fields, "confirm": "1", "fingerprint": preview.context["plan"].fingerprint})
    assert france.citations.count() == 2
    intake = SourceIntake.objects.get()
    curator_client.post(reverse("admin:alliances_sourceintake_undo", args=[intake.pk]), {"change_reason": "wrong"})
    assert list(Membership.objects.all()) == [france]
    assert [c.announcement.slug for c in france.citations.all()] == ["its-own-source"]


def test_an_intake_whose_membership_was_published_is_undone_only_after_unpublishing(curator_client, bletchley):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    fields = source_fields(passage="France")
    preview = curator_client.post(url, fields)
    curator_client.post(url, {**fields, "confirm": "1", "fingerprint": preview.context["plan"].fingerprint})
    Membership.objects.update(status=Status.PUBLISHED)
    intake = SourceIntake.objects.get()
    refused = curator_client.post(
        reverse("admin:alliances_sourceintake_undo", args=[intake.pk]), {"change_reason": "wrong"}
    )
    assert "Unpublish first the memberships it made" in refused.content.decode()
    assert Membership.objects.count() == 1


def test_bad_input_is_a_form_error_naming_the_field(curator_client, bletchley):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    response = curator_client.post(url, source_fields(start="11/12/2024", title="", passage=""))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"start", "title", "passage"}
    assert "could be read day-first or month-first" in errors["start"][0]


def test_each_record_an_intake_writes_keeps_its_one_reason(curator_client, bletchley, curator):
    url = reverse("admin:alliances_alliance_intake", args=[bletchley.pk])
    fields = source_fields(passage="France and Germany")
    preview = curator_client.post(url, fields)
    curator_client.post(url, {**fields, "confirm": "1", "fingerprint": preview.context["plan"].fingerprint})
    reason = fields["change_reason"]
    membership_versions = Membership.history.all()
    assert {(v.history_change_reason, v.history_user_id) for v in membership_versions} == {(reason, curator.pk)}
    assert membership_versions.count() == 2  # one version each
    assert {v.history_change_reason for v in MembershipSource.history.all()} == {reason}
    from alliances.models import Announcement

    assert Announcement.history.count() == 1  # the new source: one version, with what it concerns
