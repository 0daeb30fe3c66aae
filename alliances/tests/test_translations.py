"""The Russian catalogue covers every string the code says: pages, admin, API messages, help texts."""

import gettext
import importlib.machinery
import os
import shutil
import subprocess
import sys
import types

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR
PO = "locale/ru/LC_MESSAGES/django.po"
SOURCES = ["alliances", "config", "templates", "scripts", "locale", "manage.py"]


def entries(po_text):
    """The entries of a catalogue (header excluded) as dicts, parsed as `scripts/fill-translations` parses them."""
    loader = importlib.machinery.SourceFileLoader("fill_translations", str(ROOT / "scripts/fill-translations"))
    fill = types.ModuleType(loader.name)
    fill.__file__ = loader.path
    loader.exec_module(fill)
    _header, *blocks = po_text.split("\n\n")
    parsed = (fill.parse(block)[1] for block in blocks if block.strip())
    return [values for values in parsed if "msgid" in values]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    """`make messages` run on a copy of the code: (exit code and output of the fill step, the fresh catalogue)."""
    copy = tmp_path_factory.mktemp("messages")
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        else:
            shutil.copy2(source, copy / name)
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "--locale", "ru", "--no-location", "--no-obsolete"],
        cwd=copy,
        env=environment,
        check=True,
        capture_output=True,
        timeout=120,
    )
    fill = subprocess.run(
        [sys.executable, "scripts/fill-translations"], cwd=copy, capture_output=True, text=True, timeout=60
    )
    return fill, (copy / PO).read_text(encoding="utf-8")


def test_every_string_in_the_code_has_its_russian_in_the_table(regenerated):
    fill, _catalogue = regenerated
    assert fill.returncode == 0, fill.stderr


def test_the_committed_catalogue_holds_every_string_in_the_code_with_the_tables_russian(regenerated):
    _fill, catalogue = regenerated

    def key(entry):  # one msgid may be said in several contexts ("member" as a role and as a column)
        return entry.get("msgctxt"), entry["msgid"]

    committed = {key(entry): entry for entry in entries((ROOT / PO).read_text(encoding="utf-8"))}
    fresh = entries(catalogue)
    assert {key(entry) for entry in fresh} - set(committed) == set(), "run `make messages` and commit the catalogue"
    # A translation changed in locale/ru/translations.py reaches the site only through the committed catalogue.
    stale = [entry["msgid"] for entry in fresh if committed[key(entry)] != entry]
    assert stale == [], "run `make messages` and commit the catalogue"


def test_the_compiled_catalogue_is_built_from_the_committed_one():
    committed = entries((ROOT / PO).read_text(encoding="utf-8"))
    with open(ROOT / "locale/ru/LC_MESSAGES/django.mo", "rb") as compiled:
        russian = gettext.GNUTranslations(compiled)
    for entry in committed:
        if "msgid_plural" in entry:
            # Russian's forms for whole numbers: 1 (one), 2 (few), 5 (many).
            for count, form in ((1, 0), (2, 1), (5, 2)):
                assert russian.ngettext(entry["msgid"], entry["msgid_plural"], count) == entry[f"msgstr[{form}]"]
        elif "msgctxt" in entry:
            assert russian.pgettext(entry["msgctxt"], entry["msgid"]) == entry["msgstr"]
        else:
            assert russian.gettext(entry["msgid"]) == entry["msgstr"]


def test_the_catalogue_has_no_empty_or_fuzzy_translation():
    catalogue = (ROOT / PO).read_text(encoding="utf-8")
    untranslated = [
        entry["msgid"]
        for entry in entries(catalogue)
        if any(value == "" for field, value in entry.items() if field.startswith("msgstr"))
    ]
    assert untranslated == []
    assert "#, fuzzy" not in catalogue
