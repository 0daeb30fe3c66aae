"""The whole register in one download: a Frictionless Data Package (datapackage.json and a CSV per table) in a zip.

Each table is declared once (TABLES): its rows (a queryset of published records), its fields and its key,
from which the CSV's header, its Table Schema, the rows /api/v1/changes/ gives (alliances/dataset/changes.py)
and what `manage.py load_datapackage` reads back are all made. One query a table, whatever the size of the
register; the CSVs are written into the zip a chunk of rows at a time. The package is versioned by the
register version (alliances/dataset/version.py) and kept under it: it is made once per change of the
register, and a package loaded into an empty database and downloaded again is the same, byte for byte, but
for `created`.
"""

import csv
import datetime
import io
import json
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone, translation
from django_countries import countries

from ..caching.kept import kept
from ..dataset import about
from ..dataset.version import register_version
from ..dates import DatePrecision, shown_day
from ..models import (
    Alliance,
    AllianceKind,
    AllianceName,
    Announcement,
    AnnouncementKind,
    Country,
    EndReason,
    FoundingClaim,
    Membership,
    MembershipSource,
    NameKind,
    Organization,
    OrganizationKind,
    OrganizationName,
    Ranking,
    ReportedSize,
    Role,
    Stance,
    Status,
)
from ..regions import region_of
from ..spreadsheets import spreadsheet_safe

NAME = "alliance-tracker-register"
CHUNK = 2000  # rows read from the database at a time


def one_of(choices):
    """A field's values are among `choices` (an empty cell is a missing value, allowed unless required)."""
    return {"constraints": {"enum": list(choices.values)}}


REQUIRED = {"constraints": {"required": True}}
EDTF = (
    "As written, in the Library of Congress Extended Date/Time Format (EDTF): "
    "2024-12, ../2024-12-11 (by), 2021-06/2021-11 (between)."
)


def span(name, written, *, required=False):
    """A date as written (EDTF) and its earliest and latest day: three fields."""
    return [
        Field(name, name, "string", f"{written} {EDTF}", REQUIRED if required else {}),
        Field(
            f"{name}_earliest", f"{name}_earliest", "date", "The earliest day it can be; empty where nothing bounds it."
        ),
        Field(f"{name}_latest", f"{name}_latest", "date", "The latest day it can be; empty where nothing bounds it."),
    ]


UUID = {"format": "uuid"}


@dataclass
class Field:
    name: str
    column: str  # what the query reads (a `values()` name); "" for a value `make` works out from others
    type: str = "string"
    description: str = ""
    extra: dict = field(default_factory=dict)
    make: Callable | None = None  # (the row's values by column) -> the value, for a column of ""

    def descriptor(self):
        return {"name": self.name, "type": self.type, "description": self.description, **self.extra}


def wikidata_field():
    return Field(
        "wikidata",
        "wikidata",
        description="The Wikidata item (Q and its number), where one exists.",
        extra={"constraints": {"pattern": "Q[1-9][0-9]*"}},
    )


@dataclass
class Table:
    name: str
    title: str
    rows: object  # () -> queryset of the published records the table holds, one a row
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

    def columns(self):
        return [f.column for f in self.fields if f.column]

    def key_columns(self):
        return [f.column for f in self.fields if f.name in self.primary_key]

    def records(self, queryset=None):
        """The rows, ordered by their key, as tuples in the header's order."""
        for _pk, record in self.records_with_ids(queryset):
            yield record

    def records_with_ids(self, queryset=None):
        """(database id, row) of each row of `queryset` (default: the whole table), ordered by the key.

        A precision or a bound means nothing without its date: empty then.
        """
        queryset = self.rows() if queryset is None else queryset
        columns = self.columns()
        query = queryset.order_by(*self.key_columns()).values_list("pk", *columns)
        names = self.header()
        dated = {
            index: names.index(f"{name.rsplit('_', 1)[0]}_date")
            for index, name in enumerate(names)
            if name.endswith(("_precision", "_bound")) and f"{name.rsplit('_', 1)[0]}_date" in names
        }
        for pk, *values in query.iterator(chunk_size=CHUNK):
            by_column = dict(zip(columns, values, strict=True))
            record = tuple(f.make(by_column) if f.make else by_column[f.column] for f in self.fields)
            yield pk, tuple(None if record[dated.get(i, i)] is None else value for i, value in enumerate(record))

    def key_of(self, record):
        """The row's key: its primary key's values, in the schema's order."""
        names = self.header()
        return tuple(_json_value(record[names.index(name)]) for name in self.primary_key)

    def json_record(self, record):
        """The row as JSON: {field: value}, numbers and booleans as such, dates in ISO 8601, null for empty."""
        return {name: _json_value(value) for name, value in zip(self.header(), record, strict=True)}


