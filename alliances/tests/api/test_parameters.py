"""One language of dates and parameters: what the pages accept, the API accepts, with the same meaning; an
unknown parameter or a wrong choice answers 400 saying what the address takes; the schema is the API's own."""

import datetime

import pytest

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory
from .test_filters import ids

pytestmark = pytest.mark.django_db


@pytest.fixture
def period():
    """A membership from 15 March 2020 to 10 February 2022 (the end day excluded)."""
    return MembershipFactory(
        alliance=AllianceFactory(slug="brics"),
        start_date=datetime.date(2020, 3, 15),
        end_date=datetime.date(2022, 2, 10),
        end_precision="day",
    )


@pytest.mark.parametrize(
    ("query", "included"),
    [
        # A year or a month to look at means its last day, as on the alliance page.
        ("as_of=2020", True),
        ("as_of=2020-02", False),
        ("as_of=2020-03", True),
        ("as_of=2022-02", False),
        ("as_of=2022", False),
        # A bound from: its first day; a bound to: its last.
        ("started_after=2020", True),
        ("started_after=2020-03", True),
        ("started_after=2020-04", False),
        ("started_before=2020-03", True),
        ("started_before=2020-02", False),
        ("started_before=2020", True),
        ("updated_since=2000", True),
        ("updated_since=2000-01", True),
        ("updated_since=2999-01-01", False),
    ],
)
def test_memberships_read_a_year_a_month_or_a_day_as_the_pages_do(api, period, query, included):
    assert ids(api, query) == ([period.pk] if included else [])


def test_an_alliances_members_of_a_month_are_those_of_its_last_day(api, period):
    assert ids(api, "as_of=2020-03", path="/api/v1/alliances/brics/members/") == [period.pk]
    assert ids(api, "as_of=2022-02", path="/api/v1/alliances/brics/members/") == []
    page = api.get("/alliances/brics/?as_of=2022-02").content.decode()
    assert "No members recorded on this day." in page


def test_announcements_read_the_same_forms(api):
    AnnouncementFactory(slug="journey", date=datetime.date(2024, 12, 11))
    found = {
        query: [row["slug"] for row in api.get(f"/api/v1/announcements/?{query}").json()["results"]]
        for query in ("date_after=2024-12", "date_after=2025", "date_before=2024", "date_before=2024-11")
    }
    assert found == {
        "date_after=2024-12": ["journey"],
        "date_after=2025": [],
        "date_before=2024": ["journey"],
        "date_before=2024-11": [],
    }


@pytest.mark.parametrize("value", ["2024-13", "11/12/2024", "yesterday", "by 2024-12-11", "2024-02-30"])
def test_a_date_the_pages_refuse_the_api_refuses_naming_the_parameter(api, value):
    response = api.get(f"/api/v1/memberships/?as_of={value}")
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]


@pytest.mark.parametrize(
    ("path", "unknown", "reads"),
    [
        ("/api/v1/memberships/?since=2024", "since", "updated_since"),
        ("/api/v1/alliances/brics/members/?from=2024", "from", "as_of"),
        ("/api/v1/alliances/brics/?page=2", "page", "format"),
        ("/api/v1/announcements/?year=2024", "year", "date_after"),
        ("/api/v1/changes/?since=2024&until=2025", "until", "since"),
        ("/api/v1/register.zip?_=123", "_", "none"),
    ],
)
def test_an_unknown_parameter_answers_400_naming_what_the_address_reads(api, path, unknown, reads):
    AllianceFactory(slug="brics")
    response = api.get(path)
    assert response.status_code == 400
    (message,) = response.json()[unknown]
    assert "does not read" in message and reads in message


def test_a_known_parameter_alone_is_answered(api):
    AllianceFactory(slug="brics")
    assert api.get("/api/v1/alliances/brics/?format=json").status_code == 200
    assert api.get("/api/v1/memberships/?as_of=2024&page=1&page_size=5&format=json").status_code == 200


@pytest.mark.parametrize(
    ("query", "parameter", "values"),
    [
        ("role=boss", "role", "founding_member, member, observer"),
        ("member_type=person", "member_type", "organization, country"),
        ("ordering=name", "ordering", "start_date, -start_date"),
        ("as_of=2024-01-01&certainty=maybe", "certainty", "certain, possible"),
    ],
)
def test_a_wrong_choice_names_the_values_it_takes(api, query, parameter, values):
    response = api.get(f"/api/v1/memberships/?{query}")
    assert response.status_code == 400
    (message,) = response.json()[parameter]
    assert values in message


def test_the_schema_has_the_apis_version_and_its_own_examples(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    assert schema["info"]["version"] == api.get("/api/v1/").json()["version"] == "v1"
    parameters = {
        parameter["name"]: parameter
        for path in schema["paths"].values()
        for operation in path.values()
        for parameter in operation.get("parameters", [])
    }
    assert parameters["alliance"]["example"] == "brics"
    assert parameters["as_of"]["example"] == "2024-12-11"
    assert parameters["since"]["example"] == "2025.01.01.000000"
    membership = schema["components"]["schemas"]["Membership"]["properties"]
    assert membership["start_date"]["example"] == "2024-12-11"
    assert membership["uid"]["example"] != "3fa85f64-5717-4562-b3fc-2c963f66afa6"  # the tools' own
