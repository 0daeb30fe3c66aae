"""README's worked examples hold for the shipped register: each is read from README.md, then checked.

The numbers and names come from the README's own words (a regular expression per example), so
when the register changes, the README is what has to change with it, and this test says where.
"""

import datetime
import re

import pytest
from django.conf import settings

from alliances.models import Alliance, Role
from alliances.summaries import alliance_summary

README = " ".join((settings.BASE_DIR / "README.md").read_text(encoding="utf-8").split())
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
NUMBER_WORDS.update(
    {
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "twenty-one": 21,
        "twenty-two": 22,
        "twenty-three": 23,
        "twenty-four": 24,
        "twenty-five": 25,
    }
)

pytestmark = pytest.mark.django_db


def example(pattern):
    """The groups of the README's sentence that `pattern` matches; fails, naming it, when the README has none."""
    found = re.search(pattern, README)
    assert found, f"README.md no longer has the example this test reads: {pattern}"
    return found.groups()


def day(words):
    return datetime.datetime.strptime(words, "%d %B %Y").date()


def names(words):
    """ "Egypt, Ethiopia, Iran, the United Arab Emirates" → {"Egypt", ..., "United Arab Emirates"}."""
    return {re.sub(r"^(the |and )+", "", name.strip()) for name in re.split(r",| and ", words) if name.strip()}


def changes(client, slug, start, end):
    response = client.get(f"/api/v1/alliances/{slug}/changes/", {"from": start, "to": end})
    assert response.status_code == 200
    return response.json()


def member_names(entries):
    return {entry["membership"]["member"]["name"] for entry in entries}


def test_the_number_of_bodies_the_register_ships_with(register):
    (count,) = example(r"It ships with a register of ([\w-]+) international AI groupings")
    assert Alliance.objects.published().count() == NUMBER_WORDS[count]


def test_the_period_view_of_brics(client, register):
    start, end, joined, joined_names, disputed, disputed_names, left, invited, ended, ended_names = example(
        r"The period view of BRICS between (\d+ \w+ \d{4}) and (\d+ \w+ \d{4}) therefore reads: "
        r"joined (\d+) \(([^)]*)\), and (\d+) disputed \(([^)]*)\); left (\d+); invited (\d+)(?: \([^)]*\))?; "
        r"invitations that ended (\d+) \(([^,)]*), declined\)"
    )
    period = changes(client, "brics", day(start), day(end))
    undisputed = [entry for entry in period["joined"]["results"] if not entry["membership"]["disputed"]]
    assert len(undisputed) == int(joined) and member_names(undisputed) == names(joined_names)
    assert period["joined"]["disputed"] == int(disputed)
    disputing = [entry for entry in period["joined"]["results"] if entry["membership"]["disputed"]]
    assert member_names(disputing) == names(disputed_names)
    assert period["left"]["count"] == int(left)
    assert period["invited"]["count"] == int(invited)
    assert period["invitations_ended"]["count"] == int(ended)
    assert member_names(period["invitations_ended"]["results"]) == names(ended_names)
    assert {entry["membership"]["end_reason"] for entry in period["invitations_ended"]["results"]} == {"declined"}


def test_a_possible_member_on_a_day(client, register):
    on, body, words, counted, listed, possibly = example(
        r"On (\d+ \w+ \d{4}) the association or university of Azerbaijan was possibly already a member of the "
        r"(.+?): .*?marked \"([^\"]+)\", and the counts keep such rows apart: "
        r"\"((\d+) members listed of \d+ reported \([^)]+\)), (\d+) possibly\""
    )
    alliance = Alliance.objects.get(name=body)
    summary = alliance_summary(alliance, day(on))
    assert (summary.members.certain, summary.members.possible) == (int(listed), int(possibly))
    page = client.get(alliance.get_absolute_url(), {"as_of": day(on).isoformat()}).content.decode()
    row = page[page.index("Association or university of Azerbaijan") :]
    assert words in row[: row.index("</tr>")]
    assert f"{counted}, {possibly} possibly" in page


def test_a_disputed_member_is_counted_apart(register):
    members, disputed = example(r"\"(\d+) members, (\d+) disputed\" means")
    (chair_day,) = example(r"Russia's statement as BRICS chair of (\d+ \w+ \d{4}) counts Saudi Arabia as a member")
    summary = alliance_summary(Alliance.objects.get(slug="brics"), datetime.date.today())
    assert (summary.members.certain, summary.members.disputed) == (int(members), int(disputed))
    saudi = Alliance.objects.get(slug="brics").memberships.get(country__code="SA", role=Role.MEMBER)
    assert (saudi.start_earliest, saudi.start_latest) == (day(chair_day), day(chair_day))
    assert saudi.citations.filter(stance="disputes").exists()


def test_an_incomplete_list_says_so_with_the_reported_size(client, register):
    on, text = example(r"The AI Alliance Network on (\d+ \w+ \d{4}) reads \"([^\"]+) \(source\)\"")
    counts, rest = text.split(". ", 1)
    network = Alliance.objects.get(slug="ai-alliance-network")
    assert not network.members_list_complete
    page = client.get(network.get_absolute_url(), {"as_of": day(on).isoformat()}).content.decode()
    plain = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert counts in plain
    assert rest in plain


def test_a_by_date_is_shown_as_by(client, register):
    (on,) = example(r"the pages say \"by (\d+ \w+ \d{4})\", never \"since\" or \"on\"")
    page = client.get("/alliances/ai-alliance-network/", {"as_of": day(on).isoformat()}).content.decode()
    assert f"by {on}" in page


def test_the_api_examples_answer(client, register):
    addresses = re.findall(r"curl (?:-o \S+ )?'http://127\.0\.0\.1:8000(/api/v1/[^']+)'", README)
    assert len(addresses) >= 5
    for address in addresses:
        response = client.get(address)
        assert response.status_code == 200, address
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body.strip(), address