def _published_memberships():
    return Membership.objects.published().with_disputed()


def _published_citations():
    """Published citations; one that rests on a group's list waits for that list to be published too."""
    return (
        MembershipSource.objects.filter(
            membership__status=Status.PUBLISHED,
            membership__alliance__status=Status.PUBLISHED,
            announcement__status=Status.PUBLISHED,
        )
        .filter(Q(group_source__isnull=True) | Q(group_source__status=Status.PUBLISHED))
        .select_related(None)
    )


def _russian_country_name(row):
    with translation.override("ru"):
        return str(countries.name(row["code"])) or None


def _region(row):
    return region_of(row["code"]) or None


def _names_table(name, title, model, owner, owners):
    return Table(
        name,
        title,
        lambda: model.objects.all(),
        [
            Field(owner, f"{owner}__slug", description=f"The {owner}'s slug."),
            Field("name", "name", extra=REQUIRED),
            Field("language", "language", description="ISO 639-1 code of the name's language; empty for an acronym."),
            Field("kind", "kind", extra=one_of(NameKind)),
        ],
        [owner, "name"],
        [(owner, owners, "slug")],
    )


TABLES = [
    Table(
        "alliances",
        "Alliances and blocs",
        lambda: Alliance.objects.published(),
        [
            Field("slug", "slug", description="The alliance's key, as in its address on the site."),
            Field("name", "name_en", extra=REQUIRED),
            Field("name_ru", "name_ru", description="The Russian name, where known."),
            Field("kind", "kind", extra=one_of(AllianceKind)),
            Field(
                "principal_role",
                "principal_role",
                description="The role its headline count counts.",
                extra=one_of(Role),
            ),
            *span("founded", "When it was founded or adopted."),
            *span("dissolved", "When it was dissolved; empty while it lasts."),
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
            Field("description_ru", "description_ru", description="The description in Russian, where written."),
            wikidata_field(),
        ],
        ["slug"],
        [("founding_country", "countries", "code")],
    ),
    _names_table(
        "alliance_names",
        "Other names of alliances: acronyms, names in other languages",
        AllianceName,
        "alliance",
        "alliances",
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
            Field("description_ru", "description_ru", description="The description in Russian, where written."),
            wikidata_field(),
        ],
        ["slug"],
        [("country", "countries", "code")],
    ),
    _names_table(
        "organization_names",
        "Other names of member organizations",
        OrganizationName,
        "organization",
        "organizations",
    ),
    Table(
        "countries",
        "Countries (ISO 3166-1)",
        lambda: Country.objects.all(),
        [
            Field("code", "code", description="ISO 3166-1 alpha-2 code."),
            Field("name", "name"),
            Field("name_ru", "", description="The name in Russian (django-countries).", make=_russian_country_name),
            Field(
                "region",
                "",
                description="The continent (pycountry-convert-ng): AF, AN, AS, EU, NA, OC or SA.",
                extra={"constraints": {"enum": ["AF", "AN", "AS", "EU", "NA", "OC", "SA"]}},
                make=_region,
            ),
            wikidata_field(),
        ],
        ["code"],
    ),
    Table(
        "memberships",
        "Memberships: a member (an organization or a country) in an alliance for a period",
        _published_memberships,
        [
            Field("uid", "uid", description="The membership's public identifier; it never changes.", extra=UUID),
            Field("alliance", "alliance__slug"),
            Field("organization", "organization__slug", description="The member organization's slug, or empty."),
            Field("country", "country_id", description="The member country's ISO code, or empty."),
            Field("role", "role", extra=one_of(Role)),
            *span("start", "When the member took up the role.", required=True),
            *span("end", "When it ended; empty while the membership lasts."),
            Field(
                "continues",
                "continues__uid",
                description="The uid of the same member's earlier membership this one continues in a new role.",
                extra=UUID,
            ),
            Field(
                "end_reason",
                "end_reason",
                description="Why it ended: an invitation that ended was declined or withdrawn, never left.",
                extra=one_of(EndReason),
            ),
            Field("disputed", "disputed", "boolean", "true when a published source disputes the membership."),
            Field("updated_at", "updated_at", "datetime"),
            Field("notes", "notes", description="The curators' public notes on the record."),
        ],
        ["uid"],
        [
            ("alliance", "alliances", "slug"),
            ("organization", "organizations", "slug"),
            ("country", "countries", "code"),
            ("continues", "memberships", "uid"),
        ],
    ),
    Table(
        "announcements",
        "Announcements: the sources memberships cite",
        lambda: Announcement.objects.published(),
        [
            Field("slug", "slug"),
            Field("title", "title_en", extra=REQUIRED),
            Field("title_ru", "title_ru"),
            Field("kind", "kind", extra=one_of(AnnouncementKind)),
            Field("date", "date", "date", "When the statement was made, or the event it reports happened."),
            Field("date_precision", "date_precision", extra=one_of(DatePrecision)),
            Field("published_date", "published_date", "date", "The source's own date, where it gives one."),
            Field("published_precision", "published_precision", extra=one_of(DatePrecision)),
            Field("publisher", "publisher"),
            Field("url", "source_url"),
            Field("archive_url", "archive_url", description="An archived copy of the source, where one exists."),
            Field("url_checked_at", "link_checked_at", "datetime", "When the address was last checked."),
            Field("url_status", "link_status", "integer", "The HTTP status the address last answered."),
            Field("url_error", "link_error", description="Why the last check got no answer (timeout, reset...)."),
            Field("language", "language", description="ISO 639-1 code of the source's language."),
            Field("summary", "summary_en"),
            Field("quotation", "quotation", description="A key passage, word for word."),
            Field("updated_at", "updated_at", "datetime"),
            Field("summary_ru", "summary_ru", description="The summary in Russian, where written."),
        ],
        ["slug"],
    ),
    Table(
        "citations",
        "Which announcements each membership cites, for it (supports) or against it (disputes)",
        _published_citations,
        [
            Field("uid", "uid", description="The citation's public identifier; it never changes.", extra=UUID),
            Field("membership", "membership__uid", description="The membership's uid.", extra=UUID),
            Field("announcement", "announcement__slug"),
            Field("stance", "stance", extra=one_of(Stance)),
            Field("quotation", "quotation", description="The sentence of the source the stance rests on."),
            Field(
                "group",
                "group",
                description='The group the source names the member as one of ("the OECD’s 36 member countries"); '
                "empty when the source names the member itself.",
            ),
            Field(
                "group_announcement",
                "group_source__slug",
                description="The announcement that lists the group's members on that day.",
            ),
            Field("group_quotation", "group_quotation", description="The sentence of that list naming this member."),
        ],
        ["uid"],
        [
            ("membership", "memberships", "uid"),
            ("announcement", "announcements", "slug"),
            ("group_announcement", "announcements", "slug"),
        ],
    ),
    Table(
        "reported_sizes",
        "What published sources say of an alliance's size (where the register's list is not the whole)",
        lambda: ReportedSize.objects.published(),
        [
            Field("uid", "uid", description="The reported size's public identifier; it never changes.", extra=UUID),
            Field("alliance", "alliance__slug"),
            *span("as_of", "The day the size held.", required=True),
            Field("members", "members", "integer", "Members the source counts."),
            Field("countries", "countries", "integer", "Countries the members come from, where the source says."),
            Field("source", "source__slug", description="The announcement that says so."),
            Field("quotation", "quotation", description="The source's sentence, word for word."),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["uid"],
        [("alliance", "alliances", "slug"), ("source", "announcements", "slug")],
    ),
    Table(
        "founding_claims",
        "When sources say a body was founded, where they disagree",
        lambda: FoundingClaim.objects.published(),
        [
            Field("uid", "uid", description="The claim's public identifier; it never changes.", extra=UUID),
            Field("alliance", "alliance__slug"),
            *span("founded", "When the source says the body was founded.", required=True),
            Field("source", "source__slug", description="The announcement that says so."),
            Field("quotation", "quotation", description="The source's sentence, word for word."),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["uid"],
        [("alliance", "alliances", "slug"), ("source", "announcements", "slug")],
    ),
    Table(
        "rankings",
        "Countries' places on published AI indexes",
        lambda: Ranking.objects.filter(source__status=Status.PUBLISHED),
        [
            Field("uid", "uid", description="The ranking's public identifier; it never changes.", extra=UUID),
            Field("country", "country_id", description="ISO 3166-1 alpha-2 code."),
            Field("index_name", "index_name", extra=REQUIRED),
            Field("edition_year", "edition_year", "integer", "Empty when the source does not say which edition."),
            Field("rank", "rank", "integer"),
            Field("out_of", "out_of", "integer", "How many countries the index ranks."),
            Field("source", "source__slug", description="The announcement or report that gives the rank."),
            Field("updated_at", "updated_at", "datetime"),
        ],
        ["uid"],
        [("country", "countries", "code"), ("source", "announcements", "slug")],
    ),
]
TABLES_BY_NAME = {table.name: table for table in TABLES}


def _text(value):
    """Dates and times in ISO 8601 (UTC, with "Z"), identifiers as text, anything else as it is."""
    if isinstance(value, datetime.datetime):
        text = value.astimezone(datetime.UTC).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


def _json_value(value):
    """A cell as JSON: text for dates and identifiers, None for empty text and for a day that stands for no end."""
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime) and shown_day(value) is None:
        return None
    value = _text(value)
    return None if value == "" else value


