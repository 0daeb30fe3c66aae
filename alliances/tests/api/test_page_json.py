"""A page of memberships from the kept texts (pagejson.py): the same bytes as the rows of rows.py, filter by filter."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from alliances.api import pagejson
from alliances.caching import kept as caching_kept
from alliances.models import Membership, Organization, Role, Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db

DAY = datetime.date


@pytest.fixture
def register():
    """Memberships of every shape: organizations with and without a country, countries, ended, drafts, odd text."""
    brics = AllianceFactory(slug="brics", name='BRICS "plus"')
    network = AllianceFactory(slug="network", name="Сеть\u2028ИИ")
    older = AnnouncementFactory(
        title='Said "yes" \\ twice\n\t\x01', date=DAY(2023, 1, 5), source_url="https://a.example/1"
    )
    newer = AnnouncementFactory(title="Заявление \u2029", date=DAY(2024, 6, 1), source_url="")
    same_day = AnnouncementFactory(title="Same day, higher id", date=DAY(2023, 1, 5))
    draft = AnnouncementFactory(title="Unchecked rumour", status=Status.DRAFT, date=DAY(2022, 1, 1))
    memberships = [
        MembershipFactory(
            alliance=brics, organization=OrganizationFactory(slug="rostec"), sources=[newer, older, same_day, draft]
        ),
        MembershipFactory(alliance=brics, organization=OrganizationFactory(country=None), sources=[]),
        MembershipFactory(
            alliance=brics,
            organization=OrganizationFactory(country=country("RU")),
            role=Role.OBSERVER,
            start_date=DAY(2019, 3, 1),
            end_date=DAY(2024, 2, 1),
            end_precision="month",
            end_reason="withdrew",
            sources=[draft],
        ),
        MembershipFactory(alliance=brics, organization=None, country=country("IN"), start_date=DAY(2021, 1, 1)),
        MembershipFactory(alliance=network, organization=None, country=country("CN"), sources=[older, newer]),
        MembershipFactory(alliance=network, status=Status.DRAFT, sources=[draft]),
        MembershipFactory(alliance=network, start_date=DAY(2025, 5, 5), sources=[same_day]),
    ]
    moments = [
        datetime.datetime(2025, 1, 2, 3, 4, 5, tzinfo=datetime.UTC),
        datetime.datetime(2025, 1, 2, 3, 4, 5, 120, tzinfo=datetime.UTC),
        datetime.datetime(2026, 7, 8, 9, 10, 11, 999999, tzinfo=datetime.UTC),
    ]
    for index, membership in enumerate(memberships):
        Membership.objects.filter(pk=membership.pk).update(updated_at=moments[index % len(moments)])
    return memberships


QUERIES = [
    "",
    "?page_size=3",
    "?page_size=3&page=2",
    "?page_size=2&page=3&ordering=-start_date",
    "?alliance=brics",
    "?alliance=network&ordering=-id",
    "?country=RU",
    "?country=cn",
    "?organization=rostec",
    "?member_type=country",
    "?member_type=organization&ordering=end_date",
    "?role=observer",
    "?as_of=2020-01-01",
    "?as_of=2024-12-31&ordering=-updated_at",
    "?active=true",
    "?active=false",
    "?started_after=2020-01-01&started_before=2024-12-31",
    "?updated_since=2025-01-02T03:04:05Z&ordering=updated_at",
]
MEMBERS_QUERIES = ["", "?as_of=2020-01-01", "?as_of=2025-06-01&page_size=1&page=2", "?role=member&member_type=country"]


def both_paths(client, url, monkeypatch):
    """The body of `url` from the kept texts and from rows.py's dictionaries."""
    calls = []
    real = pagejson.membership_page_json
    monkeypatch.setattr(pagejson, "membership_page_json", lambda *a, **k: calls.append(1) or real(*a, **k))
    cache.clear()
    fast = client.get(url)
    # An empty page runs no page query at all (views.MembershipRowsMixin.membership_page).
    assert calls or fast.json()["count"] == 0, f"{url}: the kept texts did not make the page"
    monkeypatch.setattr(pagejson, "builds_json", lambda request: False)
    cache.clear()
    slow = client.get(url)
    monkeypatch.undo()
    cache.clear()
    assert fast.status_code == slow.status_code == 200, url
    return fast.content, slow.content


@pytest.mark.parametrize("reader", ["api", "viewer_api"])
def test_the_kept_texts_make_the_same_membership_pages_as_the_rows(request, register, monkeypatch, reader):
    client = request.getfixturevalue(reader)
    urls = [f"/api/v1/memberships/{query}" for query in QUERIES]
    urls += [f"/api/v1/alliances/{slug}/members/{query}" for slug in ("brics", "network") for query in MEMBERS_QUERIES]
    for url in urls:
        fast, slow = both_paths(client, url, monkeypatch)
        assert fast == slow, url


