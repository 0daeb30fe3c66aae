"""Backup and restore: what dumpdata writes, loaddata brings back so that the API answers exactly as before."""

import datetime
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.core import serializers
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from alliances.accounts import second_factor_issue
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


def documented_backup_command():
    """The labels of README.md's portable backup: `manage.py dumpdata <labels> --natural-foreign -o register.json`."""
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    command = re.search(r"manage\.py dumpdata ([^`]+?) -o register\.json", readme)
    assert command, "README.md gives the portable backup's command"
    words = command.group(1).split()
    assert "--natural-foreign" in words
    return [word for word in words if not word.startswith("--")]


def backup_and_restore(tmp_path, settings):
    """README.md's portable backup, then a flush (an empty database), then its restore."""
    backup = tmp_path / "register.json"
    call_command("dumpdata", *documented_backup_command(), natural_foreign=True, output=str(backup), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert Membership.objects.count() == 0
    cache.clear()
    assert APIClient().get("/api/v1/memberships/").json()["count"] == 0

    # As README.md says: the history is in the backup already, so loading it records none.
    settings.SIMPLE_HISTORY_ENABLED = False
    call_command("loaddata", str(backup), verbosity=0)


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
    backup_and_restore(tmp_path, settings)
    assert Membership.objects.count() > 0

    assert {"anonymous": api_snapshot(anonymous), "curator": api_snapshot(curator_api)} == before
    assert register_snapshot() == rows_before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_a_restore_staff_log_in_with_their_second_factor(tmp_path, settings, curator, superuser):
    settings.SECOND_FACTOR_REQUIRED_FOR_STAFF = True
    _uri, curator_codes = second_factor_issue(user=curator)
    second_factor_issue(user=superuser)
    curator_codes_used = curator_codes[0]
    assert _admin_login(Client(), "curator", code=curator_codes_used).status_code == 302

    backup_and_restore(tmp_path, settings)

    for username in ("curator", "admin"):
        client = Client()
        response = _admin_login(client, username, code=_app_code(username))
        assert response.status_code == 302, response.content.decode()
        assert client.get(reverse("admin:index")).status_code == 200
    # The recovery codes come back as they were: the others work once, the used one stays used.
    assert _admin_login(Client(), "curator", code=curator_codes[1]).status_code == 302
    assert _admin_login(Client(), "curator", code=curator_codes_used).status_code == 200


def _app_code(username):
    device = TOTPDevice.objects.get(user__username=username)
    token = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    return f"{token:0{device.digits}d}"


def _admin_login(client, username, code):
    data = {"username": username, "password": "pw-for-tests-only", "otp_token": code, "next": reverse("admin:index")}
    return client.post(reverse("admin:login"), data)
