"""The picture of time (alliances/lanes.py, includes/time_lanes.html) on the alliance and country pages."""

import datetime
import re

import pytest
from django.contrib.staticfiles import finders

from alliances.lanes import MAX_LANES
from alliances.models import Role

from .factories import AllianceFactory, MembershipFactory, OrganizationFactory, country, declined_invitation

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def bloc():
    bloc = AllianceFactory(
        slug="brics", name="BRICS", kind="bloc", founded_date=D(2009, 6, 16), founded_precision="day"
    )
    MembershipFactory(alliance=bloc, organization=None, country=country("BR"), start_date=D(2009, 6, 16))
    declined_invitation(bloc)
    MembershipFactory(
        alliance=bloc, organization=None, country=country("NG"), role=Role.PARTNER, start_date=D(2025, 1, 1)
    )
    MembershipFactory(
        alliance=bloc, organization=None, country=country("ID"), start_date=D(2024, 12, 11), start_bound="by"
    )
    return bloc


def _lanes(text):
    return text[text.index('<figure class="lanes">') : text.index("</figure>", text.index('<figure class="lanes">'))]


def test_the_alliance_page_draws_a_lane_per_member_with_imprecise_dates_as_such(client, bloc):
    lanes = _lanes(client.get("/alliances/brics/").content.decode())
    for name in ("Brazil", "Argentina", "Nigeria", "Indonesia"):
        assert f'class="lane-label"><tspan x="0" dy="0">{name}</tspan></text>' in lanes
    assert lanes.count('<g class="lane">') == 4
    assert '<g class="bar bar-invited">' in lanes and '<g class="bar bar-other">' in lanes  # outlined, striped
    assert 'fill="url(#member-lanes-hatch)" class="uncertain"' in lanes  # Argentina's end: "December 2023"
    assert 'fill="url(#member-lanes-fade)" class="fade"' in lanes  # Indonesia: "by 11 December 2024"
    assert lanes.count('class="arrow">▶</text>') == 3  # all but Argentina are still in force
    assert "invited, 24 August 2023 – December 2023" in lanes  # the same as text
    assert "member, by 11 December 2024" in lanes


def test_the_lanes_text_is_at_least_12_px(client, bloc):
    with open(finders.find("css/site.css"), encoding="utf-8") as stylesheet:
        css = stylesheet.read()
    sizes = [int(size) for size in re.findall(r"\.lanes-drawing[^{]*\{[^}]*font-size: (\d+)px", css)]
    assert sizes and min(sizes) >= 12


def test_a_large_body_draws_its_first_members_and_says_how_many_more(client):
    network = AllianceFactory(slug="network", name="Network")
    for index in range(MAX_LANES + 5):
        MembershipFactory(alliance=network, organization=OrganizationFactory(slug=f"o{index}", name=f"Org {index}"))
    lanes = _lanes(client.get("/alliances/network/").content.decode())
    assert lanes.count('<g class="lane">') == MAX_LANES
    assert "5 more members are not drawn: see the list of members." in lanes


def test_the_country_page_draws_a_lane_per_body(client, bloc):
    network = AllianceFactory(slug="network", name="AI Alliance Network")
    MembershipFactory(alliance=network, organization=OrganizationFactory(name="Brazilian AI Association"))
    lanes = _lanes(client.get("/countries/br/").content.decode())
    assert (
        'class="lane-label"><tspan x="0" dy="0">BRICS</tspan></text>' in lanes
        and 'class="lane-label"><tspan x="0" dy="0">AI Alliance Network</tspan></text>' in lanes
    )
    assert "Brazilian AI Association: member, since 11 December 2024" in lanes


def test_the_lanes_in_russian(client, bloc):
    lanes = _lanes(client.get("/ru/alliances/brics/").content.decode())
    assert 'class="lane-label"><tspan x="0" dy="0">Бразилия</tspan></text>' in lanes
    assert not re.search(r'(x|width)="[0-9.]*,', lanes)  # numbers as SVG reads them, never "3,5%"
    assert "То же текстом" in lanes and "Нигерия</a>: партнёр, с 1 января 2025 г." in lanes


def test_a_long_label_is_broken_into_lines_that_fit_a_phone_and_its_bars_move_down():
    from alliances.lanes import AXIS_HEIGHT, LABEL_LINE_CHARACTERS, LANE_HEIGHT, Drawing, Lane

    long = Lane(label="Association or university of Azerbaijan (name not given in the source)", url="")
    short = Lane(label="BRICS", url="")
    assert [text for _dy, text in long.label_lines] == [
        "Association or university of Azerbaijan",
        "(name not given in the source)",
    ]
    assert all(len(text) <= LABEL_LINE_CHARACTERS for _dy, text in long.label_lines)
    assert short.label_lines == [(0, "BRICS")]
    drawing = Drawing(lanes=[long, short], ticks=[], height=0)
    assert drawing.lane_tops() == [(AXIS_HEIGHT, long), (AXIS_HEIGHT + LANE_HEIGHT + 15, short)]
