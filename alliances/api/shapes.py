"""A membership as the API gives it, declared once: each field with the columns it reads, how it is
written, its OpenAPI type and its CSV columns.

The JSON rows (`rows.py`), the texts the fast path keeps (`pagejson.py`), the CSV of every list
and `MembershipSerializer` of the OpenAPI schema all derive from `MEMBERSHIP_FIELDS`; a field
added here appears in all of them (tests/api/test_shape.py holds them together on any database).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from ..dates import DatePrecision
from ..models import Certainty, EndReason, MemberType, OrganizationKind, Role, Stance, Status
from .dates import LegacyBound, legacy_date, span_values


def iso_date(value):
    return value.isoformat() if value else None


def iso_datetime(value):
    """ISO 8601 as DRF writes it, with "Z" for UTC."""
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def country_ref(code, name):
    if code is None:
        return None
    return {"code": code, "name": name}


def blank_as_null(value):
    return value or None


def text_or_blank(value):
    return "" if value is None else value


@dataclass(frozen=True)
class Field:
    """One field of a shape.

    `write(row)` makes the JSON value from a row of `columns` (`.values()` names); `schema()` is the
    DRF field that documents it; `csv` maps each CSV column it fills to a function of the JSON value.
    """

    name: str
    columns: tuple
    write: Callable[[dict], Any]
    schema: Callable[[], serializers.Field]
    csv: tuple = ()


def column(name, convert=None, *, schema, csv=True):
    """A field that is one column, converted; written to CSV as it is in JSON ("" for null)."""
    write = (lambda row: convert(row[name])) if convert else (lambda row: row[name])
    return Field(name, (name,), write, schema, ((name, text_or_blank),) if csv else ())


# Embedded pieces


class CountryRefSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("ISO 3166-1 alpha-2 code in capitals."))
    name = serializers.CharField()


class AllianceRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()


class OrganizationRefSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrganizationKind.choices)
    country = CountryRefSerializer(allow_null=True)


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="Member",
        serializers=[OrganizationRefSerializer, CountryRefSerializer],
        resource_type_field_name=None,
    )
)
class MemberField(serializers.DictField):
    """An organization (with its country) or a country: `member_type` says which."""


def serializer_of(name, fields, doc):
    """A DRF serializer documenting `fields` (for the OpenAPI schema; the rows are written by the fields)."""
    return type(name, (serializers.Serializer,), {"__doc__": doc, **{field.name: field.schema() for field in fields}})


def csv_columns(fields):
    return [name for field in fields for name, _cell in field.csv]


# A source a membership cites: a row of MembershipSource's values.

# The group's list source as a citation shows it: the announcement's own fields, without the citation's.
GROUP_SOURCE_COLUMNS = ("id", "title", "source_url", "date", "date_precision", "status")


class GroupSourceSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("The announcement's id."))
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    date = serializers.DateField()
    date_precision = serializers.ChoiceField(choices=DatePrecision.choices)


class GroupSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("The group as the source names it."))
    source = GroupSourceSerializer(
        allow_null=True, help_text=_("The source that lists the group's members on that day (null while a draft).")
    )
    quotation = serializers.CharField(help_text=_("The sentence of that list that names this member, word for word."))


def group_dict(row):
    """A citation's group ({name, source, quotation}), or None; the list source only while it is published."""
    if not row["group"]:
        return None
    source = None
    if row["group_source__id"] is not None and row["group_source__status"] == Status.PUBLISHED:
        source = {
            "id": row["group_source__id"],
            "title": row["group_source__title"],
            "url": row["group_source__source_url"],
            "date": iso_date(row["group_source__date"]),
            "date_precision": row["group_source__date_precision"],
        }
    return {"name": row["group"], "source": source, "quotation": row["group_quotation"]}


