"""The indexes, the comparison and the picture of time in a real browser, in both languages, at 390 and 1280 px.

Screenshots go to screenshots/ beside those of test_pages_browser.py. The module's name sorts it after
test_models.py, whose serialized-rollback test must not follow a test that flushed the database.
"""

import pytest

from alliances.models import Alliance, Organization

from .test_pages_browser import CHROMIUM, SCREENSHOTS, browser, examples, tabs_at_each_width  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not __import__("os").path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing"),
    pytest.mark.django_db(transaction=True),
]

PAGES = {
    "alliances": "/alliances/",
    "organizations": "/organizations/",
    "compare": "/compare/?as_of=2025-06-01",
    "compare-possibly": "/compare/?as_of=2023-12-15&sort=groupings",
    "country-lanes": "/countries/br/",
    "alliance-lanes": "/alliances/brics/",
}

WIDER_THAN_THE_SCREEN = """[...document.querySelectorAll('body *')]
  .filter(e => !e.closest('.table-scroll') || e.matches('.table-scroll'))
  .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""

# Each lane text's size on screen: its CSS size times the scale its <svg> is drawn at.
LANE_TEXT_SIZES = """[...document.querySelectorAll('svg.lanes-drawing text')]
  .map(text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""


@pytest.fixture
def russian(examples):  # noqa: F811
    """Russian names for two bodies and an organisation; the others fall back to English."""
    Alliance.objects.filter(slug="brics").update(name_ru="БРИКС")
    Alliance.objects.filter(slug="ai-alliance-network").update(name_ru="Альянс в сфере ИИ")
    Organization.objects.filter(slug="br-ai").update(name_ru="Бразильская ассоциация ИИ")


def test_the_new_pages_at_phone_and_desktop_widths_in_both_languages(browser, live_server, russian):  # noqa: F811
    problems = []
    for width_name, width, tab in tabs_at_each_width(browser, problems):
        for language in ("", "/ru"):
            for name, path in PAGES.items():
                assert tab.goto(live_server.url + language + path, wait_until="load").status == 200, path
                # Nothing but the comparison's own scrolling box is wider than the screen.
                wide = tab.evaluate(WIDER_THAN_THE_SCREEN)
                assert tab.evaluate("document.documentElement.scrollWidth") <= width, (language + path, width, wide)
                sizes = tab.evaluate(LANE_TEXT_SIZES)
                if name.endswith("lanes"):
                    assert sizes and min(sizes) >= 12, (path, width, sizes)
                prefix = "ru-" if language else ""
                tab.screenshot(path=SCREENSHOTS / f"{prefix}{name}-{width_name}.png", full_page=True)
                if name.endswith("lanes"):  # the drawing alone, at the size a reader sees it
                    tab.locator("figure.lanes").screenshot(path=SCREENSHOTS / f"{prefix}{name}-figure-{width_name}.png")
    assert problems == []


def test_a_visitor_compares_filters_sorts_and_follows_a_cell_to_its_sources(browser, live_server, russian):  # noqa: F811
    """On a phone the comparison is a card per country: the same cells, their words in full."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(live_server.url + "/")
    tab.get_by_label("On the day", exact=True).fill("2025-06")
    tab.get_by_role("button", name="Compare").first.click()
    assert "/compare/?as_of=2025-06" in tab.url
    assert not tab.locator("table.compare").is_visible()
    cards = tab.locator(".compare-cards")
    assert "Brazil" in cards.inner_text() and "Saudi Arabia" in cards.inner_text()
    assert (
        "BRICS: Members, disputed, the country itself"
        in cards.locator("li.compare-card", has_text="Saudi Arabia").inner_text()
    )

    tab.get_by_label("BRICS", exact=True).check()
    tab.get_by_label("Region", exact=True).select_option(label="South America")
    tab.get_by_label("Sort by", exact=True).select_option(label="number of bodies")
    tab.get_by_role("button", name="Compare").click()
    assert "sort=groupings" in tab.url
    first = tab.locator("li.compare-card").first
    assert "Brazil" in first.inner_text() and "India" not in cards.inner_text()
    first.get_by_role("link", name="BRICS").click()
    assert "/alliances/brics/?as_of=2025-06-30#membership-" in tab.url
    anchor = tab.url.split("#")[1]
    assert tab.locator(f"#{anchor}").is_visible()
    assert "Brazil" in tab.locator(f"#{anchor}").locator("xpath=ancestor::tbody").inner_text()

    tab.goto(live_server.url + "/ru/compare/?as_of=2025-06-01")
    assert "БРИКС" in tab.locator(".compare-cards").inner_text()
    assert "Бразилия" in tab.locator(".compare-cards").inner_text()
    context.close()

    # On a wide screen, the table; sorted by its header.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.goto(live_server.url + "/compare/?as_of=2025-06-01")
    assert not tab.locator(".compare-cards").is_visible()
    tab.get_by_role("link", name="Bodies", exact=True).click()
    assert "sort=groupings" in tab.url
    assert "Brazil" in tab.locator("table.compare tbody").inner_text()
    context.close()
