"""The alliance page: members by country, the as-of and period forms, the timeline, the map and the chart."""

import datetime
import gzip

import pytest
from django.core.cache import cache

from alliances.dates import DatePrecision
from alliances.models import EndReason, Membership, OrganizationKind, Role, Status

from .factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    country,
    declined_invitation,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def bloc():
    """A bloc of countries with founders, a later joiner, an invitee who declined and a draft member."""
    bloc = AllianceFactory(slug="bloc", name="Test Bloc")
    founding = AnnouncementFactory(title="First summit statement", date=D(2009, 6, 16))
    founding.alliances.add(bloc)
    for code in ("BR", "RU"):
        MembershipFactory(
            alliance=bloc,
            organization=None,
            country=country(code),
            role=Role.FOUNDING_MEMBER,
            start_date=D(2009, 6, 16),
            sources=[founding],
        )
    MembershipFactory(
        alliance=bloc, organization=None, country=country("ZA"), start_date=D(2010, 12, 24), start_precision="day"
    )
    declined_invitation(bloc)
    MembershipFactory(
        alliance=bloc,
        organization=None,
        country=country("EG"),
        role=Role.INVITED,
        start_date=D(2023, 8, 24),
        end_date=D(2024, 1, 1),
        end_precision=DatePrecision.DAY,
        end_reason=EndReason.ROLE_CHANGED,
    )
    MembershipFactory(alliance=bloc, organization=None, country=country("EG"), start_date=D(2024, 1, 1))
    MembershipFactory(
        alliance=bloc, organization=None, country=country("KP"), start_date=D(2020, 1, 1), status=Status.DRAFT
    )
    return bloc


def test_alliance_page_lists_current_members_by_country_with_role_and_since(client, bloc):
    response = client.get("/alliances/bloc/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>Test Bloc</h1>" in text
    assert "Current members" in text
    assert "4 members listed." in text
    assert "founding member" in text
    assert "16 June 2009" in text
    assert "First summit statement" in text


def test_alliance_page_hides_draft_memberships_and_draft_announcements(client, bloc):
    draft = AnnouncementFactory(title="Unconfirmed rumour", status=Status.DRAFT)
    draft.alliances.add(bloc)
    text = client.get("/alliances/bloc/").content.decode()
    assert "North Korea" not in text
    assert "Unconfirmed rumour" not in text


def test_as_of_shows_the_members_on_that_day_only(client, bloc):
    response = client.get("/alliances/bloc/?as_of=2010-01-01")
    text = response.content.decode()
    assert "Members on 1 January 2010" in text
    assert "2 members listed." in text
    members = text[text.index('id="members-heading"') : text.index('id="map-heading"')]
    assert "Brazil" in members
    assert "South Africa" not in members
    assert "Argentina" not in members


def test_as_of_excludes_members_who_left_before_that_day(client, bloc):
    text = client.get("/alliances/bloc/?as_of=2023-10-01").content.decode()
    members = text[text.index('id="members-heading"') : text.index('id="map-heading"')]
    assert "Argentina" in members
    # Its invitation ended "in December 2023": any day of December may still have been before the end.
    text = client.get("/alliances/bloc/?as_of=2023-12-30").content.decode()
    members = text[text.index('id="members-heading"') : text.index('id="map-heading"')]
    assert "Argentina" in members
    text = client.get("/alliances/bloc/?as_of=2024-01-01").content.decode()
    members = text[text.index('id="members-heading"') : text.index('id="map-heading"')]
    assert "Argentina" not in members


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-02-30", "9" * 40])
def test_a_bad_as_of_day_shows_the_form_again_with_a_message(client, bloc, value):
    response = client.get("/alliances/bloc/", {"as_of": value})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Enter a real day in the form YYYY-MM-DD" in text
    assert f"You entered: {value[:39]}" in text
    assert 'name="as_of"' in text
    assert "Current members" in text


def test_period_shows_who_joined_and_who_left_between_two_days(client, bloc):
    text = client.get("/alliances/bloc/?from=2023-08-01&to=2024-01-31").content.decode()
    result = text[text.index('id="period-result-heading"') : text.index('id="members-heading"')]
    assert "Between 1 August 2023 and 31 January 2024" in result
    joined, rest = result.split('<h3 id="period-leave">Left (0)</h3>')
    left, invitations = rest.split('<h3 id="period-invitation">')
    # Egypt became a member (its invitation accepted); invitations are not joins, and Argentina never left.
    assert '<h3 id="period-join">Joined (1)</h3>' in joined
    assert "Egypt" in joined and "Argentina" not in joined
    assert "Argentina" not in left and "Egypt" not in left
    assert invitations.startswith("Invited (2)")
    ended = invitations.split('<h3 id="period-invitation_ended">')[1]
    assert (
        ended.startswith("Invitations that ended (1)") and "Argentina" in ended and "(declined the invitation)" in ended
    )


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from=2024-01-01&to=2023-01-01", "The period ends before it starts"),
        ("from=2024-01-01", "Give both days of the period, or neither."),
        ("from=2024-01-01&to=nope", "Enter a real day"),
    ],
)
def test_a_bad_period_shows_the_form_again_with_a_message(client, bloc, query, message):
    response = client.get(f"/alliances/bloc/?{query}")
    assert response.status_code == 400
    assert message in response.content.decode()


