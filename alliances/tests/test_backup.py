"""Backup and restore: what dumpdata writes, loaddata brings back so that the API answers exactly as before."""

import datetime

import pytest
from django.apps import apps
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.dates import DatePrecision
from alliances.models import AllianceName, EndReason, Membership, OrganizationName, Role, Status

from .conftest import load_register_folders
from .factories import AnnouncementFactory, MembershipFactory, OrganizationFactory, RankingFactory, country

LISTS = ["alliances", "countries", "organizations", "memberships", "announcements"]
# The key of each list's records in their detail addresses.
DETAIL_KEYS = {"alliances": "slug", "organizations": "slug", "memberships": "id", "announcements": "slug"}


def register_snapshot():
    """Every row of every register model (history included), serialized in primary-key order."""
    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for model in apps.get_app_config("alliances").get_models()
    }


def api_snapshot(client):
    """Every list (all of it, in one page) and every record's detail, members, Popolo and CSV, as the API answers.

    The cache is emptied first, so the answers come from the database and not from responses kept before.
    """
    cache.clear()
    answers = {}
    for resource in LISTS:
        listed = client.get(f"/api/v1/{resource}/", {"page_size": 1000})
        assert listed.status_code == 200
        answers[resource] = listed.json()
        records = listed.json()["results"]
        if resource in DETAIL_KEYS:
            for record in records:
                key = record[DETAIL_KEYS[resource]]
                answers[f"{resource}/{key}"] = client.get(f"/api/v1/{resource}/{key}/").json()
    for record in answers["alliances"]["results"]:
        slug = record["slug"]
        answers[f"{slug}/members"] = client.get(f"/api/v1/alliances/{slug}/members/", {"as_of": "2025-02-01"}).json()
        answers[f"{slug}/popolo"] = client.get(f"/api/v1/alliances/{slug}/popolo.json").json()
    member_countries = {m["member"]["code"] for m in answers["memberships"]["results"] if m["member_type"] == "country"}
    for code in sorted(member_countries | {"BR", "RU", "IN"}):
        answers[f"countries/{code}"] = client.get(f"/api/v1/countries/{code.lower()}/").json()
    answers["memberships.csv"] = b"".join(client.get("/api/v1/memberships/", {"format": "csv"}).streaming_content)
    return answers


def _more_of_everything():
    """Beyond the shipped register: an ended membership, a draft, other names, a ranking, an international body."""
    organization = OrganizationFactory(slug="backup-org", name="Backup Institute", country=country("IN"))
    OrganizationName.objects.create(organization=organization, name="BI", language="", kind="acronym")
    ended = MembershipFactory(
        organization=organization,
        role=Role.OBSERVER,
        start_date=datetime.date(2023, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=datetime.date(2024, 6, 1),
        end_precision=DatePrecision.MONTH,
        end_reason=EndReason.WITHDREW,
    )
    AllianceName.objects.create(alliance=ended.alliance, name="Backup Alliance", language="en", kind="translation")
    MembershipFactory(alliance=ended.alliance, organization=OrganizationFactory(country=None), status=Status.DRAFT)
    AnnouncementFactory(slug="draft-news", status=Status.DRAFT)
    RankingFactory(country=country("IN"), edition_year=2024)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_dumpdata_then_loaddata_into_an_empty_database_gives_the_same_api_answers(tmp_path, settings, curator):
    load_register_folders(tmp_path, "brics")
    _more_of_everything()
    anonymous = APIClient()
    curator_api = APIClient()
    curator_api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=curator).key}")
    before = {"anonymous": api_snapshot(anonymous), "curator": api_snapshot(curator_api)}
    rows_before = register_snapshot()
    assert before["curator"]["memberships"]["count"] > before["anonymous"]["memberships"]["count"]  # drafts
    backup = tmp_path / "register.json"
    call_command(
        "dumpdata",
        "alliances",
        "auth.user",
        "auth.group",
        "authtoken",
        natural_foreign=True,
        output=str(backup),
        verbosity=0,
    )

    call_command("flush", interactive=False, verbosity=0)
    assert Membership.objects.count() == 0
    cache.clear()
    assert APIClient().get("/api/v1/memberships/").json()["count"] == 0

    # As README.md says: the history is in the backup already, so loading it records none.
    settings.SIMPLE_HISTORY_ENABLED = False
    call_command("loaddata", str(backup), verbosity=0)

    assert {"anonymous": api_snapshot(anonymous), "curator": api_snapshot(curator_api)} == before
    assert register_snapshot() == rows_before
