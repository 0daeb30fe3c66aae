import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from alliances.models import Country, EndReason, Membership, Role, Status

from .factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_every_iso_country_exists_after_migrate():
    assert Country.objects.count() == 249
    assert Country.objects.get(code="RU").name == "Russia"
    assert Country.objects.get(code="ID").localized_name == "Indonesia"


def test_a_country_name_follows_the_active_language():
    from django.utils import translation

    with translation.override("ru"):
        assert str(country("ID")) == "Индонезия"


# --- the database refuses what validation also refuses -------------------------------------------------


def _raw_membership(**overrides):
    values = {"alliance": AllianceFactory(), "organization": OrganizationFactory(), "start": "2024-01-01"}
    values.update(overrides)
    return Membership(**values)


@pytest.mark.parametrize(
    ("overrides", "constraint"),
    [
        ({"country_id": "BR"}, "membership_exactly_one_member"),
        ({"organization": None}, "membership_exactly_one_member"),
        ({"end": "2023-01-01"}, "membership_end_not_before_start"),
        ({"end_reason": EndReason.WITHDREW}, "membership_end_fields_together"),
        ({"start": "2024-12-11/.."}, "membership_start_has_latest_day"),
    ],
)
def test_the_database_refuses_a_broken_membership(overrides, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        _raw_membership(**overrides).save()


def test_the_database_refuses_days_out_of_order():
    membership = _raw_membership()
    membership.save()
    with pytest.raises(IntegrityError, match="membership_dates_in_order"), transaction.atomic():
        Membership.objects.filter(pk=membership.pk).update(start_earliest=D(2025, 1, 1))


def test_the_database_refuses_a_rank_outside_the_field():
    with pytest.raises(IntegrityError), transaction.atomic():
        RankingFactory(rank=84, out_of=83)


def test_the_database_refuses_a_duplicate_slug():
    AllianceFactory(slug="brics-x")
    with pytest.raises(IntegrityError), transaction.atomic():
        AllianceFactory._meta.model.objects.create(slug="brics-x", name="Other", kind="bloc")


# --- validation gives the curator a readable message --------------------------------------------------


def _errors(membership):
    with pytest.raises(ValidationError) as caught:
        membership.full_clean()
    return caught.value.message_dict


def test_validation_names_the_member_fields_when_both_are_given():
    errors = _errors(_raw_membership(country=country("BR")))
    assert "exactly one" in errors["organization"][0]


def test_validation_refuses_an_end_before_the_start():
    errors = _errors(_raw_membership(end="2023-06-01"))
    assert errors["end"] == ["A membership cannot end before it starts."]


def test_validation_refuses_a_date_that_is_no_date_and_says_how_to_write_it():
    errors = _errors(_raw_membership(start="2024-13", end="11/12/2024"))
    assert errors["start"] == ["'2024-13' is not a date that exists."]
    assert "day-first or month-first" in errors["end"][0]


def test_validation_refuses_a_start_with_no_latest_day():
    errors = _errors(_raw_membership(start="2024-12-11/.."))
    assert "latest day" in errors["start"][0]


def test_a_date_is_kept_as_the_register_writes_it():
    membership = _raw_membership(start="by 2024-12", end="2025-01-01/2025-03")
    membership.full_clean()
    assert (membership.start, membership.end) == ("../2024-12", "2025-01-01/2025-03")
    assert (membership.start_latest, membership.end_earliest, membership.end_latest) == (
        D(2024, 12, 31),
        D(2025, 1, 1),
        D(2025, 3, 31),
    )


def test_validation_refuses_an_end_reason_without_an_end():
    errors = _errors(_raw_membership(end_reason=EndReason.WITHDREW))
    assert "end date" in errors["end_reason"][0]


def test_validation_refuses_an_overlapping_membership_of_the_same_member():
    existing = MembershipFactory(start="2020-01-01", end="2023-01-01")
    clash = _raw_membership(alliance=existing.alliance, organization=existing.organization, start="2022-06-01")
    errors = _errors(clash)
    assert "may not overlap" in errors["start"][0]


def test_a_rejoin_starting_the_day_the_first_membership_ended_is_allowed():
    first = MembershipFactory(start="2020-01-01", end="2023-01-01")
    rejoin = _raw_membership(alliance=first.alliance, organization=first.organization, start="2023-01-01")
    rejoin.full_clean()
    rejoin.save()
    assert Membership.objects.filter(organization=first.organization).count() == 2


def test_periods_that_only_possibly_overlap_are_kept_and_reported_to_the_curator():
    """Left "in 2022", rejoined "by 2022-06-01": the two may share days of 2022, or may not."""
    first = MembershipFactory(start="2020-01-01", end="2022")
    rejoin = _raw_membership(alliance=first.alliance, organization=first.organization, start="2022-03/2022-06-01")
    rejoin.full_clean()
    rejoin.save()
    assert list(rejoin.possible_overlaps()) == [first]
    certain = _errors(_raw_membership(alliance=first.alliance, organization=first.organization, start="2024"))
    assert "may not overlap" in certain["start"][0]  # the rejoin never ended: 2024 is certainly in it


def test_the_same_member_may_belong_to_two_alliances_at_once():
    first = MembershipFactory(start="2020-01-01")
    other = _raw_membership(organization=first.organization, start="2020-01-01")
    other.full_clean()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="exclusion constraints exist on PostgreSQL only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_postgresql_itself_refuses_overlapping_memberships_that_skip_validation():
    existing = MembershipFactory(start="2020-01-01")
    with pytest.raises(IntegrityError, match="membership_no_overlap_organization"), transaction.atomic():
        Membership.objects.create(alliance=existing.alliance, organization=existing.organization, start="2021-01-01")
    bloc = AllianceFactory()
    Membership.objects.create(alliance=bloc, country=country("BR"), start="2009-01-01", end="2009")
    # Ended in 2009, rejoined in 2009: they may overlap, they need not: PostgreSQL lets it be.
    Membership.objects.create(alliance=bloc, country=country("BR"), start="2009-06")
    with pytest.raises(IntegrityError, match="membership_no_overlap_country"), transaction.atomic():
        Membership.objects.create(alliance=bloc, country=country("BR"), start="2010-01-01")


def test_a_published_membership_needs_a_published_source():
    draft_source = AnnouncementFactory(status=Status.DRAFT)
    assert Membership.publication_errors(Status.PUBLISHED, [draft_source])
    assert Membership.publication_errors(Status.PUBLISHED, [])
    assert Membership.publication_errors(Status.PUBLISHED, [AnnouncementFactory()]) == []
    assert Membership.publication_errors(Status.DRAFT, []) == []


# --- "active on date D" -------------------------------------------------------------------------------


@pytest.fixture
def periods():
    alliance = AllianceFactory()
    organization = OrganizationFactory()
    left = MembershipFactory(alliance=alliance, organization=organization, start="2020-03-01", end="2022-03-01")
    rejoined = MembershipFactory(alliance=alliance, organization=organization, start="2023-01-01")
    return alliance, left, rejoined


@pytest.mark.parametrize(
    ("day", "active"),
    [
        (D(2020, 2, 29), []),
        (D(2020, 3, 1), ["left"]),  # the start day counts
        (D(2022, 2, 28), ["left"]),
        (D(2022, 3, 1), []),  # the end day does not
        (D(2022, 12, 31), []),
        (D(2023, 1, 1), ["rejoined"]),
        (D(2099, 1, 1), ["rejoined"]),  # an open end lasts
    ],
)
def test_active_on_at_the_edges(periods, day, active):
    alliance, left, rejoined = periods
    names = {left.pk: "left", rejoined.pk: "rejoined"}
    found = Membership.objects.filter(alliance=alliance).active_on(day)
    assert sorted(names[m.pk] for m in found) == active


def test_published_hides_drafts():
    shown = MembershipFactory()
    MembershipFactory(status=Status.DRAFT)
    assert list(Membership.objects.published()) == [shown]


def test_full_members_leave_out_invitees_and_observers():
    alliance = AllianceFactory()
    member = MembershipFactory(alliance=alliance, role=Role.MEMBER)
    MembershipFactory(alliance=alliance, role=Role.INVITED)
    MembershipFactory(alliance=alliance, role=Role.OBSERVER)
    assert list(Membership.objects.filter(alliance=alliance).full_members()) == [member]


def test_a_membership_reads_its_period_at_its_precision():
    membership = MembershipFactory(start="2024")
    assert membership.period_display == "since 2024"
    membership.end = "2025-03"
    assert membership.period_display == "2024 – March 2025"
    membership.start, membership.end = "2021-06/2021-11", ""
    assert membership.period_display == "between June and November 2021"


def test_two_unsaved_rows_clash_only_for_the_same_member_over_shared_days():
    alliance, organization = AllianceFactory(), OrganizationFactory()

    def row(start, end="", **member):
        member = member or {"organization": organization}
        membership = Membership(alliance=alliance, start=start, end=end, **member)
        membership.days_set()
        return membership

    assert row("2020-01-01", "2022-01-01").clashes_with(row("2021-01-01"))
    assert not row("2020-01-01", "2022-01-01").clashes_with(row("2022-01-01"))  # the end day is free
    assert not row("2020-01-01", "2022").clashes_with(row("2022-06"))  # they only may share days
    assert not row("2020-01-01").clashes_with(row("2021-01-01", country=country("FR")))


def test_a_listed_membership_shows_everything_a_row_needs_without_time_stamps(django_assert_num_queries):
    source = AnnouncementFactory(title="Launch", source_url="https://example.org/launch")
    MembershipFactory(organization=OrganizationFactory(name="Serbian AI Society"), sources=[source])
    MembershipFactory(organization=None, country=Country.objects.get(code="RS"), sources=[source])
    with django_assert_num_queries(2):  # the rows (with `disputed`), their citations with their sources
        rows = list(Membership.objects.listed().order_by("id"))
        shown = [
            (str(m.member), m.member.get_absolute_url(), str(m.member_country), m.alliance.name)
            + (m.alliance.get_absolute_url(), m.get_role_display(), m.period_display, m.get_end_reason_display())
            + (m.disputed,)
            + tuple(
                (
                    c.stance,
                    c.quotation,
                    c.announcement.title,
                    c.announcement.source_url,
                    c.announcement.get_absolute_url(),
                )
                for c in m.published_citations
            )
            for m in rows
        ]
    assert shown[0][:3] == ("Serbian AI Society", rows[0].organization.get_absolute_url(), "Brazil")
    assert shown[1][:3] == ("Serbia", "/countries/rs/", "Serbia")
    assert shown[0][-2:] == (False, ("supports", "", "Launch", "https://example.org/launch", source.get_absolute_url()))
    sql = str(Membership.objects.listed().query)
    assert "created_at" not in sql and "notes" not in sql and "description" not in sql
