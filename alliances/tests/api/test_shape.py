"""One membership shape (api/shapes.py): the fast path's JSON, the rows', the OpenAPI schema and the CSV agree."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache

from alliances.api import pagejson
from alliances.api.shapes import MEMBERSHIP_CSV_COLUMNS, MEMBERSHIP_FIELDS, SOURCE_FIELDS
from alliances.models import Membership, MembershipSource, Stance, Status

from ..factories import AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

DAY = datetime.date


@pytest.fixture
def memberships():
    """An organization with a country and one without, a country, an ended one by a date, a disputed one."""
    source = AnnouncementFactory(
        title="Joined", date=DAY(2024, 12, 1), date_precision="month", source_url="https://a.example/1"
    )
    against = AnnouncementFactory(title="Denied", date=DAY(2025, 1, 1), date_precision="year")
    disputed = MembershipFactory(organization=OrganizationFactory(country=country("BR")), sources=[source])
    MembershipSource.objects.create(
        membership=disputed, announcement=against, stance=Stance.DISPUTES, quotation="We never joined."
    )
    return [
        disputed,
        MembershipFactory(organization=OrganizationFactory(country=None), sources=[source]),
        MembershipFactory(
            organization=None,
            country=country("IN"),
            start_date=DAY(2021, 1, 1),
            end_date=DAY(2024, 1, 1),
            end_precision="year",
            end_bound="by",
            end_reason="withdrew",
        ),
    ]


def schema_properties(schema, component):
    """{name: its schema} of a component, with the components it refers to resolved the same way."""
    properties = schema["components"]["schemas"][component]["properties"]

    def resolved(prop):
        ref = prop.get("$ref") or (prop.get("items") or {}).get("$ref")
        if ref and not ref.endswith(("Enum", "/Member")):
            return schema_properties(schema, ref.rsplit("/", 1)[1])
        return None

    return {name: resolved(prop) for name, prop in properties.items()}


def shape_of(value):
    """The keys of a JSON membership, nested as schema_properties gives them."""
    nested = {"alliance", "sources"}
    shape = {}
    for name, field in value.items():
        if name in nested:
            item = field[0] if isinstance(field, list) else field
            shape[name] = dict.fromkeys(item)
        else:
            shape[name] = None
    return shape


def test_the_schema_the_json_and_the_csv_are_the_one_declaration(api, memberships):
    schema = api.get("/api/v1/schema/?format=json").json()
    documented = schema_properties(schema, "Membership")
    declared = [field.name for field in MEMBERSHIP_FIELDS]
    assert list(documented) == declared
    assert list(documented["sources"]) == [field.name for field in SOURCE_FIELDS]

    body = api.get("/api/v1/memberships/?ordering=id").json()
    assert len(body["results"]) == 3
    for row in body["results"]:
        assert list(row) == declared
        assert shape_of(row)["alliance"] == documented["alliance"]
    assert list(body["results"][0]["sources"][0]) == list(documented["sources"])

    response = api.get("/api/v1/memberships/?format=csv&ordering=id")
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert header == MEMBERSHIP_CSV_COLUMNS
    assert [row[0] for row in rows] == [str(row["id"]) for row in body["results"]]


def test_the_fast_path_gives_the_bytes_of_the_rows(api, memberships, monkeypatch):
    for url in ("/api/v1/memberships/", "/api/v1/memberships/?as_of=2023-06-01", "/api/v1/memberships/?active=true"):
        fast = api.get(url).content
        cache.clear()  # the kept response too: the rows must make it
        monkeypatch.setattr(pagejson, "builds_json", lambda request: False)
        assert api.get(url).content == fast, url
        monkeypatch.undo()
        cache.clear()


def test_a_membership_carries_its_bounds_certainty_dispute_and_sources_dates_at_their_precision(api, memberships):
    disputed, _, ended = memberships
    rows = {row["id"]: row for row in api.get("/api/v1/memberships/?as_of=2023-06-01").json()["results"]}
    assert rows[ended.pk]["certainty"] == "possible"  # it ended by 2024: on 2023-06-01 it may have ended already
    assert (rows[ended.pk]["end_date"], rows[ended.pk]["end_precision"], rows[ended.pk]["end_bound"]) == (
        "2024-01-01",
        "year",
        "by",
    )
    assert rows[ended.pk]["start_bound"] == "on"
    (today,) = [row for row in api.get("/api/v1/memberships/").json()["results"] if row["id"] == disputed.pk]
    assert today["certainty"] is None  # not an answer about a day
    assert today["disputed"] is True
    assert [(s["title"], s["date"], s["date_precision"], s["stance"], s["quotation"]) for s in today["sources"]] == [
        ("Joined", "2024-12-01", "month", "supports", ""),
        ("Denied", "2025-01-01", "year", "disputes", "We never joined."),
    ]
    members = api.get(f"/api/v1/alliances/{disputed.alliance.slug}/members/").json()["results"]
    assert [(row["id"], row["certainty"]) for row in members] == [(disputed.pk, "certain")]


@pytest.mark.parametrize("reader", ["api", "viewer_api"])
def test_disputed_is_the_querysets_rule_for_every_reader(request, reader, memberships):
    """rows.py reads `disputed` from the citations it fetches; MembershipQuerySet.with_disputed is the rule."""
    rumour = AnnouncementFactory(title="Unchecked", status=Status.DRAFT)
    draft_only = memberships[1]
    MembershipSource.objects.create(membership=draft_only, announcement=rumour, stance=Stance.DISPUTES)
    expected = dict(Membership.objects.with_disputed().values_list("pk", "disputed"))
    assert sorted(expected.values()) == [False, False, True]
    client = request.getfixturevalue(reader)
    rows = client.get("/api/v1/memberships/").json()["results"]
    assert {row["id"]: row["disputed"] for row in rows} == expected
    detail = client.get(f"/api/v1/memberships/{draft_only.pk}/").json()
    assert detail["disputed"] is False
    assert ("Unchecked" in [source["title"] for source in detail["sources"]]) is (reader == "viewer_api")
