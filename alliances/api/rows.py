"""Plain rows for the API's hot paths: one query for a page of memberships, one for their sources.

Building dictionaries from `.values()` rows costs a fraction of nested ModelSerializers, and the
lists are what clients and crowds hit. The membership shape is declared in `shapes.py`.
"""

from collections import defaultdict

from django.db.models import CharField, Value

from ..dates import stored_span
from ..models import MembershipSource, Stance, Status
from .shapes import MEMBERSHIP_COLUMNS, SOURCE_COLUMNS, membership_dict, source_dict


def membership_rows(queryset):
    """Memberships with the `certainty` a day's filter annotated (MembershipQuerySet.with_certainty), or null.

    Slice it, then `.values(*MEMBERSHIP_COLUMNS)` it.
    """
    if "certainty" not in queryset.query.annotations:
        queryset = queryset.annotate(certainty=Value(None, output_field=CharField()))
    return queryset


def membership_values(queryset):
    """The queryset as rows of MEMBERSHIP_COLUMNS (evaluate lazily: paginate it first)."""
    return membership_rows(queryset).values(*MEMBERSHIP_COLUMNS)


def source_rows(membership_ids, *, drafts=False):
    """membership id -> its sources as API dicts, oldest first, and the ids of the disputed, in one query.

    Disputed as `MembershipQuerySet.with_disputed` says (a published source disputes it), read from
    the citations this query fetches anyway: as an annotation of the page's query it cost 3.6 ms a
    page on PostgreSQL (docs/performance.md, "One membership shape"); test_shape.py holds the two equal.
    """
    citations = MembershipSource.objects.filter(membership_id__in=membership_ids)
    if not drafts:
        citations = citations.filter(announcement__status=Status.PUBLISHED)
    citations = citations.order_by("announcement__date", "announcement_id").values(
        "membership_id", "announcement__status", *SOURCE_COLUMNS
    )
    sources, disputed = defaultdict(list), set()
    for citation in citations:
        sources[citation["membership_id"]].append(source_dict(citation))
        if citation["stance"] == Stance.DISPUTES and citation["announcement__status"] == Status.PUBLISHED:
            disputed.add(citation["membership_id"])
    return sources, disputed


def chunked(queryset, size):
    """Lists of up to `size` of the queryset's rows, read `size` at a time (a server-side cursor on PostgreSQL,
    unless DATABASE_SERVER_SIDE_CURSORS=false), with its prefetches made for each list: memory stays flat."""
    chunk = []
    for row in queryset.iterator(chunk_size=size):
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def membership_dicts(rows, *, drafts=False):
    """The declared membership shape (shapes.py) for rows from `membership_values`, with their sources."""
    rows = list(rows)
    sources, disputed = source_rows([row["id"] for row in rows], drafts=drafts) if rows else ({}, set())
    return [membership_dict(row, sources.get(row["id"], []), row["id"] in disputed) for row in rows]


ORGANIZATION_CSV_COLUMNS = [
    "slug",
    "name",
    "kind",
    "country",
    "country_name",
    "website",
    "other_names",
    "updated_at",
    "wikidata",
]


def organization_csv_row(organization):
    country = organization["country"]
    return {
        "slug": organization["slug"],
        "name": organization["name"],
        "kind": organization["kind"],
        "country": country["code"] if country else "",
        "country_name": country["name"] if country else "",
        "website": organization["website"],
        "other_names": "; ".join(name["name"] for name in organization["other_names"]),
        "updated_at": organization["updated_at"],
        "wikidata": organization["wikidata"] or "",
    }


def popolo_date(text):
    """Popolo's reduced-precision ISO 8601 date of an EDTF text that is one date ("2024-12"); None otherwise."""
    single = stored_span(text).single if text else None
    return single.edtf if single else None


