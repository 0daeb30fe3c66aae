"""/api/v1/alliances/<slug>/changes/: the period view's answer as JSON, from the page's one rule."""

import datetime
import re

import pytest

from alliances.dates import DatePrecision
from alliances.models import EndReason, Role, Status

from ..factories import AllianceFactory, MembershipFactory, country

pytestmark = pytest.mark.django_db

D = datetime.date
CHANGED = EndReason.ROLE_CHANGED


def held(alliance, code, *periods, start_precision=DatePrecision.DAY, end_precision=DatePrecision.DAY):
    """Consecutive memberships of one country: (role, start, end, end reason), each continuing the one before."""
    before = None
    for role, start, end, reason in periods:
        before = MembershipFactory(
            alliance=alliance, organization=None, country=country(code), role=role, start_date=start,
            start_precision=start_precision, end_date=end, end_precision=end_precision if end else "",
            end_reason=reason, continues=before if before and before.end_reason == CHANGED else None,
        )  # fmt: skip


@pytest.fixture
def bloc():
    alliance = AllianceFactory(slug="brics", name="BRICS")
    held(alliance, "EG", (Role.INVITED, D(2023, 8, 24), D(2024, 1, 1), CHANGED), (Role.MEMBER, D(2024, 1, 1), None, ""))
    held(alliance, "BY", (Role.PARTNER, D(2024, 1, 1), D(2024, 6, 1), CHANGED), (Role.MEMBER, D(2024, 6, 1), None, ""))
    held(
        alliance, "AR", (Role.INVITED, D(2023, 8, 24), D(2023, 12, 1), EndReason.DECLINED),
        end_precision=DatePrecision.MONTH,
    )  # fmt: skip
    held(alliance, "RS", (Role.MEMBER, D(2019, 1, 1), D(2024, 3, 1), EndReason.WITHDREW))
    held(alliance, "BR", (Role.FOUNDING_MEMBER, D(2009, 6, 16), None, ""))
    held(alliance, "ID", (Role.MEMBER, D(2024, 1, 1), None, ""), start_precision=DatePrecision.YEAR)
    return alliance


def members(body, kind):
    return [entry["membership"]["member"]["code"] for entry in body[kind]["results"]]


def test_each_kind_of_change_is_reported_apart(api, bloc):
    response = api.get("/api/v1/alliances/brics/changes/?from=2023-01-01&to=2024-12-31")
    assert response.status_code == 200
    body = response.json()
    assert (body["from"], body["to"], body["alliance"]) == (
        "2023-01-01",
        "2024-12-31",
        {"slug": "brics", "name": "BRICS"},
    )
    assert sorted(members(body, "joined")) == ["EG", "ID"]  # an accepted invitation is a join; BY's is a role change
    assert members(body, "left") == ["RS"]  # Argentina never joined, so it never left
    assert sorted(members(body, "invited")) == ["AR", "EG"]
    assert members(body, "invitations_ended") == ["AR"]
    assert body["invitations_ended"]["results"][0]["membership"]["end_reason"] == "declined"
    assert members(body, "role_changes") == ["BY"]
    change = body["role_changes"]["results"][0]
    assert (change["previous_role"], change["membership"]["role"], change["date"]) == (
        "partner",
        "member",
        "2024-06-01",
    )
    assert members(body, "other_roles_began") == ["BY"]
    assert body["joined"]["count"] == 2
    # Each entry embeds the API's membership, sources and all.
    assert body["left"]["results"][0]["membership"]["sources"][0]["id"]


def test_a_date_that_only_partly_falls_in_the_period_is_possible(api, bloc):
    body = api.get("/api/v1/alliances/brics/changes/?from=2024-06-01&to=2024-12-31").json()
    # Indonesia joined "in 2024": perhaps in these months, perhaps before.
    (joined,) = [entry for entry in body["joined"]["results"] if entry["membership"]["member"]["code"] == "ID"]
    assert (joined["certainty"], joined["date_precision"]) == ("possible", "year")
    assert (body["joined"]["certain"], body["joined"]["possible"]) == (0, 1)
    whole_year = api.get("/api/v1/alliances/brics/changes/?from=2024&to=2024").json()
    assert {e["membership"]["member"]["code"]: e["certainty"] for e in whole_year["joined"]["results"]}[
        "ID"
    ] == "certain"


def test_the_page_and_the_api_count_the_same_changes(api, client, bloc):
    page = client.get("/alliances/brics/?from=2023-01-01&to=2024-12-31").content.decode()
    body = api.get("/api/v1/alliances/brics/changes/?from=2023-01-01&to=2024-12-31").json()
    headings = dict(re.findall(r'<h3 id="period-([a-z_]+)">[^(<]*\((\d+)', page))
    kinds = {"join": "joined", "leave": "left", "invitation": "invited", "invitation_ended": "invitations_ended"}
    assert {kind: int(headings[kind]) for kind in kinds} == {kind: body[name]["count"] for kind, name in kinds.items()}


def test_drafts_are_not_told_to_the_public(api, bloc):
    MembershipFactory(
        alliance=bloc, organization=None, country=country("TR"), start_date=D(2024, 2, 1), status=Status.DRAFT
    )
    body = api.get("/api/v1/alliances/brics/changes/?from=2024-01-01&to=2024-12-31").json()
    assert "TR" not in members(body, "joined")


@pytest.mark.parametrize(
    ("query", "fields"),
    [
        ("", {"from", "to"}),
        ("?from=2024-01-01", {"to"}),
        ("?from=yesterday&to=2024-12-31", {"from"}),
        ("?from=2024-02-30&to=2024-12-31", {"from"}),
        ("?from=2025-01-01&to=2024-12-31", {"to"}),
        ("?from=2024-01-01&to=2024-12-31&page=0", {"page"}),
    ],
)
def test_bad_or_missing_days_answer_400_naming_the_parameter(api, bloc, query, fields):
    response = api.get(f"/api/v1/alliances/brics/changes/{query}")
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_an_unknown_alliance_is_a_json_404(api, bloc):
    response = api.get("/api/v1/alliances/nowhere/changes/?from=2024-01-01&to=2024-12-31")
    assert response.status_code == 404
    assert response.json()["detail"]


@pytest.mark.parametrize("size", [1, 8])
def test_queries_do_not_grow_with_the_changes(api, django_assert_max_num_queries, size):
    alliance = AllianceFactory(slug="grown")
    for n in range(size):
        MembershipFactory(alliance=alliance, start_date=D(2024, 1, 1) + datetime.timedelta(days=n))
        MembershipFactory(alliance=alliance, role=Role.INVITED, start_date=D(2024, 2, 1), end_date=D(2024, 3, 1),
                          end_precision="day", end_reason=EndReason.DECLINED)  # fmt: skip
    # One alliance, the seven kinds (a count and a page each at most), the memberships and their sources.
    with django_assert_max_num_queries(17):
        body = api.get("/api/v1/alliances/grown/changes/?from=2024-01-01&to=2024-12-31").json()
    assert body["joined"]["count"] == size
    assert body["invitations_ended"]["count"] == size
