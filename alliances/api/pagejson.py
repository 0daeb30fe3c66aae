"""On PostgreSQL, a page of memberships as JSON text written by the database and kept in the shared cache.

The cold API lists spent most of their time in Python: psycopg turning 100 rows of 18 columns
into Python values, the dictionaries of `rows.py`, their encoding (docs/performance.md). Here
PostgreSQL writes each membership, its sources included, as the compact JSON that `rows.py`
and `FastJSONRenderer` give, the same bytes (a PostgreSQL test compares the two paths), and
the text goes into the response as an `orjson.Fragment`, never parsed. Writing that JSON was
then most of PostgreSQL's work for a page (about 2 ms of 100 rows), so each membership's text
is kept under the register version and a page's query asks only for its ids. `rows.py` stays
the reference and the path for SQLite, CSV and the browsable API.
"""

import functools

import orjson
from django.db import connections

from ..caching.kept import kept_texts
from ..models import Announcement, Membership, MembershipSource, MemberType, Status
from .renderers import FastJSONRenderer
from .rows import MEMBERSHIP_COLUMNS, membership_values


def builds_json(request, queryset):
    """True when the database can write this page: PostgreSQL, answered as compact JSON."""
    renderer = request.accepted_renderer
    return (
        connections[queryset.db].vendor == "postgresql"
        and type(renderer) is FastJSONRenderer
        and renderer.get_indent(request.accepted_media_type or "", {}) is None
    )


def membership_page_json(page, *, drafts=False):
    """The memberships of `page` (a sliced queryset of memberships) as an orjson.Fragment of a JSON array.

    The page's own query asks for the ids alone. Each membership's text is kept in the shared
    cache, in a group (a Redis hash) named by the register version, so a page of any filter,
    ordering or page number needs the database to write only the memberships that no page has
    shown since the last write. A write changes the version (None when the cache is away: every
    text written anew), so every kept text is unreachable at once. `drafts` (whether draft sources
    are shown) names the group too: a curator's texts are never an anonymous reader's.
    """
    ids = [str(pk) for pk in page.values_list("pk", flat=True)]

    def write_missing(missing):
        return {
            str(pk): text for pk, text in _written([int(pk) for pk in missing], drafts=drafts, using=page.db).items()
        }

    texts = kept_texts(ids, write_missing, parts=("api:memberships", "drafts" if drafts else "published"))
    # A membership deleted between the two queries is left out, as a page made a moment later would.
    page_texts = (texts.get(pk) for pk in ids)
    return orjson.Fragment("[" + ",".join(text for text in page_texts if text is not None) + "]")


def _written(ids, *, drafts, using):
    """{id: JSON text} of the memberships with these ids, written by the database in one query."""
    sql, inner_params = _select_by_ids(drafts, using)
    params = ([] if drafts else [Status.PUBLISHED.value]) + inner_params + [ids]
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


@functools.cache
def _select_by_ids(drafts, using):
    """The query of `_written`, compiled once: `membership_values` of every membership, filtered by id outside."""
    rows = membership_values(Membership.objects.order_by())
    inner_sql, inner_params = rows.query.get_compiler(using=using).as_sql()
    sql = f'SELECT p."id", {_membership(drafts)} FROM ({inner_sql}) AS p ({_COLUMNS}) WHERE p."id" = ANY(%s::bigint[])'
    return sql, list(inner_params)


_COLUMNS = ", ".join(f'"{name}"' for name in MEMBERSHIP_COLUMNS)


def _json(expression):
    """An SQL expression as JSON text: strings escaped as orjson escapes them, NULL as null."""
    return f"coalesce(to_json({expression})::text, 'null')"


def _date(expression):
    return _json(f"to_char({expression}, 'YYYY-MM-DD')")


def _timestamp(expression):
    """ISO 8601 in UTC as `rows.iso_datetime` writes it: microseconds only when there are some, then Z."""
    utc = f"({expression} AT TIME ZONE 'UTC')"
    return (
        f"""CASE WHEN {expression} IS NULL THEN 'null' ELSE '"' || to_char({utc}, 'YYYY-MM-DD"T"HH24:MI:SS') """
        f"|| CASE WHEN date_trunc('second', {utc}) = {utc} THEN '' ELSE to_char({utc}, '.US') END || 'Z\"' END"
    )


def _object(*pairs):
    """A JSON object from (key, SQL expression giving JSON text) pairs, keys in this order."""
    parts = " || ',' || ".join(f"'\"{key}\":' || {value}" for key, value in pairs)
    return f"('{{' || {parts} || '}}')"


def _country(code, name):
    return f"CASE WHEN {code} IS NULL THEN 'null' ELSE {_object(('code', _json(code)), ('name', _json(name)))} END"


def _sources(drafts):
    link = MembershipSource._meta.db_table
    announcement = Announcement._meta.db_table
    source = _object(
        ("id", "a.id::text"),
        ("title", _json("a.title")),
        ("url", _json("a.source_url")),
        ("date", _date("a.date")),
    )
    published = "" if drafts else " AND a.status = %s"
    return (
        f"coalesce((SELECT '[' || string_agg({source}, ',' ORDER BY a.date, a.id) || ']' "
        f'FROM "{link}" s JOIN "{announcement}" a ON a.id = s.announcement_id '
        f"WHERE s.membership_id = p.\"id\"{published}), '[]')"
    )


def _membership(drafts):
    def column(name):
        return f'p."{name}"'

    organization = _object(
        ("slug", _json(column("organization__slug"))),
        ("name", _json(column("organization__name"))),
        ("kind", _json(column("organization__kind"))),
        ("country", _country(column("organization__country_id"), column("organization__country__name"))),
    )
    member_type = (
        f"CASE WHEN {column('organization_id')} IS NOT NULL "
        f"THEN '\"{MemberType.ORGANIZATION.value}\"' ELSE '\"{MemberType.COUNTRY.value}\"' END"
    )
    member = (
        f"CASE WHEN {column('organization_id')} IS NOT NULL THEN {organization} "
        f"ELSE {_country(column('country_id'), column('country__name'))} END"
    )
    return _object(
        ("id", f"{column('id')}::text"),
        ("alliance", _object(("slug", _json(column("alliance__slug"))), ("name", _json(column("alliance__name"))))),
        ("member_type", member_type),
        ("member", member),
        ("role", _json(column("role"))),
        ("start_date", _date(column("start_date"))),
        ("start_precision", _json(column("start_precision"))),
        ("end_date", _date(column("end_date"))),
        ("end_precision", _json(f"nullif({column('end_precision')}, '')")),
        ("end_reason", _json(column("end_reason"))),
        ("sources", _sources(drafts)),
        ("updated_at", _timestamp(column("updated_at"))),
    )
