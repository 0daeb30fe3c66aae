"""Each filter of memberships and announcements, with the dates at the edges."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone, translation

from alliances.api.filters import AllianceMembersFilter, AnnouncementFilter, MembershipFilter, OrganizationFilter
from alliances.dates import DatePrecision
from alliances.models import Announcement, Membership, Role

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def ids(api, query, path="/api/v1/memberships/"):
    response = api.get(f"{path}?{query}")
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def period():
    """A membership from 2020-03-01 to (not including) 2022-03-01."""
    return MembershipFactory(
        start_date=datetime.date(2020, 3, 1),
        end_date=datetime.date(2022, 3, 1),
        end_precision=DatePrecision.DAY,
    )


@pytest.mark.parametrize(
    ("as_of", "included"),
    [("2020-02-29", False), ("2020-03-01", True), ("2022-02-28", True), ("2022-03-01", False)],
)
def test_as_of_includes_the_start_day_and_excludes_the_end_day(api, period, as_of, included):
    assert ids(api, f"as_of={as_of}") == ([period.pk] if included else [])


def test_active_means_in_force_today(api, period):
    current = MembershipFactory(start_date=timezone.localdate())
    assert ids(api, "active=true") == [current.pk]
    assert ids(api, "active=false") == [period.pk]


@pytest.mark.parametrize(
    ("query", "included"),
    [
        ("started_after=2020-03-01", True),
        ("started_after=2020-03-02", False),
        ("started_before=2020-03-01", True),
        ("started_before=2020-02-29", False),
    ],
)
def test_started_after_and_before_include_the_day_itself(api, period, query, included):
    assert ids(api, query) == ([period.pk] if included else [])


def test_updated_since_returns_only_what_changed(api, period):
    later = MembershipFactory()
    Membership.objects.filter(pk=period.pk).update(updated_at=datetime.datetime(2021, 1, 1, tzinfo=datetime.UTC))
    Membership.objects.filter(pk=later.pk).update(updated_at=datetime.datetime(2026, 1, 2, 10, tzinfo=datetime.UTC))
    assert ids(api, "updated_since=2026-01-02T10:00:00Z") == [later.pk]
    assert ids(api, "updated_since=2026-01-02T10:00:01Z") == []
    assert ids(api, "updated_since=2020-01-01T00:00:00Z") == [period.pk, later.pk]


def test_alliance_filter_takes_a_slug(api):
    brics = MembershipFactory(alliance=AllianceFactory(slug="brics"))
    MembershipFactory()
    assert ids(api, "alliance=brics") == [brics.pk]


def test_country_filter_matches_the_country_and_its_organizations_in_any_case(api):
    own = MembershipFactory(organization=None, country=country("BR"))
    of_organization = MembershipFactory(organization=OrganizationFactory(country=country("BR")))
    MembershipFactory(organization=OrganizationFactory(country=country("IN")))
    assert ids(api, "country=br") == [own.pk, of_organization.pk]
    assert ids(api, "country=BR") == [own.pk, of_organization.pk]


def test_organization_and_member_type_and_role_filters(api):
    organization = MembershipFactory(organization=OrganizationFactory(slug="sber"), role=Role.FOUNDING_MEMBER)
    state = MembershipFactory(organization=None, country=country("IN"), role=Role.OBSERVER)
    assert ids(api, "organization=sber") == [organization.pk]
    assert ids(api, "member_type=organization") == [organization.pk]
    assert ids(api, "member_type=country") == [state.pk]
    assert ids(api, "role=observer") == [state.pk]


def test_ordering_by_start_date_reversed(api, period):
    newer = MembershipFactory(start_date=datetime.date(2024, 1, 1))
    assert ids(api, "ordering=-start_date") == [newer.pk, period.pk]
    assert ids(api, "ordering=start_date") == [period.pk, newer.pk]


def test_rows_that_tie_on_the_ordering_come_in_id_order_so_pages_neither_repeat_nor_skip(api):
    day = datetime.date(2024, 1, 1)
    tied = [MembershipFactory(start_date=day).pk for _ in range(3)]
    # An update moves the first row to the end of PostgreSQL's table: table order is not id order.
    Membership.objects.filter(pk=tied[0]).update(notes="Checked again.")
    assert ids(api, "ordering=-start_date") == tied
    pages = [ids(api, f"ordering=-start_date&page_size=1&page={number}") for number in (1, 2, 3)]
    assert pages == [[pk] for pk in tied]
    assert ids(api, "ordering=-id") == tied[::-1]
    # Without the id last, the database may return ties in any order, and two queries of one page
    # (its ids, then its rows) could disagree.
    ordered = MembershipFilter({"ordering": "-start_date"}, queryset=Membership.objects.all()).qs
    assert ordered.query.order_by == ("-start_latest", "id")
    announcements = AnnouncementFilter({"ordering": "date"}, queryset=Announcement.objects.all()).qs
    assert announcements.query.order_by == ("date", "id")


def test_alliance_members_filter_by_role(api):
    alliance = AllianceFactory(slug="brics")
    founder = MembershipFactory(alliance=alliance, role=Role.FOUNDING_MEMBER)
    MembershipFactory(alliance=alliance, role=Role.INVITED)
    assert ids(api, "role=founding_member", path="/api/v1/alliances/brics/members/") == [founder.pk]


@pytest.fixture
def announcements():
    brics = AllianceFactory(slug="brics")
    summit = AnnouncementFactory(
        title="Johannesburg summit", date=datetime.date(2023, 8, 24), summary="Six countries invited."
    )
    summit.alliances.add(brics)
    summit.countries.add(country("AR"))
    journey = AnnouncementFactory(title="AI Journey", date=datetime.date(2024, 12, 11), quotation="equal footing")
    return summit, journey


def test_announcements_filter_by_alliance_and_country(api, announcements):
    summit, _ = announcements
    assert ids(api, "alliance=brics", path="/api/v1/announcements/") == [summit.pk]
    assert ids(api, "country=ar", path="/api/v1/announcements/") == [summit.pk]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("date_after=2024-12-11", ["journey"]),
        ("date_after=2024-12-12", []),
        ("date_before=2023-08-24", ["summit"]),
        ("date_before=2023-08-23", []),
        ("date_after=2023-08-24&date_before=2024-12-11", ["journey", "summit"]),
    ],
)
def test_announcement_dates_include_the_day_itself(api, announcements, query, expected):
    by_name = {"summit": announcements[0].pk, "journey": announcements[1].pk}
    assert ids(api, query, path="/api/v1/announcements/") == [by_name[name] for name in expected]


@pytest.mark.parametrize("words", ["johannesburg", "SIX COUNTRIES", "equal footing", "Example Publisher"])
def test_announcement_text_search_looks_in_title_summary_quotation_and_publisher(api, announcements, words):
    found = ids(api, f"q={words}", path="/api/v1/announcements/")
    assert found
    assert ids(api, "q=nothing-like-this", path="/api/v1/announcements/") == []


def test_a_filter_form_class_is_made_once_per_language_and_each_request_gets_its_own_fields():
    def form():
        return MembershipFilter(QueryDict("role=member"), queryset=Membership.objects.all()).form

    with translation.override("ru"):
        assert form().fields["role"].label == "Роль"
    with translation.override("en"):
        first, second = form(), form()
    assert first.fields["role"].label == "Role"
    assert type(first) is type(second)
    assert first.fields["role"] is not second.fields["role"]
    assert first.is_valid() and first.cleaned_data["role"] == Role.MEMBER


def filter_labels(filterset, language="en"):
    with translation.override(language):
        return {name: str(field.label) for name, field in filterset(queryset=None).form.fields.items()}


@pytest.mark.parametrize("filterset", [MembershipFilter, AllianceMembersFilter, OrganizationFilter, AnnouncementFilter])
def test_every_filter_of_the_api_has_a_label_a_reader_can_read(filterset):
    """django-filter calls a filter with a method and no model field "[invalid name]" unless it is given a label."""
    labels = filter_labels(filterset)
    assert labels and not [name for name, label in labels.items() if "invalid name" in label]


@pytest.mark.parametrize("filterset", [MembershipFilter, AllianceMembersFilter])
def test_the_member_type_filter_is_labelled_in_both_languages(filterset):
    assert filter_labels(filterset)["member_type"] == "Member type"
    assert filter_labels(filterset, "ru")["member_type"] == "Тип участника"
