"""Load a data package of the register (register.zip, or the folder of its datapackage.json) into an empty database.

The tables are read as the download declares them (api/datapackage.TABLES: the same fields, the same
keys), each record written through the services (history, with the reason given, and the log of changes).
The published register is what the package holds; what it does not hold (drafts, the links of an
announcement to the records it concerns, history) is not made up. Each record keeps the `updated_at`
the package gives it, and the log of this load is dated at the package's version: downloading the
register again gives the same files, byte for byte, but for `created`.
"""

import csv
import datetime
import io
import json
import zipfile
from pathlib import Path

from django.db import transaction

from ..models import Alliance, Announcement, Country, DatasetChange, Membership, Organization, Status
from ..services import record_save
from ..spreadsheets import spreadsheet_unquoted
from .version import version_moment

# The order records are made in: each after the records it names.
ORDER = [
    "countries",
    "alliances",
    "alliance_names",
    "organizations",
    "organization_names",
    "announcements",
    "memberships",
    "citations",
    "reported_sizes",
    "founding_claims",
    "rankings",
]
# Records whose package holds the published ones only.
PUBLISHED = ("alliances", "memberships", "announcements")


class PackageError(Exception):
    """The package cannot be loaded: what is wrong with it, or with the database."""


def read_package(path):
    """{file name: text} of the package at `path`: a zip, or a folder (or its datapackage.json)."""
    path = Path(path)
    if path.is_file() and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            return {name: archive.read(name).decode("utf-8") for name in archive.namelist()}
    folder = path.parent if path.name == "datapackage.json" else path
    if not (folder / "datapackage.json").exists():
        raise PackageError(f"{path}: neither a zip nor a folder with a datapackage.json.")
    return {item.name: item.read_text(encoding="utf-8") for item in folder.iterdir() if item.is_file()}


def datapackage_load(path, *, reason="Loaded from a data package"):
    """Load the package at `path` into a database whose register is empty; {table: rows loaded}."""
    from ..api.datapackage import TABLES_BY_NAME

    files = read_package(path)
    descriptor = json.loads(files["datapackage.json"])
    tables = {}
    for resource in descriptor["resources"]:
        table = TABLES_BY_NAME.get(resource["name"])
        if table is None:
            raise PackageError(f"Unknown table {resource['name']!r}.")
        reader = csv.reader(io.StringIO(files[resource["path"]]))
        header = next(reader)
        if header != table.header():
            raise PackageError(f"{resource['path']}: the columns are {header}, not {table.header()}.")
        tables[table.name] = (table, [dict(zip(header, map(spreadsheet_unquoted, row), strict=True)) for row in reader])
    if any(model.objects.exists() for model in (Alliance, Organization, Announcement, Membership)):
        raise PackageError("The register is not empty: load a data package into an empty database.")
    with transaction.atomic():
        logged_before = DatasetChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
        loaded, pending = {}, {}
        for name in ORDER:
            if name in tables:
                table, rows = tables[name]
                loaded[name] = _load_table(table, rows, reason, pending)
        # Memberships are written as drafts, then published with their links to the rows of their own table (the
        # one each continues) once every record and citation is in: a published membership without its sources,
        # or a link to a period not loaded yet, would be refused.
        for record, links in pending.values():
            for field, text, found in links:
                _set(record, field, text, found)
            record.status = Status.PUBLISHED
            record.full_clean()
            record_save(record=record, reason=reason)
            if record._package_updated_at:  # what the package says, not the moment of this load
                type(record).objects.filter(pk=record.pk).update(updated_at=record._package_updated_at)
        DatasetChange.objects.filter(id__gt=logged_before).update(at=version_moment(descriptor["version"]))
    return loaded


def _load_table(table, rows, reason, pending):
    """Write the rows of one table; a membership is left a draft in `pending` ({pk: (record, [links])})."""
    model = table.rows().model
    found = {}  # (model, lookup, value) -> record: each record named once is looked up once
    stamps = []
    # A row may name another of its own table (a membership the one it continues), perhaps one further down.
    own = [field for field in table.fields if _loaded(field) and _relation_model(model, field) is model]
    for row in rows:
        record = Country.objects.get(code=row["code"]) if model is Country else model()
        plain = [field.column for field in table.fields if _loaded(field) and "__" not in field.column]
        before = {column: getattr(record, column) for column in plain}
        for field in table.fields:
            if _loaded(field) and field not in own:
                _set(record, field, row[field.name], found)
        if table.name in PUBLISHED:
            record.status = Status.DRAFT if model is Membership else Status.PUBLISHED
        if model is Country and before == {column: getattr(record, column) for column in before}:
            continue  # every country exists from the first migrate: written only where the package says more
        record.full_clean()
        record_save(record=record, reason=reason)
        moment = _value("datetime", row["updated_at"]) if row.get("updated_at") else None
        if model is Membership:
            record._package_updated_at = moment
            pending[record.pk] = (record, [(field, row[field.name], found) for field in own if row[field.name]])
        elif moment:
            stamps.append((record.pk, moment))
    for pk, moment in stamps:  # what the package says, not the moment of this load (auto_now would)
        model.objects.filter(pk=pk).update(updated_at=moment)
    return len(rows)


def _relation_model(model, field):
    """The model a column names another record of (`continues__uid`: a membership), or None."""
    if "__" not in field.column:
        return None
    return model._meta.get_field(field.column.split("__", 1)[0]).related_model


def _loaded(field):
    """A column the record stores: not one worked out from others (`disputed`, a country's region), nor the
    time of its last change (set afterwards: a save would make it now)."""
    return not field.make and field.column != "disputed" and field.name != "updated_at"


def _set(record, field, text, found):
    """Set one column of a row on `record`; a related record named by its key is looked up (once)."""
    if "__" in field.column:  # another record, named by its key (alliance__slug)
        relation, key = field.column.split("__", 1)
        related = record._meta.get_field(relation).related_model
        if not text:
            setattr(record, relation, None)
            return
        cache_key = (related, key, text)
        if cache_key not in found:
            found[cache_key] = related.objects.get(**{key: text})
        setattr(record, relation, found[cache_key])
        return
    model_field = record._meta.get_field(
        field.column.removesuffix("_id") if field.column.endswith("_id") else field.column
    )
    if text == "":
        if model_field.null:
            setattr(record, field.column, None)
        elif model_field.blank:
            setattr(record, field.column, "")
        return  # a precision or a bound with no date: the model's default
    setattr(record, field.column, _value(field.type, text))
    if field.column.endswith("_en"):  # the English text of a translated field is its original column's too
        setattr(record, field.column.removesuffix("_en"), getattr(record, field.column))


def _value(kind, text):
    if kind == "date":
        return datetime.date.fromisoformat(text)
    if kind == "datetime":
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if kind == "integer":
        return int(text)
    if kind == "boolean":
        return text == "true"
    return text
