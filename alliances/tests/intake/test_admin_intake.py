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
