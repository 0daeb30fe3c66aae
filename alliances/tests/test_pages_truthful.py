"""The five examples of issue 10, read on the pages as a visitor reads them (factories, not the demo data).

1. Argentina's invitation ended "in December 2023": on 15 December 2023 it is possibly still invited.
2. BRICS between 2023-01-01 and 2024-12-31: four countries joined (and Saudi Arabia, disputed);
   Argentina's invitation ended, and it never "left".
3. The AI Alliance Network's list is incomplete: the pages say so, with the latest reported size.
4. Its associations had joined "by 11 December 2024", not on that day.
5. Saudi Arabia's membership is disputed: every page that shows it says so, with both sides.
"""

import datetime
import re
from html import unescape
from xml.etree import ElementTree

import pytest

from alliances.models import EndReason, Role

from .conftest import table_rows
from .examples import build_brics, build_network
from .factories import AnnouncementFactory, MembershipFactory, country

pytestmark = pytest.mark.django_db

D = datetime.date
ATOM = "{http://www.w3.org/2005/Atom}"


INLINE = re.compile(r"</?(a|span|strong|time|abbr)\b[^>]*>")


def visible(html):
    """The page's text as a reader sees it: no tags, a quotation in its marks, one space between words."""
    html = re.sub(r"<q\b[^>]*>", "“", INLINE.sub("", html)).replace("</q>", "”")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def section(html, start, end=None):
    """The page from the element whose id is `start` (its own text included) to the one whose id is `end`."""
    html = html[html.index(f'id="{start}"') :]
    html = html[html.index(">") + 1 :]
    return html[: html.index(f'id="{end}"')].rpartition("<")[0] if end else html


@pytest.fixture
def brics():
    return build_brics()


@pytest.fixture
def network():
    return build_network()


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


# 1. Argentina: possibly still invited through December 2023.


def test_argentina_is_possibly_invited_on_15_december_2023_and_the_page_says_why(client, brics):
    members = visible(section(page(client, "/alliances/brics/?as_of=2023-12-15"), "members-heading", "map-heading"))
    assert "5 members (complete list)." in members
    assert "Invited (5, 1 possibly)" in members
    argentina = "Argentina invited 24 August 2023 – December 2023 (declined the invitation) possibly: its invitation"
    assert f"{argentina} ended in December 2023" in members
    next_year = section(page(client, "/alliances/brics/?as_of=2024-01-01"), "members-heading", "map-heading")
    assert "Argentina" not in next_year


def test_argentina_reads_possibly_invited_in_russian_too(client, brics):
    text = visible(page(client, "/ru/alliances/brics/?as_of=2023-12-15"))
    assert "возможно: приглашение закончилось в декабре 2023 г." in text.lower()


def test_the_map_of_15_december_2023_shades_argentina_as_invited_not_as_a_member(client, brics):
    html = page(client, "/alliances/brics/?as_of=2023-12-15")
    caption = visible(section(html, "map-heading", "chart-heading"))
    assert "Members, shaded dark: Brazil, China, India, Russia, South Africa." in caption
    assert "shaded light: Argentina, Egypt, Ethiopia, Iran, Saudi Arabia, United Arab Emirates." in caption


# 2. BRICS 2023-2024: four joined, Saudi Arabia disputed; Argentina's invitation ended, it never left.


def test_the_brics_period_2023_2024_reports_each_kind_of_change_apart(client, brics):
    period = visible(
        section(
            page(client, "/alliances/brics/?from=2023-01-01&to=2024-12-31"), "period-result-heading", "members-heading"
        )
    )
    joined = period[period.index("Joined") : period.index("Left")]
    assert joined.startswith("Joined (4, 1 disputed)")
    for name in ("Egypt", "Ethiopia", "Iran", "United Arab Emirates", "Saudi Arabia"):
        assert name in joined
    assert "Argentina" not in joined and "Indonesia" not in joined
    assert "Saudi Arabia — member, since 1 January 2024 disputed" in joined
    left = period[period.index("Left") : period.index("Invited")]
    assert left == "Left (0) Nobody left. "
    invited = period[period.index("Invited (") : period.index("Invitations that ended")]
    assert invited.startswith("Invited (6)")
    ended = period[period.index("Invitations that ended") :]
    assert ended.startswith(
        "Invitations that ended (1) Argentina — invited, 24 August 2023 – December 2023 (declined the invitation)"
    )
    assert "left" not in ended.lower()
    assert "Role changes" not in period  # accepted invitations are joins, not role changes


