"""manage.py load_datapackage: the download, loaded into an empty database, downloads again the same."""

import json

import pytest
from django.core.management import CommandError, call_command

from alliances.models import Alliance, Membership

from .registers import csv_rows, empty_the_register, everything, unzipped

pytestmark = pytest.mark.django_db


def without_created(text):
    return "\n".join(line for line in text.splitlines() if not line.strip().startswith('"created":'))


def test_a_download_loaded_into_an_empty_database_downloads_again_the_same_files(api, tmp_path):
    everything()
    first = api.get("/api/v1/register.zip").content
    (tmp_path / "register.zip").write_bytes(first)
    empty_the_register()
    assert not Alliance.objects.exists()
    call_command("load_datapackage", str(tmp_path / "register.zip"))
    second = api.get("/api/v1/register.zip").content
    before, after = unzipped(first), unzipped(second)
    assert sorted(after) == sorted(before)
    for name in before:
        if name == "datapackage.json":
            assert json.loads(after[name])["created"]
            assert without_created(after[name]) == without_created(before[name])
        else:
            assert after[name] == before[name], name
    # What the files hold is there: the Russian texts, the bounds, the public identifiers, the notes.
    memberships = csv_rows(before, "memberships")
    assert {row["uid"] for row in memberships} == {str(uid) for uid in Membership.objects.values_list("uid", flat=True)}
    assert Alliance.objects.get(slug="ai-alliance-network").name_ru == "Международный альянс в сфере ИИ"
    assert Alliance.objects.get(slug="ai-alliance-network").name == "AI Alliance Network"


def test_a_loaded_record_has_its_history_with_the_reason(api, tmp_path):
    everything()
    (tmp_path / "register.zip").write_bytes(api.get("/api/v1/register.zip").content)
    empty_the_register()
    call_command("load_datapackage", str(tmp_path / "register.zip"), reason="Restored from the download")
    membership = Membership.objects.get(organization__slug="sber")
    # Written as a draft, then published once its sources are in: two versions, each with the reason.
    versions = list(membership.history.order_by("history_id").values_list("status", "history_change_reason"))
    assert versions == [("draft", "Restored from the download"), ("published", "Restored from the download")]


def test_it_refuses_a_database_that_holds_a_register(api, tmp_path):
    everything()
    (tmp_path / "register.zip").write_bytes(api.get("/api/v1/register.zip").content)
    with pytest.raises(CommandError, match="not empty"):
        call_command("load_datapackage", str(tmp_path / "register.zip"))


def test_it_refuses_a_file_that_is_no_package(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(CommandError, match="neither a zip"):
        call_command("load_datapackage", str(tmp_path / "notes.txt"))
