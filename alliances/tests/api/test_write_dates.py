"""The API's writes read dates as curators write them, with the parser of the admin and the import."""

import datetime

import pytest

from alliances.models import Alliance, Announcement, Membership

from ..factories import AllianceFactory, OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    AllianceFactory(slug="aan")
    OrganizationFactory(slug="assoc")


def _post_membership(curator_api, **fields):
    return curator_api.post("/api/v1/memberships/", {"alliance": "aan", "organization": "assoc", **fields}, "json")


@pytest.mark.parametrize(
    ("written", "stored"),
    [
        ("by 2024-12-11", (datetime.date(2024, 12, 11), "day", "by")),
        ("2024-12", (datetime.date(2024, 12, 1), "month", "on")),
        ("2024", (datetime.date(2024, 1, 1), "year", "on")),
        ("2024-12-11", (datetime.date(2024, 12, 11), "day", "on")),
        ("BY 2024-12", (datetime.date(2024, 12, 1), "month", "by")),
    ],
)
def test_a_start_written_as_curators_write_it_sets_date_precision_and_bound(curator_api, member, written, stored):
    response = _post_membership(curator_api, start_date=written)
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get()
    assert (membership.start_date, membership.start_precision, membership.start_bound) == stored
    assert response.json()["start_date"] == stored[0].isoformat()


def test_an_end_by_a_day_is_stored_with_its_bound(curator_api, member):
    response = _post_membership(curator_api, start_date="2020", end_date="by 2024-06", end_reason="withdrew")
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get()
    assert (membership.end_date, membership.end_precision, membership.end_bound) == (
        datetime.date(2024, 6, 1),
        "month",
        "by",
    )


@pytest.mark.parametrize("written", ["11/12/2024", "31/12/2024", "11.12.2024"])
def test_day_first_or_month_first_dates_answer_400_showing_the_form_to_write(curator_api, member, written):
    response = _post_membership(curator_api, start_date=written)
    assert response.status_code == 400
    assert response.json()["start_date"] == [
        f"'{written}' could be read day-first or month-first: write the year first, "
        "as 2024-12-11 (year-month-day), 2024-12 or 2024."
    ]
    assert not Membership.objects.exists()


def test_a_date_that_is_not_text_answers_400_naming_the_field(curator_api, member):
    response = _post_membership(curator_api, start_date=20241211)
    assert response.status_code == 400
    assert "start_date" in response.json()


def test_the_explicit_precision_and_bound_still_complete_a_plain_day(curator_api, member):
    response = _post_membership(curator_api, start_date="2024-01-01", start_precision="year", start_bound="by")
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get()
    assert (membership.start_precision, membership.start_bound) == ("year", "by")
    assert membership.start_display == "by 2024"


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"start_date": "2024", "start_precision": "day"}, "start_precision"),
        ({"start_date": "by 2024-12-11", "start_bound": "on"}, "start_bound"),
    ],
)
def test_an_explicit_field_that_contradicts_the_written_date_answers_400_naming_it(curator_api, member, fields, named):
    response = _post_membership(curator_api, **fields)
    assert response.status_code == 400
    assert list(response.json()) == [named]
    assert not Membership.objects.exists()


def test_an_alliance_founded_by_a_day_is_refused_it_has_no_bound(curator_api):
    payload = {"slug": "gpai", "name": "GPAI", "kind": "partnership", "founded_date": "by 2020-06-15"}
    response = curator_api.post("/api/v1/alliances/", payload, format="json")
    assert response.status_code == 400
    assert response.json()["founded_date"] == ["'by 2020-06-15': this date cannot be a bound; write the date itself."]
    assert not Alliance.objects.exists()


def test_an_alliance_founded_in_a_month_and_an_announcement_of_a_year(curator_api):
    alliance = {"slug": "gpai", "name": "GPAI", "kind": "partnership", "founded_date": "2020-06"}
    assert curator_api.post("/api/v1/alliances/", alliance, format="json").status_code == 201
    assert Alliance.objects.get().founded_display == "June 2020"
    announcement = {"slug": "report", "title": "Annual report", "date": "2024"}
    assert curator_api.post("/api/v1/announcements/", announcement, format="json").status_code == 201
    assert Announcement.objects.get().date_display == "2024"


def test_an_empty_end_clears_it(curator_api, member):
    created = _post_membership(curator_api, start_date="2020", end_date="2021", end_reason="withdrew").json()
    response = curator_api.patch(f"/api/v1/memberships/{created['id']}/", {"end_date": "", "end_reason": ""}, "json")
    assert response.status_code == 200, response.json()
    membership = Membership.objects.get()
    assert (membership.end_date, membership.end_precision, membership.end_bound) == (None, "", "")
