"""Plain rows for the API's hot paths: one query for a page of memberships, one for their sources.

Building dictionaries from `.values()` rows costs a fraction of nested ModelSerializers, and the
lists are what clients and crowds hit. The shape is DESIGN.md's; `serializers.py` documents it
for the OpenAPI schema and a test holds the two together.
"""

from collections import defaultdict

from ..dates import iso_partial_date
from ..models import MembershipSource, MemberType, Status

MEMBERSHIP_COLUMNS = (
    "id",
    "alliance__slug",
    "alliance__name",
    "organization_id",
    "organization__slug",
    "organization__name",
    "organization__kind",
    "organization__country_id",
    "organization__country__name",
    "country_id",
    "country__name",
    "role",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "end_reason",
    "updated_at",
)


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


def membership_values(queryset):
    """The queryset as rows of MEMBERSHIP_COLUMNS (evaluate lazily: paginate it first)."""
    return queryset.values(*MEMBERSHIP_COLUMNS)


def source_rows(membership_ids, *, drafts=False):
    """membership id -> its sources as API dicts, oldest first, in one query."""
    citations = MembershipSource.objects.filter(membership_id__in=membership_ids)
    if not drafts:
        citations = citations.filter(announcement__status=Status.PUBLISHED)
    citations = citations.order_by("announcement__date", "announcement_id").values_list(
        "membership_id", "announcement_id", "announcement__title", "announcement__source_url", "announcement__date"
    )
    sources = defaultdict(list)
    for membership_id, announcement_id, title, url, date in citations:
        sources[membership_id].append({"id": announcement_id, "title": title, "url": url, "date": iso_date(date)})
    return sources


def membership_dicts(rows, *, drafts=False):
    """DESIGN.md's membership shape for rows from `membership_values`, with their sources."""
    rows = list(rows)
    sources = source_rows([row["id"] for row in rows], drafts=drafts) if rows else {}
    return [_membership_dict(row, sources.get(row["id"], [])) for row in rows]


def _membership_dict(row, sources):
    if row["organization_id"] is not None:
        member_type = MemberType.ORGANIZATION.value
        member = {
            "slug": row["organization__slug"],
            "name": row["organization__name"],
            "kind": row["organization__kind"],
            "country": country_ref(row["organization__country_id"], row["organization__country__name"]),
        }
    else:
        member_type = MemberType.COUNTRY.value
        member = country_ref(row["country_id"], row["country__name"])
    return {
        "id": row["id"],
        "alliance": {"slug": row["alliance__slug"], "name": row["alliance__name"]},
        "member_type": member_type,
        "member": member,
        "role": row["role"],
        "start_date": iso_date(row["start_date"]),
        "start_precision": row["start_precision"],
        "end_date": iso_date(row["end_date"]),
        "end_precision": row["end_precision"] or None,
        "end_reason": row["end_reason"],
        "sources": sources,
        "updated_at": iso_datetime(row["updated_at"]),
    }


MEMBERSHIP_CSV_COLUMNS = [
    "id",
    "alliance",
    "alliance_name",
    "member_type",
    "member",
    "member_name",
    "member_country",
    "role",
    "start_date",
    "start_precision",
    "end_date",
    "end_precision",
    "end_reason",
    "source_urls",
    "updated_at",
]

ORGANIZATION_CSV_COLUMNS = ["slug", "name", "kind", "country", "country_name", "website", "other_names", "updated_at"]


def membership_csv_row(membership):
    """One membership dict flattened for a spreadsheet: dates in ISO with their precision beside them."""
    member = membership["member"]
    is_organization = membership["member_type"] == MemberType.ORGANIZATION
    country = member["country"] if is_organization else member
    return {
        "id": membership["id"],
        "alliance": membership["alliance"]["slug"],
        "alliance_name": membership["alliance"]["name"],
        "member_type": membership["member_type"],
        "member": member["slug"] if is_organization else member["code"],
        "member_name": member["name"],
        "member_country": country["code"] if country else "",
        "role": membership["role"],
        "start_date": membership["start_date"],
        "start_precision": membership["start_precision"],
        "end_date": membership["end_date"] or "",
        "end_precision": membership["end_precision"] or "",
        "end_reason": membership["end_reason"],
        "source_urls": " ".join(source["url"] for source in membership["sources"] if source["url"]),
        "updated_at": membership["updated_at"],
    }


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
    }


def popolo_document(alliance, memberships):
    """An alliance and its members as Popolo JSON: organizations and memberships with reduced-precision dates."""
    alliance_id = f"alliance/{alliance.slug}"
    organizations = {
        alliance_id: {
            "id": alliance_id,
            "name": alliance.name,
            "classification": alliance.kind,
            "founding_date": iso_partial_date(alliance.founded_date, alliance.founded_precision),
            "dissolution_date": iso_partial_date(alliance.dissolved_date, alliance.dissolved_precision),
            "links": [{"url": alliance.website}] if alliance.website else [],
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
            }
        else:
            member_id = f"country/{member.code}"
            organizations[member_id] = {
                "id": member_id,
                "name": member.name,
                "classification": "country",
                "area_id": member_id,
            }
        popolo_memberships.append(
            {
                "id": f"membership/{membership.pk}",
                "organization_id": alliance_id,
                "member": {"@type": "Organization", "id": member_id},
                "role": membership.role,
                "start_date": iso_partial_date(membership.start_date, membership.start_precision),
                "end_date": iso_partial_date(membership.end_date, membership.end_precision),
                "sources": [
                    {"url": source.source_url, "note": source.title}
                    for source in membership.sources.all()
                    if source.source_url
                ],
            }
        )
    return {"organizations": list(organizations.values()), "memberships": popolo_memberships}
