"""load_register's refusals: a folder with a bad row, or a published membership without a quoted source."""

import csv
import re
from contextlib import nullcontext

import pytest
from django.core.management import CommandError, call_command

from alliances.models import Alliance, Membership

from .conftest import copy_register_folders

pytestmark = pytest.mark.django_db


def rewrite(path, change):
    """Rewrite a register file, passing each row (a dict) through `change`."""
    with open(path, newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        headers, rows = reader.fieldnames, [change(dict(row)) for row in reader]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, headers, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def line_numbers(path, **values):
    """The lines (the header is line 1) of the rows of a register file that have these values."""
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    return [line for line, row in enumerate(rows, 2) if all(row[key] == value for key, value in values.items())]


def load(root, capsys, **options):
    with pytest.raises(CommandError) if options.pop("fails", False) else nullcontext():
        call_command("load_register", path=str(root), **options)
    return capsys.readouterr()


def test_a_folder_with_a_bad_row_writes_nothing_and_the_report_names_file_line_and_column(tmp_path, capsys):
    root = copy_register_folders(tmp_path, "shared", "brics", "hiroshima-friends-group")
    rewrite(
        root / "brics" / "memberships.csv",
        lambda row: {**row, "start": "11/12/2024"} if row["country"] == "VN" and row["role"] == "partner" else row,
    )

    output = load(root, capsys, fails=True)

    (line,) = line_numbers(root / "brics" / "memberships.csv", country="VN", role="partner")
    assert f"register/brics/memberships.csv line {line}: start: " in output.err
    assert "11/12/2024" in output.err
    assert "brics: not loaded (nothing of it was written)" in output.err
    assert not Membership.objects.filter(alliance__slug="brics").exists()
    assert Membership.objects.filter(alliance__slug="hiroshima-friends-group").count() == 13  # its own transaction


def test_a_published_membership_whose_sources_quote_nothing_is_refused(tmp_path, capsys):
    root = copy_register_folders(tmp_path, "shared", "brics")
    rewrite(root / "brics" / "citations.csv", lambda row: {**row, "quotation": ""} if row["country"] == "VN" else row)

    output = load(root, capsys, fails=True)

    for line in line_numbers(root / "brics" / "memberships.csv", country="VN"):  # invited, then partner
        assert f"register/brics/memberships.csv line {line}: A published membership needs a supporting" in output.err
    assert not Membership.objects.filter(alliance__slug="brics").exists()


def test_a_dry_run_checks_every_folder_and_writes_nothing(tmp_path, capsys):
    root = copy_register_folders(tmp_path, "shared", "brics")
    output = load(root, capsys, dry_run=True)
    assert re.search(r"^brics: checked, \d{3} new, 0 changed", output.out, re.MULTILINE)
    assert not Alliance.objects.exists()


def test_a_start_the_files_correct_updates_the_membership_it_names_never_a_second_one(tmp_path, capsys):
    """Sources bound a date better: the files change a start (a key) and the membership follows, by its public
    identifier, or, in a database loaded before identifiers, as the one of that member and role the files no
    longer name."""
    root = copy_register_folders(tmp_path, "shared", "hiroshima-friends-group")
    load(root, capsys)
    japan = Membership.objects.get(country="JP")
    corrected = "2024-05-02/2024-05-07"

    def correct(row):
        return {**row, "start": corrected} if row["country"] == "JP" else row

    rewrite(root / "hiroshima-friends-group" / "memberships.csv", correct)
    rewrite(root / "hiroshima-friends-group" / "citations.csv", correct)
    load(root, capsys)
    assert list(Membership.objects.filter(country="JP").values_list("pk", "start")) == [(japan.pk, corrected)]

    Membership.objects.filter(pk=japan.pk).update(start=japan.start)  # as a database of before identifiers had it
    Membership.objects.filter(pk=japan.pk).update(uid="00000000-0000-4000-8000-000000000000")
    output = load(root, capsys)
    assert list(Membership.objects.filter(country="JP").values_list("pk", "start")) == [(japan.pk, corrected)]
    assert "hiroshima-friends-group: loaded, 0 new" in output.out