SOURCE_FIELDS = (
    Field(
        "id",
        ("announcement_id",),
        lambda row: row["announcement_id"],
        lambda: serializers.IntegerField(help_text=_("The announcement's id.")),
    ),
    Field("title", ("announcement__title",), lambda row: row["announcement__title"], serializers.CharField),
    Field(
        "url",
        ("announcement__source_url",),
        lambda row: row["announcement__source_url"],
        lambda: serializers.CharField(allow_blank=True),
    ),
    Field(
        "date",
        ("announcement__date",),
        lambda row: iso_date(row["announcement__date"]),
        lambda: serializers.DateField(help_text=_("The first day of the period that date_precision names.")),
    ),
    Field(
        "date_precision",
        ("announcement__date_precision",),
        lambda row: row["announcement__date_precision"],
        lambda: serializers.ChoiceField(
            choices=DatePrecision.choices, help_text=_("day, month or year: how much of the date the source gives.")
        ),
    ),
    Field(
        "stance",
        ("stance",),
        lambda row: row["stance"],
        lambda: serializers.ChoiceField(
            choices=Stance.choices, help_text=_("Whether the source supports the membership or disputes it.")
        ),
    ),
    Field(
        "quotation",
        ("quotation",),
        lambda row: row["quotation"],
        lambda: serializers.CharField(
            allow_blank=True, help_text=_("The sentence of the source the membership rests on, word for word.")
        ),
    ),
    Field(
        "uid",
        ("uid",),
        lambda row: str(row["uid"]),
        lambda: serializers.UUIDField(help_text=_("The citation's public identifier: it never changes.")),
    ),
    Field(
        "group",
        ("group", "group_quotation", *(f"group_source__{name}" for name in GROUP_SOURCE_COLUMNS)),
        lambda row: group_dict(row),
        lambda: GroupSerializer(
            allow_null=True,
            help_text=_(
                'Where the source names the member only as one of a group ("the OECD’s 36 member countries"): '
                "the group, the source that lists its members on that day, and its sentence naming this member. "
                "null when the source names the member itself."
            ),
        ),
    ),
)
SOURCE_COLUMNS = tuple(name for field in SOURCE_FIELDS for name in field.columns)
# What a membership's citation adds to the announcement it cites.
CITATION_FIELDS = ("stance", "quotation", "uid", "group")
MembershipSourceSerializer = serializer_of(
    "MembershipSourceSerializer", SOURCE_FIELDS, "A source a membership cites, with its stance and quotation."
)


def source_dict(row):
    return {field.name: field.write(row) for field in SOURCE_FIELDS}


# A membership: a row of `MEMBERSHIP_COLUMNS`, with `sources` (a list of source dicts) and `disputed` added.

ORGANIZATION_COLUMNS = (
    "organization_id",
    "organization__slug",
    "organization__name",
    "organization__kind",
    "organization__country_id",
    "organization__country__name",
)


def organization_ref(slug, name, kind, country):
    """An organization as a membership embeds it (OrganizationRefSerializer); `country` from `country_ref`."""
    return {"slug": slug, "name": name, "kind": kind, "country": country}


def _member(row):
    if row["organization_id"] is None:
        return country_ref(row["country_id"], row["country__name"])
    return organization_ref(
        row["organization__slug"],
        row["organization__name"],
        row["organization__kind"],
        country_ref(row["organization__country_id"], row["organization__country__name"]),
    )


def _member_country(member):
    if "slug" not in member:
        return member["code"]
    return member["country"]["code"] if member["country"] else ""


def _choice(choices, **kwargs):
    return lambda: serializers.ChoiceField(choices=choices, **kwargs)


def span_fields(prefix, text_help):
    """A date as written (EDTF) and its earliest and latest day: `start`, `start_earliest`, `start_latest`."""
    columns = (prefix, f"{prefix}_earliest", f"{prefix}_latest")

    def part(suffix):
        return lambda row: span_values(*(row[column] for column in columns))[suffix]

    day = _("The %(side)s day the date can be (ISO 8601); null where nothing bounds it on that side.")
    return (
        Field(
            prefix,
            columns,
            part(""),
            lambda: serializers.CharField(allow_null=True, help_text=text_help),
            ((prefix, text_or_blank),),
        ),
        Field(
            f"{prefix}_earliest",
            columns,
            part("_earliest"),
            lambda: serializers.DateField(allow_null=True, help_text=day % {"side": _("earliest")}),
            ((f"{prefix}_earliest", text_or_blank),),
        ),
        Field(
            f"{prefix}_latest",
            columns,
            part("_latest"),
            lambda: serializers.DateField(allow_null=True, help_text=day % {"side": _("latest")}),
            ((f"{prefix}_latest", text_or_blank),),
        ),
    )


def legacy_field(prefix, index, name, schema):
    """One of the fields of before EDTF (`start_date`, `start_precision`, `start_bound`), from the EDTF text."""

    def write(row):
        value = legacy_date(row[prefix])[index]
        return value.isoformat() if index == 0 and value else value

    return Field(name, (prefix,), write, schema, ((name, text_or_blank),))