def test_a_change_whose_date_may_fall_outside_the_period_is_marked(client, brics):
    period = visible(
        section(
            page(client, "/alliances/brics/?from=2023-12-15&to=2024-06-30"), "period-result-heading", "members-heading"
        )
    )
    assert "Invitations that ended (0, 1 possibly)" in period
    assert "possibly in this period: its invitation ended in December 2023" in period


def test_partner_to_member_is_one_role_change_not_a_join_and_a_leave(client, brics):
    source = AnnouncementFactory(title="Belarus becomes a member")
    common = {"alliance": brics, "organization": None, "country": country("BY"), "sources": [source]}
    partner = MembershipFactory(
        **common, role=Role.PARTNER, start="2025-01-01", end="2025-06", end_reason=EndReason.ROLE_CHANGED
    )
    MembershipFactory(**common, role=Role.MEMBER, start="2025-06", continues=partner)
    period = visible(
        section(
            page(client, "/alliances/brics/?from=2025-01-01&to=2025-12-31"), "period-result-heading", "members-heading"
        )
    )
    assert "Joined (1)" in period and "Belarus" not in period[period.index("Joined") : period.index("Left")]
    assert "Left (0)" in period
    assert "Role changes (1) Belarus — partner → member, since June 2025" in period
    assert "Other roles begun (1) Belarus — partner, 1 January 2025 – June 2025" in period
    timeline = visible(section(page(client, "/alliances/brics/"), "timeline-heading"))
    assert "June 2025 partner → member Belarus changed role in BRICS: partner → member" in timeline
    assert "1 January 2025 new role Belarus took the role of partner in BRICS" in timeline
    assert "Belarus left" not in timeline and "Belarus joined" not in timeline


# 3. An incomplete list: never presented as the whole, with the latest reported size and its source.


def test_an_incomplete_list_says_how_many_are_listed_and_what_a_source_reports(client, network):
    html = page(client, "/alliances/ai-alliance-network/")
    members = visible(section(html, "members-heading", "map-heading"))
    assert members.startswith(
        "Current members 6 members listed of 28 reported (4 December 2025). Not the whole list. "
        "Reported: 28 members in 21 countries as of "
        "4 December 2025 (A year of the network): “The alliance now unites"
    )
    assert '<a href="/announcements/later-size/">A year of the network</a>' in html
    assert "99" not in members  # a draft source's size is not shown
    assert "6 members listed of 28 reported (4 December 2025); its timeline and sources." in html  # its description


def test_the_reported_size_is_the_latest_on_or_before_the_day_shown(client, network):
    members = visible(
        section(page(client, "/alliances/ai-alliance-network/?as_of=2025-01-01"), "members-heading", "map-heading")
    )
    assert "Reported: 15 members in 13 countries as of 16 December 2024 (Sber: 15 organisations joined)." in members
    members = visible(
        section(page(client, "/alliances/ai-alliance-network/?as_of=2024-12-12"), "members-heading", "map-heading")
    )
    assert "Not the whole list. No source gives the whole list" in members


def test_the_home_page_counts_an_incomplete_list_as_listed_with_its_reported_size(client, network, brics):
    text = visible(page(client, "/"))
    assert (
        "Today: 6 members listed of 28 reported (4 December 2025) Not the whole list. "
        "Reported: 28 members in 21 countries as of 4 December 2025" in text
    )
    assert "Today: 10 members, 1 disputed (complete list) Member countries:" in text  # BRICS's list is complete
    assert "Possibly members, or disputed: Saudi Arabia" in text


def test_the_alliance_feed_says_its_list_is_not_the_whole(client, network):
    feed = ElementTree.fromstring(client.get("/feeds/announcements/ai-alliance-network/").content)
    subtitle = feed.find(f"{ATOM}subtitle").text
    assert "not the whole list; reported: 28 members in 21 countries as of 4 December 2025" in subtitle


# 4. "By 11 December 2024": a bound, not a day.


