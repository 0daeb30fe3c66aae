"""The AI Alliance's organisations carry the country a source read states, and country pages list them."""

import pytest

from alliances.models import Announcement, Membership, Organization

from .conftest import the_folders_again

pytestmark = pytest.mark.django_db


@pytest.fixture
def alliance(tmp_path):
    the_folders_again(tmp_path, "shared", "the-ai-alliance")


def test_cleveland_clinic_is_american_and_a_founding_member_on_the_lima_news_word(client, alliance):
    clinic = Organization.objects.get(slug="cleveland-clinic")
    assert clinic.country_id == "US"
    source = Announcement.objects.get(slug="aialliance-limanews-cleveland-clinic-2023-12-07")
    assert source.quotation.startswith("CLEVELAND, Ohio — ") and "one of its many founding members" in source.quotation
    membership = Membership.objects.get(alliance__slug="the-ai-alliance", organization=clinic)
    assert membership.role == "founding_member"
    assert membership.sources.filter(pk=source.pk).exists()
    assert "Cleveland Clinic" in client.get("/countries/us/").content.decode()


def test_an_organisation_no_source_places_keeps_no_country(alliance):
    # Named by sources read, but none states where it is: no country is filled in from memory.
    assert Organization.objects.get(slug="anyscale").country_id is None
    assert Organization.objects.get(slug="cern").country_id is None


@pytest.mark.parametrize(
    "slug, country, source",
    [
        ("ibm", "US", "aialliance-sec-ibm-8k-2008-10-23"),
        ("meta", "US", "aialliance-sec-meta-8k-2024-08-07"),
        ("hugging-face", "US", "aialliance-sifted-hugging-face-us-2024-04-05"),
        ("oracle", "US", "aialliance-abj-oracle-austin-2020-12-11"),
        ("nsf", "US", "aialliance-redorbit-nsf-2010-07-26"),
        ("iit-bombay", "IN", "aialliance-edexlive-iit-bombay-2025-04-03"),
    ],
)
def test_an_organisations_country_rests_on_a_source_that_names_it_and_the_country(alliance, slug, country, source):
    organization = Organization.objects.get(slug=slug)
    assert organization.country_id == country
    announcement = Announcement.objects.get(slug=source)
    assert announcement.organizations.filter(pk=organization.pk).exists()
    assert announcement.countries.filter(pk=country).exists()
    assert announcement.source_url and announcement.publisher and announcement.quotation


def test_iit_bombay_is_listed_on_indias_country_page(client, alliance):
    assert "IIT Bombay" in client.get("/countries/in/").content.decode()