MEMBERSHIP_FIELDS = (
    column("id", schema=serializers.IntegerField),
    Field(
        "alliance",
        ("alliance__slug", "alliance__name"),
        lambda row: {"slug": row["alliance__slug"], "name": row["alliance__name"]},
        AllianceRefSerializer,
        (("alliance", lambda alliance: alliance["slug"]), ("alliance_name", lambda alliance: alliance["name"])),
    ),
    Field(
        "member_type",
        ("organization_id",),
        lambda row: MemberType.COUNTRY.value if row["organization_id"] is None else MemberType.ORGANIZATION.value,
        _choice(MemberType.choices),
        (("member_type", str),),
    ),
    Field(
        "member",
        (*ORGANIZATION_COLUMNS, "country_id", "country__name"),
        _member,
        MemberField,
        (
            ("member", lambda member: member.get("slug") or member["code"]),
            ("member_name", lambda member: member["name"]),
            ("member_country", _member_country),
        ),
    ),
    column("role", schema=_choice(Role.choices)),
    legacy_field(
        "start",
        0,
        "start_date",
        lambda: serializers.DateField(
            help_text=_("As before EDTF: the first day of the period start_precision names; see start.")
        ),
    ),
    legacy_field("start", 1, "start_precision", _choice(DatePrecision.choices)),
    legacy_field("end", 0, "end_date", lambda: serializers.DateField(allow_null=True)),
    legacy_field("end", 1, "end_precision", _choice(DatePrecision.choices, allow_null=True)),
    column("end_reason", schema=_choice(EndReason.choices, allow_blank=True)),
    Field(
        "sources",
        (),
        lambda row: row["sources"],
        lambda: MembershipSourceSerializer(many=True),
        (("source_urls", lambda sources: " ".join(source["url"] for source in sources if source["url"])),),
    ),
    column("updated_at", iso_datetime, schema=serializers.DateTimeField),
    # Added by issue 10; after the fields clients had, so a CSV's earlier columns keep their places.
    legacy_field(
        "start",
        2,
        "start_bound",
        _choice(LegacyBound.choices, help_text=_("As before EDTF: on, within start_date; by, on or before it.")),
    ),
    legacy_field("end", 2, "end_bound", _choice(LegacyBound.choices, allow_null=True, help_text=_("As start_bound."))),
    column(
        "certainty",
        schema=_choice(
            Certainty.choices,
            allow_null=True,
            help_text=_(
                "On answers about a day (as_of, active=true, an alliance's members): certain, or possible when "
                "the day falls inside the uncertainty of a date. Null otherwise."
            ),
        ),
    ),
    Field(
        "disputed",
        (),
        lambda row: row["disputed"],
        lambda: serializers.BooleanField(help_text=_("True when a published source disputes the membership.")),
        (("disputed", lambda disputed: "true" if disputed else "false"),),
    ),
    # Dates as intervals (EDTF, with their earliest and latest days) and role continuations: issue 22.
    *span_fields("start", _("The start as written, in EDTF: 2024-12, ../2024-12-11 (by), 2021-06/2021-11 (between).")),
    *span_fields("end", _("The end as written, in EDTF; null while the membership lasts.")),
    column(
        "continues",
        schema=lambda: serializers.IntegerField(
            allow_null=True,
            help_text=_("The id of the same member's earlier membership this one continues in a new role, or null."),
        ),
    ),
    # Added by issue 23: the identifier that survives reloads, exports and rebuilds (`id` is the database's).
    column(
        "uid",
        str,
        schema=lambda: serializers.UUIDField(
            help_text=_("The membership's public identifier: the same in the register's files and every download.")
        ),
    ),
)
MEMBERSHIP_COLUMNS = tuple(dict.fromkeys(name for field in MEMBERSHIP_FIELDS for name in field.columns))
MEMBERSHIP_CSV_COLUMNS = csv_columns(MEMBERSHIP_FIELDS)
MembershipSerializer = serializer_of(
    "MembershipSerializer", MEMBERSHIP_FIELDS, "A membership with its alliance, member and sources embedded."
)


def membership_dict(row, sources, disputed):
    """The membership of `row` (a fresh `.values()` row of MEMBERSHIP_COLUMNS, which this adds `sources`
    and `disputed` to) as the API gives it."""
    row["sources"], row["disputed"] = sources, disputed
    return {field.name: field.write(row) for field in MEMBERSHIP_FIELDS}


def membership_csv_row(membership):
    """One membership dict flattened for a spreadsheet: dates in ISO with their precision beside them."""
    return {name: cell(membership[field.name]) for field in MEMBERSHIP_FIELDS for name, cell in field.csv}
