"""A small register with one of everything the download holds, and a way to empty a database of it."""

import csv
import datetime
import io
import zipfile

from django.apps import apps

from alliances.dates import DatePrecision
from alliances.models import (
    AllianceName,
    DatasetChange,
    EndReason,
    FormerSlug,
    MembershipSource,
    OrganizationName,
    ReportedSize,
    Role,
    Stance,
    Status,
)

from ..factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    country,
)

D = datetime.date


def everything():
    """Records of every table of the download, with the values that are easy to lose: Russian texts, dates to the
    month and "by" a day, an ended membership, a disputed one, notes, text a spreadsheet would run, no edition."""
    network = AllianceFactory(
        slug="ai-alliance-network",
        name="AI Alliance Network",
        name_ru="Международный альянс в сфере ИИ",
        description="A network of national AI associations.",
        description_ru="Сеть национальных ассоциаций.",
        founding_country=country("RU"),
        founded_date=D(2024, 12, 11),
        founded_precision=DatePrecision.DAY,
        wikidata="Q123456789",
    )
    brics = AllianceFactory(
        slug="brics",
        name="BRICS",
        kind="bloc",
        principal_role=Role.MEMBER,
        founded_date=D(2009, 6, 16),
        founded_precision=DatePrecision.DAY,
    )
    AllianceName.objects.create(alliance=network, name="AIAN", language="", kind="acronym")
    AllianceName.objects.create(alliance=brics, name="БРИКС", language="ru", kind="translation")
    sber = OrganizationFactory(slug="sber", name="Sber", name_ru="Сбер", country=country("RU"), wikidata="Q205012")
    OrganizationName.objects.create(organization=sber, name="=Sberbank", language="ru")
    journey = AnnouncementFactory(
        slug="ai-journey-2024",
        title="AI Journey: the network is announced",
        title_ru="AI Journey: объявлена сеть",
        summary="Putin announced it.",
        summary_ru="Путин объявил.",
        published_date=D(2024, 12, 12),
        published_precision=DatePrecision.DAY,
        quotation="have joined the AI Alliance Network",
        source_url="https://example.org/journey",
    )
    denial = AnnouncementFactory(slug="denial", title="Not yet", date=D(2024, 1, 2), date_precision=DatePrecision.DAY)
    draft = AnnouncementFactory(slug="rumour", title="Unchecked rumour", status=Status.DRAFT)
    member = MembershipFactory(
        alliance=network,
        organization=sber,
        role=Role.FOUNDING_MEMBER,
        start="../2024-12-11",
        notes="The source gives no day.",
        sources=[journey],
    )
    MembershipSource.objects.filter(membership=member).update(quotation="Sber has joined.")
    MembershipFactory(
        alliance=brics,
        organization=None,
        country=country("AR"),
        role=Role.INVITED,
        start_date=D(2023, 8, 24),
        end_date=D(2023, 12, 1),
        end_precision=DatePrecision.MONTH,
        end_reason=EndReason.DECLINED,
        sources=[journey],
    )
    saudi = MembershipFactory(
        alliance=brics, organization=None, country=country("SA"), start_date=D(2024, 1, 1), sources=[journey]
    )
    MembershipSource.objects.create(
        membership=saudi, announcement=denial, stance=Stance.DISPUTES, quotation="-still considering"
    )
    MembershipFactory(alliance=brics, organization=None, country=country("IR"), status=Status.DRAFT, sources=[draft])
    invited = MembershipFactory(
        alliance=brics, organization=None, country=country("EG"), role=Role.INVITED, start="2023-08-24",
        end="2024-01-01", end_reason=EndReason.ROLE_CHANGED, sources=[journey],
    )  # fmt: skip
    MembershipFactory(
        alliance=brics, organization=None, country=country("EG"), start="2024-01-01", continues=invited,
        sources=[journey],
    )  # fmt: skip
    MembershipFactory(
        alliance=brics, organization=None, country=country("BY"), role=Role.PARTNER, start="2024-10/2025-01-01",
        sources=[journey],
    )  # fmt: skip
    ReportedSize.objects.create(
        alliance=network,
        as_of="../2024-12-16",
        members=15,
        countries=13,
        source=journey,
        quotation="15 organisations from 13 countries",
    )
    ReportedSize.objects.create(alliance=network, as_of=D(2025, 1, 1), countries=20, source=draft)
    RankingFactory(country=country("RU"), index_name="Tortoise Global AI Index", rank=31, out_of=83, source=journey)
    RankingFactory(
        country=country("RU"), index_name="AI vibrancy", edition_year=2023, rank=29, out_of=36, source=denial
    )


def empty_the_register():
    """A database with no register in it, as a fresh one has: every record, its history and the log gone."""
    from alliances.models import Alliance, Announcement, Membership, Organization, Ranking

    for model in (MembershipSource, Membership, ReportedSize, Ranking, AllianceName, OrganizationName):
        model.objects.all().delete()
    for model in (Announcement, Organization, Alliance, FormerSlug, DatasetChange):
        model.objects.all().delete()
    for model in apps.get_app_config("alliances").get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()


def unzipped(content):
    archive = zipfile.ZipFile(io.BytesIO(content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def csv_rows(files, table):
    return list(csv.DictReader(io.StringIO(files[f"{table}.csv"])))