def test_members_by_a_day_read_by_that_day_everywhere_with_the_machine_date_kept(client, network):
    html = page(client, "/alliances/ai-alliance-network/")
    assert 'by <time datetime="2024-12-11">11 December 2024</time>' in html
    text = visible(html)
    assert "since 11 December 2024" not in text and "on 11 December 2024" not in text
    assert "by 11 December 2024 joined BR AI Association (Brazil) joined AI Alliance Network as member" in text
    organization = visible(page(client, "/organizations/br-ai/"))
    assert "AI Alliance Network — member, by 11 December 2024" in organization
    country_page = visible(page(client, "/countries/br/"))
    assert "AI Alliance Network — member, by 11 December 2024" in country_page
    assert "не позднее 11 декабря 2024 г." in visible(page(client, "/ru/alliances/ai-alliance-network/"))


def test_a_member_by_a_day_is_possibly_in_before_that_day_once_the_alliance_was_founded(client, network):
    network.founded = "2024-11-01"
    network.save()
    members = visible(
        section(page(client, "/alliances/ai-alliance-network/?as_of=2024-12-01"), "members-heading", "map-heading")
    )
    assert "0 members listed, 6 possibly." in members
    assert "possibly: it joined by 11 December 2024" in members


# 5. Saudi Arabia: disputed, with both sides, on every page that shows it.


def assert_both_sides(text):
    assert "disputed" in text
    assert (
        "Supported by: Russia takes the BRICS chair: "
        "“Saudi Arabia, Egypt, the UAE, Iran and Ethiopia are now full members.”" in text
    )
    assert "Disputed by: Saudi minister: still considering: “The Kingdom is still considering the invitation.”" in text


def test_saudi_arabia_is_disputed_on_the_alliance_page_with_both_sides(client, brics):
    html = page(client, "/alliances/brics/")
    members = visible(section(html, "members-heading", "map-heading"))
    assert members.startswith("Current members 10 members, 1 disputed (complete list). Members (10, 1 disputed)")
    saudi = members[members.index("Saudi Arabia") : members.index("South Africa")]
    assert_both_sides(saudi)
    assert "Possibly members, or disputed, shaded blue: Saudi Arabia." in visible(
        section(html, "map-heading", "chart-heading")
    )
    timeline = visible(section(html, "timeline-heading"))
    assert_both_sides(timeline[timeline.index("Saudi Arabia joined") :])


@pytest.mark.parametrize("path", ["/countries/sa/", "/announcements/russian-chair/", "/timeline/?country=sa"])
def test_saudi_arabia_is_disputed_on_every_page_that_shows_its_membership(client, brics, path):
    assert_both_sides(visible(page(client, path)))


def test_an_announcement_lists_the_memberships_it_supports_and_those_it_disputes(client, brics):
    text = visible(page(client, "/announcements/saudi-considering/"))
    supports, disputes = text.split("Memberships this source disputes")
    assert "Memberships this source supports None." in supports
    assert disputes.lstrip().startswith(
        "Saudi Arabia — member · BRICS, since 1 January 2024 disputed "
        "This source says: “The Kingdom is still considering the invitation.”"
    )
    chair = visible(page(client, "/announcements/russian-chair/"))
    assert "Memberships this source disputes" not in chair
    assert "Egypt — member · BRICS, since 1 January 2024" in chair


def test_the_country_list_keeps_disputed_members_apart(client, brics):
    rows = table_rows(page(client, "/countries/"))  # members, other roles, alliances
    assert rows["Saudi Arabia"][:2] == ["0, 1 disputed", "0"]
    assert rows["Egypt"][:2] == ["1", "0"]


def test_the_feed_tells_what_a_source_says_of_memberships(client, brics):
    feed = ElementTree.fromstring(client.get("/feeds/announcements/brics/").content)
    summaries = {
        entry.find(f"{ATOM}title").text: entry.find(f"{ATOM}summary").text for entry in feed.iter(f"{ATOM}entry")
    }
    saudi = summaries["Saudi minister: still considering"]
    assert "Saudi Arabia — member, BRICS, since 1 January 2024: this source disputes it (disputed)" in saudi
    letter = summaries["Argentina's letter to BRICS"]
    assert (
        "Argentina — invited, BRICS, 24 August 2023 – December 2023 (declined the invitation): this source supports it"
        in letter
    )


def test_the_russian_timeline_names_member_countries_in_russian(client, brics):
    timeline = visible(section(page(client, "/ru/alliances/brics/"), "timeline-heading"))
    assert "Саудовская Аравия — вступление в альянс «BRICS»" in timeline
    assert "Saudi Arabia —" not in timeline and "Indonesia —" not in timeline