def _cell(value):
    if value is None or isinstance(value, datetime.date) and shown_day(value) is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return spreadsheet_safe(_text(value))


def descriptor(version, homepage, created):
    """datapackage.json: what the package is, whose, under which licences, of which version, a schema per CSV."""
    return {
        "profile": "tabular-data-package",
        "name": NAME,
        "title": "Alliance Tracker: who belongs to which international AI alliance, since when, on whose word",
        "description": "Published records only. A start, an end, a founding or a size's day is written in EDTF "
        "as its source gives it (2024-12, ../2024-12-11 for 'by', 2021-06/2021-11 for 'between'), with its earliest "
        "and latest day beside it; an announcement's date carries its precision (day, month, year). Text that a "
        "spreadsheet would run as a formula starts with an apostrophe. Memberships, citations, reported sizes and "
        "rankings are identified by their uid, which never changes; alliances, organizations and announcements by "
        "their slug (a renamed one keeps answering at its old address). " + str(about.QUOTATIONS),
        "homepage": homepage,
        "version": version.name,
        "created": created,
        "licenses": [about.DATA_LICENCE],
        "sources": about.SOURCES,
        "contributors": about.CONTRIBUTORS,
        "resources": [table.descriptor() for table in TABLES],
    }


def register_zip(homepage):
    """(the file name, the zip's bytes): datapackage.json and each table's CSV, kept under the register version.

    `homepage`: the site's address, as the request that asks for the zip names it.
    """
    version = register_version()
    content = kept(("register-zip", version.name, homepage), lambda: _build(version, homepage))
    return f"{NAME}-{version.moment:%Y-%m-%d}.zip", content


def _build(version, homepage):
    stamp = version.moment.astimezone(datetime.UTC).timetuple()[:6]
    created = _cell(timezone.now().replace(microsecond=0))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        document = json.dumps(descriptor(version, homepage, created), indent=2, ensure_ascii=False)
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