def test_anonymous_readers_get_no_draft_source_from_the_kept_texts(api, register, monkeypatch):
    fast, _ = both_paths(api, "/api/v1/memberships/", monkeypatch)
    assert b"Unchecked rumour" not in fast
    assert b'"sources":[]' in fast
    assert b"\\u2028" in fast and "\u2028".encode() not in fast


def test_curators_see_draft_sources_in_their_kept_texts(viewer_api, register, monkeypatch):
    fast, _ = both_paths(viewer_api, "/api/v1/memberships/?alliance=network", monkeypatch)
    assert b"Unchecked rumour" in fast


def test_a_membership_shown_once_is_read_from_the_shared_cache_by_any_page(api, register):
    first = api.get("/api/v1/memberships/")
    with CaptureQueriesContext(connection) as queries:
        again = api.get("/api/v1/memberships/?page_size=100")  # another address: not the kept response
        reversed_ = api.get("/api/v1/memberships/?ordering=-id")
    assert again.content == first.content
    assert reversed_.json()["results"] == first.json()["results"][::-1]
    assert len(queries) == 4  # each page's versions and ids: every membership's text came from the cache


def test_a_write_makes_every_kept_membership_text_unreachable(api, register, django_capture_on_commit_callbacks):
    assert "Rostec renamed" not in api.get("/api/v1/memberships/").content.decode()
    rostec = Organization.objects.get(slug="rostec")
    with django_capture_on_commit_callbacks(execute=True):
        rostec.name = "Rostec renamed"
        rostec.save()
    assert "Rostec renamed" in api.get("/api/v1/memberships/?page_size=100").content.decode()


def test_a_curators_kept_texts_are_never_an_anonymous_readers(api, viewer_api, register):
    assert b"Unchecked rumour" in viewer_api.get("/api/v1/memberships/").content
    assert b"Unchecked rumour" not in api.get("/api/v1/memberships/").content


def test_a_days_certainty_is_kept_apart_from_another_days(api):
    membership = MembershipFactory(start_date=DAY(2024, 1, 1), start_precision="year")
    assert api.get("/api/v1/memberships/").json()["results"][0]["certainty"] is None
    (possible,) = api.get("/api/v1/memberships/?as_of=2024-06-01").json()["results"]
    (certain,) = api.get("/api/v1/memberships/?as_of=2025-06-01").json()["results"]
    assert (possible["id"], possible["certainty"]) == (membership.pk, "possible")
    assert (certain["id"], certain["certainty"]) == (membership.pk, "certain")


@pytest.mark.parametrize("cache_reachable", [True, False])
def test_a_membership_deleted_while_its_page_is_made_is_left_out(api, register, monkeypatch, cache_reachable):
    if not cache_reachable:
        monkeypatch.setattr(caching_kept, "current_version", lambda: None)
    gone = register[0]
    real = pagejson.membership_dicts

    def deleted_meanwhile(rows, **kwargs):
        Membership.objects.filter(pk=gone.pk).delete()
        return real(rows, **kwargs)

    monkeypatch.setattr(pagejson, "membership_dicts", deleted_meanwhile)
    response = api.get("/api/v1/memberships/")
    assert response.status_code == 200
    ids = [row["id"] for row in response.json()["results"]]
    assert gone.pk not in ids
    assert ids == sorted(ids) and len(ids) == response.json()["count"] - 1


def test_a_page_another_reader_asked_for_is_made_with_no_query(api, settings, django_capture_on_commit_callbacks):
    """The page's names, count and links are kept: a new host (a response never kept) asks the database nothing."""
    settings.ALLOWED_HOSTS = ["testserver", "elsewhere.example"]
    first_member = MembershipFactory(start_date=DAY(2024, 1, 1), start_precision="year")
    address = "/api/v1/memberships/?as_of=2024-06-01&page_size=1"
    first = api.get(address).json()
    with CaptureQueriesContext(connection) as queries:
        again = api.get(address, HTTP_HOST="elsewhere.example").json()
    assert len(queries) == 1  # its versions
    assert again["results"] == first["results"] and again["count"] == first["count"] == 1
    assert [(row["id"], row["certainty"]) for row in again["results"]] == [(first_member.pk, "possible")]
    with django_capture_on_commit_callbacks(execute=True):
        second_member = MembershipFactory(start_date=DAY(2023, 5, 1), start_precision="day")
    after_a_write = api.get(address, HTTP_HOST="elsewhere.example").json()
    assert after_a_write["count"] == 2
    assert "page=2" in after_a_write["next"]
    assert [row["id"] for row in after_a_write["results"]] == [min(first_member.pk, second_member.pk)]
    assert api.get(f"{address}&page=3", HTTP_HOST="elsewhere.example").status_code == 404
    assert api.get("/api/v1/memberships/?as_of=2024-99-01", HTTP_HOST="elsewhere.example").status_code == 400