def test_timeline_groups_events_by_year_and_shows_dates_at_their_precision(client, bloc):
    text = client.get("/alliances/bloc/").content.decode()
    timeline = text[text.index('id="timeline-heading"') :]
    assert timeline.index(">2024</h3>") < timeline.index(">2023</h3>") < timeline.index(">2009</h3>")
    assert "December 2023" in timeline  # Argentina's month-precision end
    assert "1 December 2023" not in timeline
    assert "declined the invitation to Test Bloc" in timeline
    assert "left Test Bloc" not in timeline  # an invitee never joined, so never left
    assert "was invited to Test Bloc" in timeline
    assert "joined Test Bloc as founding member" in timeline
    assert '<ol class="timeline">' in timeline


def test_a_year_precision_start_reads_as_the_year_alone(client):
    alliance = AllianceFactory(slug="network")
    MembershipFactory(alliance=alliance, start_date=D(2024, 1, 1), start_precision=DatePrecision.YEAR)
    text = client.get("/alliances/network/").content.decode()
    assert "1 January 2024" not in text
    assert '<time datetime="2024">2024</time>' in text
    assert "2024-01-01" not in text


def test_the_timelines_machine_readable_dates_keep_their_precision(client, bloc):
    timeline = client.get("/alliances/bloc/").content.decode().split('id="timeline-heading"')[1]
    assert '<time datetime="2023-12">December 2023</time>' in timeline  # Argentina's month-precision end
    assert '<time datetime="2009-06-16">16 June 2009</time>' in timeline
    assert "2023-12-01" not in timeline


def test_members_of_organizations_are_grouped_under_their_country(client):
    alliance = AllianceFactory(slug="network")
    MembershipFactory(
        alliance=alliance, organization=OrganizationFactory(name="Serbian AI Society", country=country("RS"))
    )
    un_body = OrganizationFactory(name="UN body", country=None, kind=OrganizationKind.INTERNATIONAL_BODY)
    MembershipFactory(alliance=alliance, organization=un_body)
    text = client.get("/alliances/network/").content.decode()
    assert "Serbia</a></th>" in text
    assert "Serbian AI Society" in text
    assert ">International</th>" in text
    MembershipFactory(alliance=alliance, organization=OrganizationFactory(name="A company", country=None))
    text = client.get("/alliances/network/").content.decode()  # an association of no country: not known where
    assert ">International, or country not recorded</th>" in text


def test_the_page_links_the_map_with_the_register_version_and_lists_its_countries(client, bloc):
    text = client.get("/alliances/bloc/?as_of=2024-06-01").content.decode()
    assert "/alliances/bloc/map.svg?as_of=2024-06-01&amp;v=" in text
    assert 'loading="lazy"' in text
    assert "Members, shaded dark: Brazil, Egypt, Russia, South Africa." in text


def test_map_is_an_svg_with_member_countries_shaded_and_no_script(client, bloc):
    response = client.get("/alliances/bloc/map.svg?as_of=2024-06-01&v=7")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "max-age=31536000" in response["Cache-Control"]
    svg = response.content.decode()
    assert "<script" not in svg
    assert "http" not in svg.replace("http://www.w3.org/2000/svg", "")  # nothing from another site
    assert 'fill="#8a1c17" data-countries="br eg ru za"' in svg  # full members: dark; Argentina declined in 2023
    assert "<title>Members: Brazil, Egypt, Russia, South Africa." in svg


def test_the_map_is_small_and_the_same_bytes_for_the_same_data(client, bloc):
    first = client.get("/alliances/bloc/map.svg?as_of=2024-06-01&v=7").content
    cache.clear()  # drawn again
    assert client.get("/alliances/bloc/map.svg?as_of=2024-06-01&v=7").content == first
    assert len(first) <= 250_000


