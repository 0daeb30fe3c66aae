"""The API's writes read dates as curators write them (EDTF, and the fields of before EDTF), with the parser of the
admin and the import; the answer gives each date as written and as its earliest and latest day."""

import datetime

import pytest

from alliances.dates import FAR_FUTURE
from alliances.models import Alliance, Announcement, Membership

from ..factories import AllianceFactory, OrganizationFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def member():
    AllianceFactory(slug="aan", founded="2024-12-11")
    OrganizationFactory(slug="assoc")


def _post_membership(curator_api, **fields):
    return curator_api.post("/api/v1/memberships/", {"alliance": "aan", "organization": "assoc", **fields}, "json")


@pytest.mark.parametrize(
    ("written", "stored", "days"),
    [
        ("../2024-12-11", "../2024-12-11", ("2024-12-11", "2024-12-11")),
        ("2024-12", "2024-12", ("2024-12-01", "2024-12-31")),
        ("2025", "2025", ("2025-01-01", "2025-12-31")),
        ("2024-12-11", "2024-12-11", ("2024-12-11", "2024-12-11")),
        ("2025-06/2025-11", "2025-06/2025-11", ("2025-06-01", "2025-11-30")),
        ("by 2025-12", "../2025-12", ("2024-12-11", "2025-12-31")),  # the form of before; no lower end: the founding
    ],
)
def test_a_start_written_in_edtf_is_kept_with_its_days(curator_api, member, written, stored, days):
    response = _post_membership(curator_api, start=written)
    assert response.status_code == 201, response.json()
    assert Membership.objects.get().start == stored
    body = response.json()
    assert (body["start"], body["start_earliest"], body["start_latest"]) == (stored, *days)


@pytest.mark.parametrize(
    ("written", "stored", "legacy"),
    [
        ("by 2024-12-11", "../2024-12-11", ("2024-12-11", "day", "by")),
        ("2024-12", "2024-12", ("2024-12-01", "month", "on")),
        ("BY 2025-12", "../2025-12", ("2025-12-01", "month", "by")),
    ],
)
def test_the_fields_of_before_edtf_are_still_read_and_given(curator_api, member, written, stored, legacy):
    response = _post_membership(curator_api, start_date=written)
    assert response.status_code == 201, response.json()
    assert Membership.objects.get().start == stored
    body = response.json()
    assert (body["start_date"], body["start_precision"], body["start_bound"]) == legacy


def test_an_end_by_a_day_is_stored_with_its_bound(curator_api, member):
    response = _post_membership(curator_api, start="2025", end="../2026-06", end_reason="withdrew")
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get()
    assert (membership.end, membership.end_earliest, membership.end_latest) == (
        "../2026-06",
        D(2025, 1, 1),  # no lower end given: no earlier than the start
        D(2026, 6, 30),
    )
    assert (response.json()["end_date"], response.json()["end_bound"]) == ("2026-06-01", "by")


@pytest.mark.parametrize("written", ["11/12/2024", "31/12/2024", "11.12.2024"])
def test_day_first_or_month_first_dates_answer_400_showing_the_form_to_write(curator_api, member, written):
    for field in ("start", "start_date"):
        response = _post_membership(curator_api, **{field: written})
        assert response.status_code == 400
        assert response.json()[field] == [
            f"'{written}' could be read day-first or month-first: write the year first, "
            "as 2024-12-11 (year-month-day), 2024-12 or 2024."
        ]
    assert not Membership.objects.exists()


def test_a_start_with_no_latest_day_answers_400_saying_what_to_give(curator_api, member):
    response = _post_membership(curator_api, start="2025-01-01/..")
    assert response.status_code == 400
    assert "latest day" in response.json()["start"][0]


def test_a_date_that_is_not_text_answers_400_naming_the_field(curator_api, member):
    response = _post_membership(curator_api, start=20241211)
    assert response.status_code == 400
    assert "start" in response.json()


def test_the_explicit_precision_and_bound_still_complete_a_plain_day(curator_api, member):
    response = _post_membership(curator_api, start_date="2025-01-01", start_precision="year", start_bound="by")
    assert response.status_code == 201, response.json()
    membership = Membership.objects.get()
    assert membership.start == "../2025"
    assert membership.start_display == "by 2025"


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"start_date": "2025", "start_precision": "day"}, "start_precision"),
        ({"start_date": "by 2025-12-11", "start_bound": "on"}, "start_bound"),
        ({"start_date": "2025", "start": "2025"}, "start_date"),
    ],
)
def test_an_explicit_field_that_contradicts_the_written_date_answers_400_naming_it(curator_api, member, fields, named):
    response = _post_membership(curator_api, **fields)
    assert response.status_code == 400
    assert list(response.json()) == [named]
    assert not Membership.objects.exists()


def test_an_alliance_founded_between_two_months_and_by_a_day(curator_api):
    payload = {"slug": "aisi", "name": "AISI network", "kind": "network", "founded": "2024-05/2024-11"}
    response = curator_api.post("/api/v1/alliances/", payload, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["founded_earliest"], response.json()["founded_latest"]) == ("2024-05-01", "2024-11-30")
    payload = {"slug": "gpai", "name": "GPAI", "kind": "partnership", "founded_date": "by 2020-06-15"}
    assert curator_api.post("/api/v1/alliances/", payload, format="json").status_code == 201
    assert Alliance.objects.get(slug="gpai").founded == "../2020-06-15"


def test_an_alliance_founded_in_a_month_and_an_announcement_of_a_year(curator_api):
    alliance = {"slug": "gpai", "name": "GPAI", "kind": "partnership", "founded_date": "2020-06"}
    assert curator_api.post("/api/v1/alliances/", alliance, format="json").status_code == 201
    assert Alliance.objects.get().founded_display == "June 2020"
    announcement = {"slug": "report", "title": "Annual report", "date": "2024"}
    assert curator_api.post("/api/v1/announcements/", announcement, format="json").status_code == 201
    assert Announcement.objects.get().date_display == "2024"
    other = {"slug": "report-2", "title": "Another report", "date": "../2024"}
    response = curator_api.post("/api/v1/announcements/", other, format="json")
    assert response.status_code == 400 and "one date" in response.json()["date"][0]


def test_an_empty_end_clears_it(curator_api, member):
    created = _post_membership(curator_api, start="2025", end="2026", end_reason="withdrew").json()
    response = curator_api.patch(f"/api/v1/memberships/{created['id']}/", {"end": "", "end_reason": ""}, "json")
    assert response.status_code == 200, response.json()
    membership = Membership.objects.get()
    assert (membership.end, membership.end_earliest) == ("", FAR_FUTURE)
    assert (response.json()["end"], response.json()["end_latest"]) == (None, None)
