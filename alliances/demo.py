"""The demo data of DESIGN.md: only what a source states; where it names nothing, the record says so.

`demo_load()` is idempotent: a second run finds every record as it should be and writes nothing.
"""

import datetime

from django.db import transaction

from .dates import DatePrecision
from .models import (
    Alliance,
    AllianceKind,
    AllianceName,
    Announcement,
    AnnouncementKind,
    Country,
    EndReason,
    Membership,
    MembershipSource,
    NameKind,
    Organization,
    OrganizationKind,
    Ranking,
    Role,
    Status,
)

DAY, MONTH = DatePrecision.DAY, DatePrecision.MONTH
SEED_ARTICLE = "ai-alliance-network-announced-ai-journey-2024"

ANNOUNCEMENTS = [
    {
        "slug": SEED_ARTICLE,
        "title": "Russia collaborates with BRICS to establish an AI alliance, according to Putin",
        "kind": AnnouncementKind.NEWS_ARTICLE,
        "date": datetime.date(2024, 12, 11),
        "publisher": "Defence Talks",
        "summary": (
            "At AI Journey, Russia's main AI conference, in Moscow, President Vladimir Putin announced the AI "
            "Alliance Network of national AI associations and development institutions from BRICS and other "
            "countries. Sberbank said that national AI associations from Brazil, China, India and South Africa, "
            "and from Serbia, Indonesia and other non-BRICS nations, had joined. The article also cites Russia's "
            "place on two AI indices: 31st of 83 on Tortoise Media's Global AI Index and 29th of 36 on "
            "Stanford University's AI vibrancy tool."
        ),
        "quotation": (
            "Russia must engage on equal footing in the global competition to develop advanced artificial "
            "intelligence. Our scientists are currently working on cutting-edge solutions. We extend an "
            "invitation to scientists worldwide to participate in this collaborative effort."
        ),
        "alliances": ["ai-alliance-network"],
        "countries": ["RU", "BR", "CN", "IN", "ZA", "RS", "ID"],
    },
    {
        "slug": "bric-first-summit-yekaterinburg-2009",
        "title": "Joint statement of the BRIC countries' leaders at the first summit, Yekaterinburg",
        "kind": AnnouncementKind.STATEMENT,
        "date": datetime.date(2009, 6, 16),
        "publisher": "President of Russia",
        "summary": "Brazil, Russia, India and China hold the first BRIC summit in Yekaterinburg.",
        "alliances": ["brics"],
        "countries": ["BR", "RU", "IN", "CN"],
    },
    {
        "slug": "south-africa-joins-bric-2010",
        "title": "China, as BRIC chair, announces that South Africa joins BRIC",
        "kind": AnnouncementKind.STATEMENT,
        "date": datetime.date(2010, 12, 24),
        "publisher": "Ministry of Foreign Affairs of the People's Republic of China",
        "summary": "The BRIC countries agree to admit South Africa; the bloc becomes BRICS.",
        "alliances": ["brics"],
        "countries": ["ZA", "CN"],
    },
    {
        "slug": "brics-johannesburg-summit-invitations-2023",
        "title": "BRICS invites six countries to join at the Johannesburg summit",
        "kind": AnnouncementKind.STATEMENT,
        "date": datetime.date(2023, 8, 24),
        "publisher": "Presidency of the Republic of South Africa",
        "summary": (
            "At the XV BRICS summit in Johannesburg, the leaders invite Argentina, Egypt, Ethiopia, Iran, "
            "Saudi Arabia and the United Arab Emirates to become members from 1 January 2024."
        ),
        "alliances": ["brics"],
        "countries": ["AR", "EG", "ET", "IR", "SA", "AE", "ZA"],
    },
    {
        "slug": "argentina-declines-brics-2023",
        "title": "Argentina declines the invitation to join BRICS",
        "kind": AnnouncementKind.STATEMENT,
        "date": datetime.date(2023, 12, 1),
        "date_precision": MONTH,
        "publisher": "Office of the President of Argentina",
        "summary": "Argentina's new government writes to the BRICS leaders that it will not take up membership.",
        "alliances": ["brics"],
        "countries": ["AR"],
    },
    {
        "slug": "brics-expands-2024",
        "title": "Egypt, Ethiopia, Iran and the United Arab Emirates become BRICS members",
        "kind": AnnouncementKind.STATEMENT,
        "date": datetime.date(2024, 1, 1),
        "publisher": "President of Russia",
        "summary": (
            "As Russia takes the BRICS chair, four of the invited countries join as full members. "
            "Saudi Arabia has not confirmed that it joins."
        ),
        "alliances": ["brics"],
        "countries": ["EG", "ET", "IR", "AE", "SA", "RU"],
    },
    {
        "slug": "indonesia-joins-brics-2025",
        "title": "Brazil, as BRICS chair, announces Indonesia as a full member",
        "kind": AnnouncementKind.STATEMENT,
        "date": datetime.date(2025, 1, 6),
        "publisher": "Government of Brazil",
        "summary": "Indonesia becomes a full member of BRICS.",
        "alliances": ["brics"],
        "countries": ["ID", "BR"],
    },
]

ALLIANCES = [
    {
        "slug": "ai-alliance-network",
        "name": "AI Alliance Network",
        "kind": AllianceKind.AI_ALLIANCE,
        "founded_date": datetime.date(2024, 12, 11),
        "founding_country": "RU",
        "description": (
            "A network of national AI associations and development institutions from BRICS and other "
            "countries, announced by Russia's President Vladimir Putin and Sberbank at the AI Journey "
            "conference in Moscow on 11 December 2024, to support joint research on AI technology and "
            "regulation and to open the members' markets to each other's AI products."
        ),
    },
    {
        "slug": "brics",
        "name": "BRICS",
        "kind": AllianceKind.BLOC,
        "founded_date": datetime.date(2009, 6, 16),
        "description": (
            "A bloc of countries whose leaders first met at the Yekaterinburg summit in 2009 as BRIC "
            "(Brazil, Russia, India, China); South Africa joined in 2010, and the bloc has grown since 2024."
        ),
        "other_names": [("BRIC", "", NameKind.FORMER), ("БРИКС", "ru", NameKind.TRANSLATION)],
    },
]

