"""Factories for the register's models. Countries exist from the migration: look them up, don't make them."""

import datetime

import factory

from alliances.dates import DatePrecision, PartialDate, truncate
from alliances.models import (
    Alliance,
    AllianceKind,
    Announcement,
    Country,
    EndReason,
    Membership,
    Organization,
    OrganizationKind,
    Ranking,
    Role,
    Status,
)


def country(code):
    return Country.objects.get(code=code)


def written(value, precision=DatePrecision.DAY, bound="on"):
    """A date as the register writes it (EDTF) from a day, its precision and "by": the tests' shorthand."""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    text = PartialDate(truncate(value, precision or DatePrecision.DAY), precision or DatePrecision.DAY).edtf
    return f"../{text}" if bound == "by" else text


SHORTHAND = {Alliance: ("founded", "dissolved"), Membership: ("start", "end")}


class DayShorthand:
    """A factory that also takes a date as `<prefix>_date` with `<prefix>_precision` and `<prefix>_bound`, as the
    tests wrote them before EDTF: `start_date=D(2023, 12, 1), start_precision="month"` is `start="2023-12"`."""

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        for prefix in SHORTHAND[cls._meta.model]:
            value = kwargs.pop(f"{prefix}_date", None)
            precision = kwargs.pop(f"{prefix}_precision", DatePrecision.DAY)
            bound = kwargs.pop(f"{prefix}_bound", "on")
            if value is not None:
                kwargs[prefix] = written(value, precision, bound)
        return kwargs


class AllianceFactory(DayShorthand, factory.django.DjangoModelFactory):
    class Meta:
        model = Alliance
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"alliance-{n}")
    name = factory.Sequence(lambda n: f"Alliance {n}")
    kind = AllianceKind.AI_ALLIANCE
    status = Status.PUBLISHED
    founded = "2020"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"organization-{n}")
    name = factory.Sequence(lambda n: f"Organization {n}")
    kind = OrganizationKind.NATIONAL_ASSOCIATION
    country = factory.LazyFunction(lambda: country("BR"))


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Announcement

    slug = factory.Sequence(lambda n: f"announcement-{n}")
    title = factory.Sequence(lambda n: f"Announcement {n}")
    date = datetime.date(2024, 12, 11)
    date_precision = DatePrecision.DAY
    publisher = "Example Publisher"
    status = Status.PUBLISHED


class MembershipFactory(DayShorthand, factory.django.DjangoModelFactory):
    """A published membership of an organization, citing one published announcement."""

    class Meta:
        model = Membership
        skip_postgeneration_save = True

    alliance = factory.SubFactory(AllianceFactory)
    organization = factory.SubFactory(OrganizationFactory)
    country = None
    role = Role.MEMBER
    start = "2024-12-11"
    status = Status.PUBLISHED

    @factory.post_generation
    def sources(self, create, extracted, **kwargs):
        if not create:
            return
        self.sources.set(extracted if extracted is not None else [AnnouncementFactory()])


def declined_invitation(alliance, **kwargs):
    """Argentina's BRICS invitation as the tests tell it: 24 August 2023, declined "December 2023" (month precision)."""
    return MembershipFactory(
        alliance=alliance,
        organization=None,
        country=country("AR"),
        role=Role.INVITED,
        start="2023-08-24",
        end="2023-12",
        end_reason=EndReason.DECLINED,
        **kwargs,
    )


class RankingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ranking

    country = factory.LazyFunction(lambda: country("RU"))
    index_name = factory.Sequence(lambda n: f"AI Index {n}")
    rank = 31
    out_of = 83
    source = factory.SubFactory(AnnouncementFactory)
