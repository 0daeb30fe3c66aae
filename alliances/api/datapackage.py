"""The whole register in one download: a Frictionless Data Package (datapackage.json and a CSV per table) in a zip.

Each table is declared once (TABLES): its rows (a `values_list` query of published records)
and its fields, from which both the CSV's header and its Table Schema are made. One query a
table, whatever the size of the register; the CSVs are written into the zip a chunk of rows at
a time. The package is dated by the newest change of the register (`created`) and versioned by
it (`version`) and by the register version of alliances/caching (`register_version`), and the zip
is kept under that version: it is made once per change of the register.
"""

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field

from django.db.models import Max
from django.utils import timezone

from ..caching.kept import kept
from ..caching.versions import current_version
from ..dates import DateBound, DatePrecision
from ..models import (
    Alliance,
    AllianceKind,
    Announcement,
    AnnouncementKind,
    Country,
    EndReason,
    Membership,
    MembershipSource,
    Organization,
    OrganizationKind,
    Role,
    Stance,
    Status,
)
from ..spreadsheets import spreadsheet_safe

NAME = "alliance-tracker-register"
CHUNK = 2000  # rows read from the database at a time


def one_of(choices):
    """A field's values are among `choices` (an empty cell is a missing value, allowed unless required)."""
    return {"constraints": {"enum": list(choices.values)}}


REQUIRED = {"constraints": {"required": True}}


@dataclass
class Field:
    name: str
    column: str  # what the query reads; "" for a value made from others
    type: str = "string"
    description: str = ""
    extra: dict = field(default_factory=dict)

    def descriptor(self):
        return {"name": self.name, "type": self.type, "description": self.description, **self.extra}


@dataclass
class Table:
    name: str
    title: str
    rows: object  # () -> queryset
    fields: list
    primary_key: list
    foreign_keys: list = field(default_factory=list)

    def descriptor(self):
        schema = {"fields": [f.descriptor() for f in self.fields], "primaryKey": self.primary_key}
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [own], "reference": {"resource": resource, "fields": [theirs]}}
                for own, resource, theirs in self.foreign_keys
            ]
        return {
            "name": self.name,
            "path": f"{self.name}.csv",
            "title": self.title,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }

    def header(self):
        return [f.name for f in self.fields]

    def records(self):
        """The rows in the header's order; a precision or a bound means nothing without its date: empty then."""
        order = [f.column for f in self.fields if f.name in self.primary_key]
        query = self.rows().order_by(*order).values_list(*[f.column for f in self.fields])
        names = self.header()
        dated = {
            index: names.index(f"{name.rsplit('_', 1)[0]}_date")
            for index, name in enumerate(names)
            if name.endswith(("_precision", "_bound")) and f"{name.rsplit('_', 1)[0]}_date" in names
        }
        for record in query.iterator(chunk_size=CHUNK):
            yield tuple(None if record[dated.get(i, i)] is None else value for i, value in enumerate(record))


def _published_memberships():
    return Membership.objects.published().with_disputed()


def _published_citations():
    return MembershipSource.objects.filter(
        membership__status=Status.PUBLISHED, announcement__status=Status.PUBLISHED
    ).select_related(None)


