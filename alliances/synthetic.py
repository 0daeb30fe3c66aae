"""Synthetic data at scale, for the benchmark and for trying the site with a full register.

Deterministic: one seed gives the same records (timestamps aside). Realistic enough to
exercise every path: many alliances and blocs, every country, rejoins, ended memberships,
every date precision, drafts. The invariants of DESIGN.md hold: no overlapping periods of
one member in one alliance, no end before its start, a precise date never invented, every
published membership citing a published announcement.

Rows are written with bulk_create, so no history is recorded for them, and no write reports its
keys: the load changes every answer's (`site`), in its own transaction.
"""

import datetime
import random
from dataclasses import dataclass

from django.db import connection, transaction

from .caching.keys import SITE
from .caching.versions import bump
from .dates import DatePrecision, PartialDate, Span, last_day, truncate
from .models import (
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
    Status,
)

SLUG_PREFIX = "synthetic-"
FIRST_DAY = datetime.date(1995, 1, 1)
LAST_DAY = datetime.date(2026, 6, 30)  # fixed, not today: the same seed gives the same data on any day
BATCH_SIZE = 5000
DAYS_2000 = datetime.timedelta(days=2000)

PRECISIONS = [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR]
PRECISION_WEIGHTS = [70, 20, 10]
ORGANIZATION_KINDS = [kind for kind in OrganizationKind if kind != OrganizationKind.INTERNATIONAL_BODY]
ORGANIZATION_WORDS = ["National AI Association", "AI Development Institute", "Centre for Machine Learning",
                      "Digital Agency", "AI Research Institute", "Data Science Society", "Robotics Union"]  # fmt: skip
ALLIANCE_WORDS = ["AI Alliance", "Compute Pact", "Open Models Network", "Data Partnership", "AI Safety Forum"]
LATER_ROLES = [Role.MEMBER, Role.OBSERVER, Role.PARTNER]
ENDINGS = [EndReason.WITHDREW, EndReason.EXPELLED, EndReason.OTHER]


@dataclass
class Counts:
    alliances: int
    organizations: int
    announcements: int
    memberships: int


class SyntheticDataError(ValueError):
    pass


def synthetic_exists():
    return Alliance.objects.filter(slug__startswith=SLUG_PREFIX).exists()


def synthetic_delete():
    """Remove every synthetic record (bulk deletes: no signals, no history, as they were made)."""
    memberships = Membership.objects.filter(alliance__slug__startswith=SLUG_PREFIX)
    MembershipSource.objects.filter(membership__in=memberships)._raw_delete("default")
    memberships._raw_delete("default")
    announcements = Announcement.objects.filter(slug__startswith=SLUG_PREFIX)
    for through in (Announcement.alliances.through, Announcement.countries.through):
        through.objects.filter(announcement__in=announcements)._raw_delete("default")
    announcements._raw_delete("default")
    Organization.objects.filter(slug__startswith=SLUG_PREFIX)._raw_delete("default")
    Alliance.objects.filter(slug__startswith=SLUG_PREFIX)._raw_delete("default")


def synthetic_generate(*, organizations, memberships, announcements, alliances, seed, progress=None):
    """Write the synthetic register and return its Counts. `progress(n)` is called as memberships are written."""
    if memberships and not announcements:
        raise SyntheticDataError("Memberships need at least one announcement to cite.")
    if alliances < 2:
        raise SyntheticDataError("Make at least two alliances: one bloc of countries and one AI alliance.")
    rng = random.Random(seed)
    with transaction.atomic():
        bump([SITE])  # bulk_create sends no signals: every answer changes
        countries = list(Country.objects.order_by("code").values_list("code", flat=True))
        alliance_rows = Alliance.objects.bulk_create(_alliances(rng, alliances, countries), batch_size=BATCH_SIZE)
        organization_rows = Organization.objects.bulk_create(
            _organizations(rng, organizations, countries), batch_size=BATCH_SIZE
        )
        announcement_rows = Announcement.objects.bulk_create(_announcements(rng, announcements), batch_size=BATCH_SIZE)
        citable = _link_announcements(rng, announcement_rows, alliance_rows, countries)
        made = _memberships(rng, memberships, alliance_rows, organization_rows, countries, citable, progress)
    _analyze()
    return Counts(len(alliance_rows), len(organization_rows), len(announcement_rows), made)