def test_the_map_is_kept_per_encoding_and_served_from_the_kept_copy(client, bloc, django_assert_max_num_queries):
    address = "/alliances/bloc/map.svg?as_of=2024-06-01&v=7"
    plain = client.get(address)
    gzipped = client.get(address, HTTP_ACCEPT_ENCODING="gzip, deflate")
    assert gzipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.content) == plain.content
    with django_assert_max_num_queries(2):  # the versions, each time
        assert client.get(address).content == plain.content
        assert client.get(address, HTTP_ACCEPT_ENCODING="gzip").content == gzipped.content
    russian = client.get("/ru" + address).content.decode()
    assert "Бразилия" in russian


def test_map_with_a_bad_day_answers_400(client, bloc):
    response = client.get("/alliances/bloc/map.svg?as_of=tomorrow")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.content.decode()


def test_chart_counts_full_members_over_time(client, bloc):
    text = client.get("/alliances/bloc/").content.decode()
    chart = text[text.index('id="chart-heading"') : text.index('id="timeline-heading"')]
    assert "<svg" in chart and "<path" in chart
    assert '<td>16 June 2009</td><td class="num">2</td><td class="num">2</td>' in chart
    assert '<td>24 December 2010</td><td class="num">3</td><td class="num">3</td>' in chart
    assert '<td>1 January 2024</td><td class="num">4</td><td class="num">4</td>' in chart


def test_an_unknown_alliance_gets_the_friendly_404_page(client):
    response = client.get("/alliances/no-such-thing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_long_member_list_is_paginated_and_keeps_the_chosen_day(client, bloc, monkeypatch):
    monkeypatch.setattr("alliances.views.alliances.MEMBERS_PAGE", 2)
    text = client.get("/alliances/bloc/?as_of=2024-06-01").content.decode()
    members = text[text.index('id="members-heading"') : text.index('id="map-heading"')]
    assert "4 members listed." in members
    assert "Page 1 of 2" in members
    assert 'href="?as_of=2024-06-01&amp;members_page=2"' in members
    assert "Brazil" in members and "South Africa" not in members
    second = client.get("/alliances/bloc/?as_of=2024-06-01&members_page=2").content.decode()
    assert "South Africa" in second[second.index('id="members-heading"') : second.index('id="map-heading"')]


def test_the_summary_and_the_steps_of_a_day_are_kept_until_the_next_write(
    client, bloc, django_capture_on_commit_callbacks
):
    text = client.get("/alliances/bloc/?as_of=2024-06-01").content.decode()
    assert "4 members listed." in text and '<td>1 January 2024</td><td class="num">4</td>' in text
    # A change the register was not told of (no write, no new version): the page's other
    # addresses (here another page of its timeline), its members list and its map answer from
    # what was kept for the day.
    Membership.objects.filter(country="ZA").update(status=Status.DRAFT)
    text = client.get("/alliances/bloc/?as_of=2024-06-01&page=1").content.decode()
    assert "4 members listed." in text and '<td>1 January 2024</td><td class="num">4</td>' in text
    assert "South Africa</a></th>" in text
    assert 'data-countries="br eg ru za"' in client.get("/alliances/bloc/map.svg?as_of=2024-06-01").content.decode()
    # Another day is worked out afresh; a committed write to what the page shows (a statement about the
    # bloc) makes a new version of the bloc for every day.
    assert "3 members listed." in client.get("/alliances/bloc/?as_of=2024-06-02").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        AnnouncementFactory(title="A fresh statement").alliances.add(bloc)
    text = client.get("/alliances/bloc/?as_of=2024-06-01&page=1").content.decode()
    assert "3 members listed." in text and '<td>1 January 2024</td><td class="num">3</td>' in text
    assert (
        '<td>1 января 2024 г.</td><td class="num">3</td>'
        in client.get("/ru/alliances/bloc/?as_of=2024-06-01").content.decode()
    )


def test_the_timeline_of_an_alliance_is_paged_and_counted_again_after_a_write(
    client, bloc, django_capture_on_commit_callbacks
):
    for day in range(1, 29):
        AnnouncementFactory(title=f"Bloc note {day:02d}", date=D(2010, 2, day)).alliances.add(bloc)
    first = client.get("/alliances/bloc/").content.decode()
    assert "Page 1 of 2" in first and "Bloc note 28" in first and "Bloc note 01" not in first
    second = client.get("/alliances/bloc/?page=2").content.decode()
    assert "Page 2 of 2" in second and "Bloc note 01" in second and "Bloc note 28" not in second
    with django_capture_on_commit_callbacks(execute=True):
        for day in range(1, 31):
            AnnouncementFactory(title=f"Later note {day:02d}", date=D(2011, 3, day)).alliances.add(bloc)
    assert "Page 1 of 3" in client.get("/alliances/bloc/").content.decode()
    assert "Bloc note 01" in client.get("/alliances/bloc/?page=3").content.decode()