TABLES = [
    Table(
        "alliances",
        "Alliances and blocs",
        lambda: Alliance.objects.all(),
        [
            Field("slug", "slug", description="The alliance's key, as in its address on the site."),
            Field("name", "name_en", extra=REQUIRED),
            Field("name_ru", "name_ru", description="The Russian name, where known."),
            Field("kind", "kind", extra=one_of(AllianceKind)),
            Field("founded_date", "founded_date", "date", "The first day of the period founded_precision names."),
            Field("founded_precision", "founded_precision", extra=one_of(DatePrecision)),
            Field("dissolved_date", "dissolved_date", "date"),
            Field("dissolved_precision", "dissolved_precision", extra=one_of(DatePrecision)),
            Field("founding_country", "founding_country_id", description="ISO 3166-1 alpha-2 code."),
            Field("website", "website"),
            Field("description", "description_en"),
            Field(
                "members_list_complete",
                "members_list_complete",
                "boolean",
                "true only when a source gives the whole list of members.",
            ),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["slug"],
        [("founding_country", "countries", "code")],
    ),
    Table(
        "organizations",
        "Member organizations",
        lambda: Organization.objects.all(),
        [
            Field("slug", "slug"),
            Field("name", "name_en", extra=REQUIRED),
            Field("name_ru", "name_ru"),
            Field("kind", "kind", extra=one_of(OrganizationKind)),
            Field("country", "country_id", description="ISO 3166-1 alpha-2 code; empty for an international body."),
            Field("website", "website"),
            Field("description", "description_en"),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["slug"],
        [("country", "countries", "code")],
    ),
    Table(
        "countries",
        "Countries (ISO 3166-1)",
        lambda: Country.objects.all(),
        [Field("code", "code", description="ISO 3166-1 alpha-2 code."), Field("name", "name")],
        ["code"],
    ),
    Table(
        "memberships",
        "Memberships: a member (an organization or a country) in an alliance for a period",
        _published_memberships,
        [
            Field("id", "id", "integer"),
            Field("alliance", "alliance__slug"),
            Field("organization", "organization__slug", description="The member organization's slug, or empty."),
            Field("country", "country_id", description="The member country's ISO code, or empty."),
            Field("role", "role", extra=one_of(Role)),
            Field("start_date", "start_date", "date", "The first day of the period start_precision names.", REQUIRED),
            Field("start_precision", "start_precision", extra=one_of(DatePrecision)),
            Field(
                "start_bound",
                "start_bound",
                description='"on": within the date written; "by": on or before it, how long before unknown.',
                extra=one_of(DateBound),
            ),
            Field("end_date", "end_date", "date", "Empty while the membership lasts."),
            Field("end_precision", "end_precision", extra=one_of(DatePrecision)),
            Field("end_bound", "end_bound", extra=one_of(DateBound)),
            Field(
                "end_reason",
                "end_reason",
                description="Why it ended: an invitation that ended was declined or withdrawn, never left.",
                extra=one_of(EndReason),
            ),
            Field("disputed", "disputed", "boolean", "true when a published source disputes the membership."),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["id"],
        [
            ("alliance", "alliances", "slug"),
            ("organization", "organizations", "slug"),
            ("country", "countries", "code"),
        ],
    ),
    Table(
        "announcements",
        "Announcements: the sources memberships cite",
        lambda: Announcement.objects.published(),
        [
            Field("slug", "slug"),
            Field("id", "id", "integer"),
            Field("title", "title_en", extra=REQUIRED),
            Field("title_ru", "title_ru"),
            Field("kind", "kind", extra=one_of(AnnouncementKind)),
            Field("date", "date", "date", "When the statement was made, or the event it reports happened."),
            Field("date_precision", "date_precision", extra=one_of(DatePrecision)),
            Field("published_date", "published_date", "date", "The source's own date, where it gives one."),
            Field("published_precision", "published_precision", extra=one_of(DatePrecision)),
            Field("publisher", "publisher"),
            Field("url", "source_url"),
            Field("language", "language", description="ISO 639-1 code of the source's language."),
            Field("summary", "summary_en"),
            Field("quotation", "quotation", description="A key passage, word for word."),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["slug"],
    ),
    Table(
        "citations",
        "Which announcements each membership cites, for it (supports) or against it (disputes)",
        _published_citations,
        [
            Field("membership", "membership_id", "integer"),
            Field("announcement", "announcement__slug"),
            Field("stance", "stance", extra=one_of(Stance)),
            Field("quotation", "quotation", description="The sentence of the source the stance rests on."),
        ],
        ["membership", "announcement"],
        [("membership", "memberships", "id"), ("announcement", "announcements", "slug")],
    ),
]


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "isoformat"):
        text = value.isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    return spreadsheet_safe(value)


def register_state():
    """(the newest change of the register, the register version of alliances/caching or None)."""
    newest = [
        model.objects.aggregate(newest=Max("updated_at"))["newest"]
        for model in (Alliance, Organization, Membership, Announcement)
    ]
    newest = max((moment for moment in newest if moment), default=None)
    return newest or timezone.now().replace(microsecond=0), current_version()


def descriptor(newest, version):
    """datapackage.json: what the package is, when and at which version of the register, and a schema per CSV."""
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Alliance Tracker: who belongs to which international AI alliance, since when, on whose word",
        "description": "Published records only. Dates carry their precision (day, month, year, unknown) and "
        "bound (on, by); a month or a year is stored as its first day. Text that a spreadsheet would run "
        "as a formula starts with an apostrophe.",
        "version": newest.strftime("%Y.%m.%d.%H%M%S"),
        "created": _cell(newest),
        "register_version": str(version) if version is not None else None,
        "resources": [table.descriptor() for table in TABLES],
    }


def register_zip():
    """(the file name, the zip's bytes): datapackage.json and each table's CSV, kept under the register version."""
    newest, version = register_state()
    content = kept(("register-zip", _cell(newest)), lambda: _build(newest, version))
    return f"{NAME}-{newest:%Y-%m-%d}.zip", content


def _build(newest, version):
    stamp = newest.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        document = json.dumps(descriptor(newest, version), indent=2, ensure_ascii=False)
        info = zipfile.ZipInfo("datapackage.json", date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, document)
        for table in TABLES:
            info = zipfile.ZipInfo(f"{table.name}.csv", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            with archive.open(info, "w") as raw, io.TextIOWrapper(raw, encoding="utf-8", newline="") as text:
                writer = csv.writer(text, lineterminator="\r\n")
                writer.writerow(table.header())
                for record in table.records():
                    writer.writerow([_cell(value) for value in record])
    return out.getvalue()