def _analyze():
    """Fresh planner statistics after a bulk load, on PostgreSQL.

    Autovacuum analyzes a table some time after a bulk insert; until then the planner
    believes the tables are as small as before and may pick a plan a thousand times slower
    (530 ms against 0.6 ms for one page of memberships, measured).
    """
    if connection.vendor != "postgresql":
        return
    tables = [model._meta.db_table for model in (Alliance, Organization, Announcement, Membership, MembershipSource)]
    tables += [Announcement.alliances.through._meta.db_table, Announcement.countries.through._meta.db_table]
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'ANALYZE "{table}"')


def _partial_date(rng, low, high, precision=None):
    """A random date in [low, high], stored at a random precision, never before `low`."""
    day = low + datetime.timedelta(days=rng.randint(0, max(0, (high - low).days)))
    precision = precision or rng.choices(PRECISIONS, PRECISION_WEIGHTS)[0]
    stored = truncate(day, precision)
    if stored < low:  # truncating would move the date before the earliest allowed: keep the day
        return day, DatePrecision.DAY
    return stored, precision


def _span(rng, low, high):
    """A start or end written as sources write them, never before `low`: mostly one date at a random precision,
    some "by" a day ("../2024-12-11"), a few "between" two months."""
    kind = rng.random()
    day, precision = _partial_date(rng, low, high)
    if kind < 0.1:
        return f"../{PartialDate(day, precision).edtf}"
    if kind < 0.15 and precision == DatePrecision.DAY:
        lower = PartialDate(truncate(day, DatePrecision.MONTH), DatePrecision.MONTH)
        if lower.first >= low and day.month < 12:
            upper = PartialDate(day.replace(month=day.month + 1, day=1), DatePrecision.MONTH)
            return Span(lower, upper).edtf
    return PartialDate(day, precision).edtf


