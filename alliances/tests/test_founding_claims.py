"""A disputed founding: sources that disagree on when a body was founded, each claim with its source and words."""

import filecmp

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from rest_framework.test import APIClient

from alliances.models import FoundingClaim
from alliances.register_files import REGISTER_DIR, register_export

from .conftest import copy_register_folders, load_register_folders, the_folders_again
from .factories import AllianceFactory, AnnouncementFactory

pytestmark = pytest.mark.django_db

AISI = "aisi-network"


@pytest.fixture
def aisi(tmp_path):
    the_folders_again(tmp_path, "shared", AISI)


def claim(**fields):
    return FoundingClaim(
        **{"alliance": AllianceFactory(), "source": AnnouncementFactory(), "quotation": "Founded in May.", **fields}
    )


def test_a_claim_is_dated_as_its_source_says_with_the_days_it_can_be():
    founded = claim(founded="2024-05")
    founded.full_clean()
    founded.save()
    assert (str(founded.founded_earliest), str(founded.founded_latest)) == ("2024-05-01", "2024-05-31")
    assert founded.founded_display == "May 2024"


def test_a_claim_needs_a_date_it_can_read_and_the_sources_words():
    with pytest.raises(ValidationError) as refused:
        claim(founded="May 2024").full_clean()
    assert "founded" in refused.value.message_dict
    unquoted = claim(founded="2024-05", quotation="")
    with pytest.raises(ValidationError):
        unquoted.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        unquoted.save()


def test_the_networks_founding_is_claimed_for_may_and_for_november_2024(aisi):
    claims = {(c.founded, c.source.slug) for c in FoundingClaim.objects.select_related("source")}
    assert claims == {
        ("2024-05", "aisi-malaymail-convening-announced-2024-09"),
        ("2024-11", "aisi-govuk-renamed-names-2025-12"),
        ("2024-11", "aisi-cade-renamed-2025-12"),
    }
    for c in FoundingClaim.objects.select_related("source"):
        assert c.source.source_url and c.source.publisher and c.quotation


def test_the_files_load_and_export_the_same(tmp_path):
    root = copy_register_folders(tmp_path, "shared", AISI)
    load_register_folders(tmp_path / "loaded", "shared", AISI)
    register_export(root=root, folders=[AISI])
    comparison = filecmp.dircmp(REGISTER_DIR / AISI, root / AISI)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only


def test_the_api_gives_each_claim_with_its_source(aisi):
    body = APIClient().get(f"/api/v1/alliances/{AISI}/").json()
    assert body["founded"] == "2024-11-20"
    may, *november = body["founding_claims"]
    assert (may["founded"], may["founded_earliest"], may["founded_latest"]) == ("2024-05", "2024-05-01", "2024-05-31")
    assert may["quotation"].startswith("Secretary Raimondo established the group during the AI Seoul Summit in May")
    assert may["source"]["url"].startswith("https://www.malaymail.com/")
    assert {claim["founded"] for claim in november} == {"2024-11"}
    assert any(claim["source"]["url"].startswith("https://www.gov.uk/") for claim in november)


def test_the_page_says_sources_disagree_with_each_claim_and_its_source(client, aisi):
    text = client.get(f"/alliances/{AISI}/").content.decode()
    assert "Sources disagree on when it was founded:" in text
    dispute = text[text.index("founding-disputed") : text.index("</div>", text.index("founding-disputed"))]
    assert "<li>May 2024, per " in dispute and "<li>November 2024, per " in dispute
    assert "/announcements/aisi-govuk-renamed-names-2025-12/" in dispute
    assert "Established in November 2024, the Network brings together" in dispute


def test_a_body_whose_sources_agree_shows_no_dispute(client):
    alliance = AllianceFactory(slug="agreed")
    source = AnnouncementFactory()
    FoundingClaim.objects.create(alliance=alliance, founded="2020", source=source, quotation="Founded in 2020.")
    assert "Sources disagree" not in client.get("/alliances/agreed/").content.decode()