ASSOCIATION_COUNTRIES = ["BR", "CN", "IN", "ZA", "RS", "ID"]

# (country, role, start, end, end precision, end reason, source slug)
BRICS_MEMBERSHIPS = [
    *[
        (code, Role.FOUNDING_MEMBER, datetime.date(2009, 6, 16), None, "", "", "bric-first-summit-yekaterinburg-2009")
        for code in ("BR", "RU", "IN", "CN")
    ],
    ("ZA", Role.MEMBER, datetime.date(2010, 12, 24), None, "", "", "south-africa-joins-bric-2010"),
    (
        "AR",
        Role.INVITED,
        datetime.date(2023, 8, 24),
        datetime.date(2023, 12, 1),
        MONTH,
        EndReason.DECLINED,
        "argentina-declines-brics-2023",
    ),
    *[
        (
            code,
            Role.INVITED,
            datetime.date(2023, 8, 24),
            datetime.date(2024, 1, 1),
            DAY,
            EndReason.ROLE_CHANGED,
            "brics-johannesburg-summit-invitations-2023",
        )
        for code in ("EG", "ET", "IR", "AE")
    ],
    *[
        (code, Role.MEMBER, datetime.date(2024, 1, 1), None, "", "", "brics-expands-2024")
        for code in ("EG", "ET", "IR", "AE")
    ],
    ("SA", Role.INVITED, datetime.date(2023, 8, 24), None, "", "", "brics-johannesburg-summit-invitations-2023"),
    ("ID", Role.MEMBER, datetime.date(2025, 1, 6), None, "", "", "indonesia-joins-brics-2025"),
]

RANKINGS = [("Tortoise Global AI Index", 31, 83), ("Stanford AI vibrancy tool", 29, 36)]


def _upsert(model, lookup, values):
    """Create the record, or bring it to `values`; save only when something differs."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
    elif all(getattr(obj, field) == value for field, value in values.items()):
        return obj
    else:
        for field, value in values.items():
            setattr(obj, field, value)
    obj.full_clean()
    obj.save()
    return obj


def _set_if_changed(manager, objects):
    if set(manager.all()) != set(objects):
        manager.set(objects)


@transaction.atomic
def demo_load():
    countries = Country.objects.in_bulk()
    alliances = {}
    for data in ALLIANCES:
        data = dict(data)
        other_names = data.pop("other_names", [])
        founding = data.pop("founding_country", None)
        data["founding_country"] = countries[founding] if founding else None
        alliance = _upsert(Alliance, {"slug": data.pop("slug")}, data)
        for name, language, kind in other_names:
            _upsert(AllianceName, {"alliance": alliance, "name": name}, {"language": language, "kind": kind})
        alliances[alliance.slug] = alliance

    organizations = {}
    for code in ASSOCIATION_COUNTRIES:
        country = countries[code]
        organizations[code] = _upsert(
            Organization,
            {"slug": f"{country.name.lower().replace(' ', '-')}-national-ai-association"},
            {
                "name": f"National AI association of {country.name} (name not given in the source)",
                "kind": OrganizationKind.NATIONAL_ASSOCIATION,
                "country": country,
                "description": (
                    f"The source reports that the national AI association of {country.name} joined the AI "
                    "Alliance Network on 11 December 2024, but does not name the organization or give its address."
                ),
            },
        )

    announcements = {}
    for data in ANNOUNCEMENTS:
        data = dict(data)
        related_alliances = [alliances[slug] for slug in data.pop("alliances")]
        related_countries = [countries[code] for code in data.pop("countries")]
        data.setdefault("date_precision", DAY)
        data.setdefault("status", Status.PUBLISHED)
        data.setdefault("language", "en")
        announcement = _upsert(Announcement, {"slug": data.pop("slug")}, data)
        _set_if_changed(announcement.alliances, related_alliances)
        _set_if_changed(announcement.countries, related_countries)
        announcements[announcement.slug] = announcement
    seed = announcements[SEED_ARTICLE]
    _set_if_changed(seed.organizations, organizations.values())

    for organization in organizations.values():
        _membership(
            alliances["ai-alliance-network"],
            {"organization": organization},
            Role.MEMBER,
            datetime.date(2024, 12, 11),
            None,
            "",
            "",
            seed,
        )
    for code, role, start, end, end_precision, end_reason, source in BRICS_MEMBERSHIPS:
        _membership(
            alliances["brics"],
            {"country": countries[code]},
            role,
            start,
            end,
            end_precision,
            end_reason,
            announcements[source],
        )

    for index_name, rank, out_of in RANKINGS:
        _upsert(
            Ranking,
            {"country": countries["RU"], "index_name": index_name, "edition_year": None},
            {"rank": rank, "out_of": out_of, "source": seed},
        )


def _membership(alliance, member, role, start, end, end_precision, end_reason, source):
    membership = _upsert(
        Membership,
        {"alliance": alliance, **member, "start_date": start},
        {
            "role": role,
            "start_precision": DAY,
            "end_date": end,
            "end_precision": end_precision,
            "end_reason": end_reason,
            "status": Status.PUBLISHED,
        },
    )
    MembershipSource.objects.get_or_create(membership=membership, announcement=source)