def _alliances(rng, count, countries):
    blocs = max(1, count // 10)
    rows = []
    for index in range(count):
        founded, precision = _partial_date(rng, FIRST_DAY, datetime.date(2024, 12, 31))
        is_bloc = index < blocs
        rows.append(
            Alliance(
                slug=f"{SLUG_PREFIX}alliance-{index:04d}",
                name=f"{'Bloc' if is_bloc else rng.choice(ALLIANCE_WORDS)} {index}",
                kind=AllianceKind.BLOC if is_bloc else AllianceKind.AI_ALLIANCE,
                status=Status.PUBLISHED,
                founded=PartialDate(founded, precision).edtf,
                founding_country_id=rng.choice(countries),
                description=f"Synthetic alliance number {index}.",
            )
        )
    for alliance in rows:
        alliance.days_set()  # bulk_create calls no save()
    return rows


def _organizations(rng, count, countries):
    rows = []
    for index in range(count):
        # The first organizations go round every country once; a few are international bodies.
        if index >= len(countries) and rng.random() < 0.02:
            country, kind = None, OrganizationKind.INTERNATIONAL_BODY
        else:
            country = countries[index] if index < len(countries) else rng.choice(countries)
            kind = rng.choice(ORGANIZATION_KINDS)
        rows.append(
            Organization(
                slug=f"{SLUG_PREFIX}organization-{index:06d}",
                name=f"{rng.choice(ORGANIZATION_WORDS)} {index}" + (f" ({country})" if country else ""),
                kind=kind,
                country_id=country,
                website=f"https://organization-{index}.example.org/" if rng.random() < 0.5 else "",
            )
        )
    return rows


def _announcements(rng, count):
    rows = []
    for index in range(count):
        day, precision = _partial_date(rng, FIRST_DAY, LAST_DAY)
        # The first one is always published, so a published membership always has something to cite.
        status = Status.PUBLISHED if index == 0 or rng.random() < 0.95 else Status.DRAFT
        rows.append(
            Announcement(
                slug=f"{SLUG_PREFIX}announcement-{index:06d}",
                title=f"Synthetic announcement {index}",
                kind=rng.choice(list(AnnouncementKind)),
                date=day,
                date_precision=precision,
                summary=f"What synthetic source {index} says.",
                source_url=f"https://news.example.org/{index}",
                publisher=rng.choice(["Example Wire", "Example Times", "Ministry of Examples"]),
                language=rng.choice(["en", "ru", "pt", "zh"]),
                status=status,
            )
        )
    return rows


def _link_announcements(rng, announcements, alliances, countries):
    """Each announcement concerns one alliance and one country; returns {alliance id: [published ids]}."""
    alliance_links, country_links, citable = [], [], {}
    for announcement in announcements:
        alliance = rng.choice(alliances)
        alliance_links.append(Announcement.alliances.through(announcement_id=announcement.pk, alliance_id=alliance.pk))
        country_links.append(
            Announcement.countries.through(announcement_id=announcement.pk, country_id=rng.choice(countries))
        )
        if announcement.status == Status.PUBLISHED:
            citable.setdefault(alliance.pk, []).append(announcement.pk)
    Announcement.alliances.through.objects.bulk_create(alliance_links, batch_size=BATCH_SIZE)
    Announcement.countries.through.objects.bulk_create(country_links, batch_size=BATCH_SIZE)
    citable[None] = [a.pk for a in announcements if a.status == Status.PUBLISHED]
    return citable


def _memberships(rng, total, alliances, organizations, countries, citable, progress):
    """Write `total` memberships as tracks of one to three periods of one member in one alliance."""
    blocs = [a for a in alliances if a.kind == AllianceKind.BLOC]
    ai_alliances = [a for a in alliances if a.kind != AllianceKind.BLOC]
    country_target = min(total // 10, len(blocs) * len(countries))
    plans = [
        (country_target, blocs, countries, "country_id"),
        (total - country_target, ai_alliances, [o.pk for o in organizations], "organization_id"),
    ]
    made = 0
    batch = []
    for target, alliance_pool, member_pool, member_field in plans:
        pairs = len(alliance_pool) * len(member_pool)
        if target and pairs * 3 < target:
            raise SyntheticDataError(
                f"{target} memberships need more members: only {pairs} (alliance, member) pairs, "
                "three periods each at most. Add organizations or alliances."
            )
        remaining = target
        # Sampling pair numbers without replacement: one member holds one track per alliance.
        for pair in rng.sample(range(pairs), min(pairs, target)) if target else []:
            if remaining == 0:
                break
            alliance = alliance_pool[pair // len(member_pool)]
            member = member_pool[pair % len(member_pool)]
            periods = min(remaining, rng.choices([1, 2, 3], [80, 15, 5])[0])
            for membership in _track(rng, alliance, periods):
                setattr(membership, member_field, member)
                batch.append(membership)
            remaining -= periods
            if len(batch) >= BATCH_SIZE:
                made += _write(rng, batch, citable, progress)
                batch = []
        if remaining:
            raise SyntheticDataError(f"Could not place {remaining} memberships: add organizations or alliances.")
    made += _write(rng, batch, citable, progress)
    return made


def _track(rng, alliance, periods):
    """Consecutive, non-overlapping memberships of one member: the later ones are rejoins."""
    low = alliance.founded_earliest
    for number in range(periods):
        last = number == periods - 1
        founding = number == 0 and rng.random() < 0.1
        start = alliance.founded if founding else _span(rng, low, min(LAST_DAY, low + datetime.timedelta(days=3000)))
        role = (
            Role.FOUNDING_MEMBER
            if founding
            else rng.choices([Role.MEMBER, *LATER_ROLES, Role.INVITED], [70, 10, 10, 5, 5])[0]
        )
        membership = Membership(
            alliance=alliance,
            role=role,
            start=start,
            status=Status.PUBLISHED if rng.random() < 0.95 else Status.DRAFT,
        )
        membership.days_set()
        if not last or rng.random() < 0.25:  # every period but the last ends; a quarter of the last ones too
            earliest_end = membership.start_latest + datetime.timedelta(days=1)  # no empty periods
            latest_end = max(earliest_end, min(LAST_DAY, membership.start_latest + DAYS_2000))
            end, end_precision = _partial_date(rng, earliest_end, latest_end)
            membership.end = PartialDate(end, end_precision).edtf
            membership.end_reason = EndReason.DECLINED if role == Role.INVITED else rng.choice(ENDINGS)
            membership.days_set()
            low = last_day(end, end_precision) + datetime.timedelta(days=1)  # a rejoin starts after the last ended
        yield membership


def _write(rng, batch, citable, progress):
    """Insert a batch of memberships and their citations."""
    if not batch:
        return 0
    rows = Membership.objects.bulk_create(batch, batch_size=BATCH_SIZE)
    citations = []
    for membership in rows:
        if membership.status == Status.PUBLISHED or rng.random() < 0.5:
            pool = citable.get(membership.alliance_id) or citable[None]
            for announcement in rng.sample(pool, min(len(pool), rng.choice([1, 1, 1, 2]))):
                citations.append(MembershipSource(membership_id=membership.pk, announcement_id=announcement))
    MembershipSource.objects.bulk_create(citations, batch_size=BATCH_SIZE)
    if progress:
        progress(len(rows))
    return len(rows)
