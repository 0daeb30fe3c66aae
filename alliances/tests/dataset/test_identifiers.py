"""Licences and citation files, and the Wikidata items the register ships: written as items, none shared."""

import csv
import re
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from alliances.dataset import about
from alliances.models import Alliance, Country, Organization

from ..factories import AllianceFactory, OrganizationFactory

ROOT = Path(__file__).resolve().parents[3]
ITEM = re.compile(r"^Q[1-9][0-9]*$")


def test_the_code_is_mit_and_the_data_cc_by():
    licence = (ROOT / "LICENSE").read_text()
    assert licence.startswith("MIT License")
    assert "CC BY 4.0" in licence and about.DATA_LICENCE["path"] in licence


def test_citation_cff_cites_the_software_and_the_dataset():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0"
    assert (citation["type"], citation["license"]) == ("software", about.CODE_LICENCE["name"])
    assert citation["title"] and citation["message"] and citation["authors"]
    (dataset,) = citation["references"]
    assert (dataset["type"], dataset["license"], dataset["title"]) == ("data", "CC-BY-4.0", about.TITLE)


def test_the_readme_states_both_licences_and_the_use_of_quotations():
    readme = (ROOT / "README.md").read_text()
    assert "MIT License" in readme and "CC BY 4.0" in readme and "Quotations from sources" in readme


@pytest.mark.django_db
def test_every_country_has_its_own_wikidata_item():
    items = list(Country.objects.values_list("wikidata", flat=True))
    assert len(items) >= 249
    assert all(ITEM.match(item) for item in items), [item for item in items if not ITEM.match(item)]
    assert len(set(items)) == len(items)
    assert Country.objects.get(code="RU").wikidata == "Q159"
    assert Country.objects.get(code="BR").wikidata == "Q155"


def test_the_shipped_country_items_say_where_they_come_from():
    with (ROOT / "alliances/data/country-wikidata.csv").open() as rows:
        items = [row["wikidata"] for row in csv.DictReader(rows)]
    assert len(items) == len(set(items)) == 249 and all(ITEM.match(item) for item in items)
    assert "country-wikidata.csv" in (ROOT / "alliances/data/README.md").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("item", ["155", "q155", "Q0155", "Q", "Q155 ", "wd:Q155"])
def test_an_item_that_is_not_q_and_its_number_is_refused(item):
    alliance = AllianceFactory.build(slug="brics", wikidata=item)
    with pytest.raises(ValidationError) as refused:
        alliance.full_clean()
    assert "wikidata" in refused.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Alliance.objects.filter(pk=AllianceFactory(slug="gpai").pk).update(wikidata=item)


@pytest.mark.django_db
def test_two_records_never_share_an_item():
    OrganizationFactory(slug="sber", wikidata="Q205012")
    other = OrganizationFactory.build(slug="sberbank", wikidata="Q205012")
    with pytest.raises(ValidationError):
        other.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=OrganizationFactory(slug="other").pk).update(wikidata="Q205012")
    # Many records have none.
    OrganizationFactory(slug="a", wikidata="")
    OrganizationFactory(slug="b", wikidata="")


@pytest.mark.django_db
def test_the_api_csv_and_popolo_carry_the_wikidata_items_and_uids(api):
    from alliances.models import ReportedSize

    from ..factories import AnnouncementFactory, MembershipFactory, country

    brics = AllianceFactory(slug="brics", wikidata="Q9484")
    sber = OrganizationFactory(slug="sber", name="Sber", country=country("RU"), wikidata="Q205012")
    membership = MembershipFactory(alliance=brics, organization=sber)
    size = ReportedSize.objects.create(alliance=brics, as_of="2024-12-16", members=10, source=AnnouncementFactory())
    assert api.get("/api/v1/alliances/brics/").json()["wikidata"] == "Q9484"
    assert api.get("/api/v1/alliances/brics/").json()["reported_sizes"][0]["uid"] == str(size.uid)
    assert api.get("/api/v1/organizations/sber/").json()["wikidata"] == "Q205012"
    assert api.get("/api/v1/countries/ru/").json()["wikidata"] == "Q159"
    assert "Q205012" in b"".join(api.get("/api/v1/organizations/?format=csv").streaming_content).decode()
    assert api.get(f"/api/v1/memberships/{membership.uid}/").json()["id"] == membership.pk
    assert str(membership.uid) in b"".join(api.get("/api/v1/memberships/?format=csv").streaming_content).decode()
    popolo = api.get("/api/v1/alliances/brics/popolo.json").json()
    identifiers = {organization["id"]: organization["identifiers"] for organization in popolo["organizations"]}
    assert identifiers["alliance/brics"] == [{"scheme": "wikidata", "identifier": "Q9484"}]
    assert identifiers["organization/sber"] == [{"scheme": "wikidata", "identifier": "Q205012"}]
    assert popolo["memberships"][0]["id"] == f"membership/{membership.uid}"
