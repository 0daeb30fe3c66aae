"""The API gives text back as data: JSON exactly as stored, CSV that no spreadsheet runs, HTML escaped."""

import csv
import io

import pytest
from rest_framework.test import APIClient

from alliances.spreadsheets import spreadsheet_safe, spreadsheet_unquoted

from ..factories import MembershipFactory, OrganizationFactory
from .conftest import assert_no_raw_markup, payload

pytestmark = pytest.mark.django_db

FORMULAS = ['=HYPERLINK("https://evil.example","x")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A2)", "\t=1+1"]


@pytest.fixture
def api():
    return APIClient()


def _rows(response):
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.DictReader(io.StringIO(body.decode())))


def test_json_carries_the_text_exactly_as_stored(api, hostile):
    membership = api.get(f"/api/v1/memberships/{hostile['membership'].pk}/").json()
    assert membership["alliance"]["name"] == payload("alliance.name")
    assert membership["member"]["name"] == payload("organization.name")
    assert membership["sources"][0]["title"] == payload("announcement.title")
    response = api.get("/api/v1/announcements/")
    assert response["Content-Type"] == "application/json"
    assert response.json()["results"][0]["summary"] == payload("announcement.summary")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/api/v1/memberships/", "organization.name"),
        ("/api/v1/alliances/hostile/", "alliance.name"),
        ("/api/v1/organizations/hostile-org/", "organization.name"),
        ("/api/v1/announcements/", "announcement.summary"),
        ("/api/v1/countries/br/", "announcement.title"),
    ],
)
def test_the_browsable_api_shows_markup_as_text(api, hostile, path, field):
    response = api.get(path, HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    text = response.content.decode()
    assert_no_raw_markup(text)
    assert f"{field}&lt;script&gt;alert(1)&lt;/script&gt;" in text  # the record is there, as text


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_csv_cell_that_a_spreadsheet_would_run_is_written_as_text(api, formula):
    organization = OrganizationFactory(slug="formula", name=formula, website="")
    MembershipFactory(organization=organization, alliance__name=formula, sources__0__title=formula)
    for path in ["/api/v1/memberships/?format=csv", "/api/v1/organizations/?format=csv"]:
        rows = _rows(api.get(path))
        names = [rows[0]["member_name"], rows[0]["alliance_name"]] if "memberships" in path else [rows[0]["name"]]
        for name in names:
            assert name == "'" + formula


def test_csv_leaves_ordinary_text_numbers_and_dates_alone(api):
    MembershipFactory(organization__name="Brazilian AI Association")
    row = _rows(api.get("/api/v1/memberships/?format=csv"))[0]
    assert row["member_name"] == "Brazilian AI Association"
    assert row["start_date"] == "2024-12-11"
    assert int(row["id"]) > 0


def test_spreadsheet_safe_prefixes_only_text_that_starts_a_formula():
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("a=1") == "a=1"
    assert spreadsheet_safe(-3) == -3
    assert spreadsheet_safe(None) is None


@pytest.mark.parametrize("text", [*FORMULAS, "'=quoted already", "'plain", "plain", ""])
def test_spreadsheet_unquoted_gives_back_what_spreadsheet_safe_was_given(text):
    assert spreadsheet_unquoted(spreadsheet_safe(text)) == text
