"""Over the shipped register: no page reads a partial list as whole (issue 19, section 3).

Every body's page, its card on the index and the home page, every country page with memberships and
/compare/ are read as a person reads them."""

import re
from html import unescape

import pytest
from django.utils import timezone

from alliances.models import Alliance, Country, Membership, Organization, ReportedSize
from alliances.summaries import COUNTED, MEMBERS, alliance_summary, role_group

pytestmark = pytest.mark.django_db


def visible(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def count_paragraph(html):
    return visible(re.search(r'<p class="count">(.*?)</p>', html, re.S).group(1))


def latest_size(alliance):
    """The size shown beside an incomplete list today; None for a complete list."""
    if alliance.members_list_complete:
        return None
    return ReportedSize.objects.filter(alliance=alliance).latest_by(timezone.localdate()).first()


def assert_honest_count(text, alliance, where):
    """`text` begins with the body's headline: its principal role counted, "listed" unless whole, "of N reported"."""
    number = int(re.match(r"\d+", text).group())
    counted = str(COUNTED[role_group(alliance.principal_role)] % {"count": number})  # "13 adherents"
    assert text.startswith(counted), (where, text)
    rest, size = text[len(counted) :], latest_size(alliance)
    if alliance.members_list_complete:
        assert "(complete list)" in rest, (where, text)
    else:
        assert rest.startswith(" listed"), (where, text)  # never a bare "13 members"
    if size is not None and size.members is not None:
        assert rest.startswith(f" listed of {size.members} reported ("), (where, text)
    elif size is not None:
        assert rest.startswith(" listed; reported: "), (where, text)
    return number


@pytest.fixture(scope="module")
def bodies(register):
    return list(Alliance.objects.published())


def test_the_register_has_bodies_whose_lists_are_partial(bodies):
    assert any(not alliance.members_list_complete for alliance in bodies)


def test_every_body_page_counts_its_principal_role_and_says_whether_the_list_is_whole(client, bodies):
    today = timezone.localdate()
    for alliance in bodies:
        text = count_paragraph(client.get(alliance.get_absolute_url()).content.decode())
        number = assert_honest_count(text, alliance, alliance.slug)
        assert number == alliance_summary(alliance, today).principal(alliance.principal_role).certain, alliance.slug
        if role_group(alliance.principal_role) != MEMBERS:
            assert " member" not in text, (alliance.slug, text)  # no "0 members" beside "47 reported"


def test_no_chart_of_a_partial_list_draws_certainly_zero_on_its_first_day(client, bodies):
    for alliance in bodies:
        if alliance.members_list_complete:
            continue
        html = client.get(alliance.get_absolute_url()).content.decode()
        table = re.search(r"<summary>The numbers behind the chart</summary>.*?<tbody>(.*?)</tbody>", html, re.S)
        if not table:
            continue
        first = re.findall(r"<td[^>]*>(.*?)</td>", table.group(1))[:2]
        assert first[1] != "0", (alliance.slug, first)
        if ReportedSize.objects.filter(alliance=alliance).published().exists():
            assert '<g class="reported">' in html, alliance.slug  # the sizes are drawn beside the line


@pytest.mark.parametrize("path", ["/", "/alliances/"])
def test_every_card_of_the_index_and_the_home_page_counts_as_the_body_page(client, bodies, path):
    cards = client.get(path).content.decode().split('<li class="card">')[1:]
    for alliance in bodies:
        (card,) = [visible(card) for card in cards if f'<a href="{alliance.get_absolute_url()}">' in card]
        assert_honest_count(card[card.index("Today: ") + len("Today: ") :], alliance, f"{path} {alliance.slug}")


def country_codes_with_memberships():
    codes = Membership.objects.published().values_list("country_id", "organization__country_id")
    return sorted({code for pair in codes for code in pair if code})


def test_no_country_page_says_none_recorded_of_organisations_while_organisations_are_recorded(client, register):
    unknown = Organization.objects.country_unknown().filter(memberships__in=Membership.objects.published()).distinct()
    codes = country_codes_with_memberships()
    assert codes
    for code in codes:
        html = client.get(f"/countries/{code.lower()}/").content.decode()
        start = html.index('id="organizations-heading"')
        section = visible(html[start : html.index('<section aria-labelledby="rankings-heading"')])
        assert "None recorded" not in section, code
        if not Organization.objects.filter(country_id=code).exists():
            assert f"No organisation is recorded with {Country(code=code)} as its country." in section, code
        if unknown.exists():
            assert f"{unknown.count()} organisation" in section, code


def test_compare_today_names_the_partial_bodies_and_counts_at_least(client, bodies):
    text = visible(client.get("/compare/").content.decode())
    partial = [alliance for alliance in bodies if not alliance.members_list_complete]
    note = text[text.index("Partial lists.") : text.index("An empty cell")]
    for alliance in partial:
        assert alliance.name in note, alliance.slug
    assert "at least" in text


def test_a_body_s_first_day_is_named_by_its_kind_in_both_languages(register, client):
    """A declaration is adopted, a treaty opened for signature, an alliance founded: never "founded" for a text."""
    expected = {
        "bletchley-declaration": ("adopted 1 November 2023", "дата принятия: 1 ноября 2023"),
        "unga-resolution-78-265": ("adopted 21 March 2024", "дата принятия: 21 марта 2024"),
        "oecd-ai-principles": ("adopted 22 May 2019", "дата принятия: 22 мая 2019"),
        "coe-ai-convention": ("opened for signature 5 September 2024", "открытие для подписания: 5 сентября 2024"),
        "ai-alliance-network": ("founded 11 December 2024", "основан: 11 декабря 2024"),
    }
    for slug, (english, russian) in expected.items():
        meta = re.search(r'<p class="meta">(.*?)</p>', client.get(f"/alliances/{slug}/").content.decode(), re.S)
        assert english in visible(meta.group(1)), slug
        russian_meta = re.search(
            r'<p class="meta">(.*?)</p>', client.get(f"/ru/alliances/{slug}/").content.decode(), re.S
        )
        assert russian in visible(russian_meta.group(1)), slug
    listing = visible(client.get("/alliances/").content.decode())
    assert "adopted 1 November 2023" in listing and "founded 1 November 2023" not in listing


def test_an_incomplete_declaration_without_a_size_speaks_of_its_list_not_its_members(register, client):
    text = visible(client.get("/alliances/reaim-blueprint-for-action/").content.decode())
    assert "No source gives the whole list; the register lists those its sources name." in text
    assert "all the members" not in text
    assert "Countries on the map" in text


def test_a_declarations_page_speaks_of_its_signatories_and_an_alliances_of_its_members(register, client):
    text = visible(client.get("/alliances/bletchley-declaration/").content.decode())
    assert "Signatories on a given day" in text and "Current signatories" in text and "Show signatories" in text
    assert "Members on a given day" not in text and "Current members" not in text
    html = client.get("/alliances/bletchley-declaration/?as_of=2023-11-02").content.decode()
    assert re.search(r'<label[^>]*for="id_as_of"[^>]*>\s*Signatories on', html)
    text = visible(html)
    assert "Signatories on 2 November 2023" in text and "Show today's signatories" in text
    assert "Current co-sponsors" in visible(client.get("/alliances/unga-resolution-78-265/").content.decode())
    assert "Нынешние подписанты" in visible(client.get("/ru/alliances/bletchley-declaration/").content.decode())
    assert "Current members" in visible(client.get("/alliances/brics/").content.decode())