def popolo_dates(membership):
    """Popolo's start_date and end_date of a membership, with the bounds of popolo_document's docstring."""
    start, end = stored_span(membership.start), stored_span(membership.end) if membership.end else None
    dates = {"start_date": popolo_date(membership.start), "start_edtf": membership.start}
    if start.single is None:
        dates["start_by"] = start.upper.edtf
    dates["end_date"] = (end.single or end.upper).edtf if end else None
    dates["end_edtf"] = membership.end or None
    if end is not None and end.single is None:
        dates["end_by"] = True
    return dates


def popolo_identifiers(record):
    """Popolo's `identifiers` of a record: its Wikidata item, where it has one."""
    return [{"scheme": "wikidata", "identifier": record.wikidata}] if record.wikidata else []


def popolo_document(alliance, memberships):
    """An alliance and its members as Popolo JSON: organizations and memberships with reduced-precision dates.

    `memberships` come with `disputed` (with_disputed) and their published `citations`. Popolo has no
    word for a bound, so these keys are added where the register needs them: a start written "by"
    a day leaves `start_date` null (when it began is unknown) and gives the day as `start_by`; an end
    written "by" a day keeps it as `end_date` (it had ended by then at the latest) with `end_by`
    true. `start_edtf` and `end_edtf` give each date as the register writes it (EDTF: "2021-06/2021-11"
    is "between June and November 2021"). `disputed`, each source's `stance`, the alliance's
    `members_list_complete` and `reported_sizes` say the rest, as the API does. A membership's `id` is its uid
    (`membership/<uid>`), and each source and reported size carries its `uid`: the identifiers of the register's
    files and downloads. Organizations (the alliance, member bodies, countries) carry their Wikidata item in
    `identifiers`.
    """
    alliance_id = f"alliance/{alliance.slug}"
    organizations = {
        alliance_id: {
            "id": alliance_id,
            "name": alliance.name,
            "classification": alliance.kind,
            "founding_date": popolo_date(alliance.founded),
            "dissolution_date": popolo_date(alliance.dissolved),
            "links": [{"url": alliance.website}] if alliance.website else [],
            "identifiers": popolo_identifiers(alliance),
            "members_list_complete": alliance.members_list_complete,
            "reported_sizes": [
                {
                    "date": (stored_span(size.as_of).single or stored_span(size.as_of).upper).edtf,
                    "by": stored_span(size.as_of).single is None,
                    "date_edtf": size.as_of,
                    "members": size.members,
                    "countries": size.countries,
                    "source": {"url": size.source.source_url, "note": size.source.title},
                    "uid": str(size.uid),
                }
                for size in alliance.reported_sizes.published().select_related("source").order_by("as_of_latest", "id")
            ],
        }
    }
    popolo_memberships = []
    for membership in memberships:
        member = membership.member
        if membership.organization_id:
            member_id = f"organization/{member.slug}"
            organizations[member_id] = {
                "id": member_id,
                "name": member.name,
                "classification": member.kind,
                "area_id": f"country/{member.country_id}" if member.country_id else None,
                "identifiers": popolo_identifiers(member),
            }
        else:
            member_id = f"country/{member.code}"
            organizations[member_id] = {
                "id": member_id,
                "name": member.name,
                "classification": "country",
                "area_id": member_id,
                "identifiers": popolo_identifiers(member),
            }
        popolo_memberships.append(
            {
                "id": f"membership/{membership.uid}",
                "organization_id": alliance_id,
                "member": {"@type": "Organization", "id": member_id},
                "role": membership.role,
                **popolo_dates(membership),
                "end_reason": membership.end_reason or None,
                "disputed": membership.disputed,
                "sources": [
                    {
                        "url": citation.announcement.source_url,
                        "note": citation.announcement.title,
                        "stance": citation.stance,
                        "uid": str(citation.uid),
                    }
                    for citation in membership.citations.all()
                    if citation.announcement.source_url
                ],
            }
        )
    return {"organizations": list(organizations.values()), "memberships": popolo_memberships}
