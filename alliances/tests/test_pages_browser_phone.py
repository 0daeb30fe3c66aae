"""Every public page at a phone's width (390 px) and a desktop's (1280 px), in both languages, in a real browser:
no accessibility violation axe-core finds, nothing cut, and a screenshot of each in screenshots/.

axe-core comes inside the pinned axe-playwright-python. The module's name sorts it after the modules whose
tests need the countries of the first migration (a transactional test empties every table).
"""

import os
import re

import pytest
from axe_playwright_python.base import AXE_SCRIPT
from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS

from .test_pages_browser import CHROMIUM, SCREENSHOTS, browser, shipped, tabs_side_by_side  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing: run scripts/ensure-chromium"),
    pytest.mark.django_db(transaction=True),
]

# Every kind of public page, with the shipped register's records.
PUBLIC_PAGES = {
    "home": "/",
    "alliances": "/alliances/",
    "alliance": "/alliances/brics/",
    "alliance-period": "/alliances/brics/?from=2023-01-01&to=2024-12-31",
    "alliance-network": "/alliances/ai-alliance-network/",
    "countries": "/countries/",
    "country": "/countries/br/",
    "organizations": "/organizations/",
    "organization": "/organizations/russian-ai-alliance/",
    "announcements": "/announcements/",
    "announcement": "/announcements/ai-alliance-network-announced-ai-journey-2024/",
    "timeline": "/timeline/",
    "compare": "/compare/?as_of=2025-06-01",
    "search": "/search/?q=bra",
    "search-empty": "/search/",
    "bad-filter": "/timeline/?year=nonsense",
    "not-found": "/no-such-page/",
}


def start_axe(tab):
    """Set axe-core going on the page as it is now, without waiting for it: each width's tab runs it in a
    renderer of its own, so the widths are checked side by side (violations_found reads the answer)."""
    tab.evaluate(AXE_SCRIPT)
    tab.evaluate("options => { window.axeResults = axe.run(options); }", DEFAULT_OPTIONS)


def violations_found(tab):
    """The violations of start_axe's run, once it ends: [(rule, impact, first element, how many)]."""
    found = tab.evaluate("() => window.axeResults.then(results => results.violations)")
    return [(v["id"], v["impact"], v["nodes"][0]["target"], len(v["nodes"])) for v in found]


def test_every_public_page_passes_axe_and_fits_at_phone_and_desktop_widths_in_both_languages(
    browser,  # noqa: F811
    live_server,
    shipped,  # noqa: F811
    capsys,
):
    SCREENSHOTS.mkdir(exist_ok=True)
    problems, failures = [], []
    with tabs_side_by_side(browser, problems) as tabs:
        for language in ("", "/ru"):
            for name, path in PUBLIC_PAGES.items():
                for _width_name, width, tab in tabs:
                    response = tab.goto(live_server.url + language + path, wait_until="load")
                    assert response.status in (200, 400, 404), path
                    assert tab.evaluate("document.documentElement.scrollWidth") <= width, (language + path, width)
                    start_axe(tab)
                for width_name, width, tab in tabs:
                    found = violations_found(tab)
                    if found:
                        failures.append((language + path, width, found))
                    prefix = "ru-" if language else ""
                    tab.screenshot(path=SCREENSHOTS / f"a11y-{prefix}{name}-{width_name}.png", full_page=True)
    assert failures == []
    # The missing page answers 404 and a bad filter 400, which Chromium also reports on the console.
    assert [problem for problem in problems if not re.search(r"\b40[04]\b", problem)] == []


def test_the_api_docs_page_passes_axe_with_its_operations_open(browser, live_server, shipped):  # noqa: F811
    with tabs_side_by_side(browser, []) as tabs:
        for _width_name, _width, tab in tabs:
            tab.goto(live_server.url + "/api/v1/docs/", wait_until="load")
            tab.locator(".opblock-summary-control").first.wait_for()
            start_axe(tab)
        for width_name, _width, tab in tabs:
            assert violations_found(tab) == [], width_name
            for index in range(3):
                tab.locator(".opblock-summary-control").nth(index).click()
            tab.locator(".models-control").first.click()
            tab.locator("table.responses-table").first.wait_for()
            start_axe(tab)
        for width_name, _width, tab in tabs:
            assert violations_found(tab) == [], width_name
            tab.screenshot(path=SCREENSHOTS / f"api-docs-{width_name}.png")


def test_compare_is_a_card_per_country_on_a_phone_and_a_table_with_a_sticky_header_on_a_desktop(
    browser,  # noqa: F811
    live_server,
    shipped,  # noqa: F811
):
    for language in ("", "/ru"):
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        phone.goto(live_server.url + language + "/compare/?as_of=2025-06-01")
        assert not phone.locator("table.compare").is_visible()
        brazil = phone.locator("li.compare-card").filter(
            has=phone.locator("h2", has_text="Brazil" if not language else "Бразилия")
        )
        assert brazil.locator("li.cell a").count() == 2  # BRICS and the AI Alliance Network
        phone.locator(".compare-cards").screenshot(
            path=SCREENSHOTS / f"compare-cards{'-ru' if language else ''}-phone.png"
        )
        phone.close()

        desktop = browser.new_page(viewport={"width": 1280, "height": 900})
        desktop.goto(live_server.url + language + "/compare/?as_of=2025-06-01")
        assert not desktop.locator(".compare-cards").is_visible()
        box = desktop.locator(".compare-table")
        # No header cut: no header's text overflows its cell (with two dozen bodies the table scrolls sideways
        # in its box, the country column kept at its left).
        assert desktop.evaluate(
            "[...document.querySelectorAll('.compare th')].every(th => th.scrollWidth <= th.clientWidth)"
        )
        # The header stays at the top of the box as its rows scroll.
        header = desktop.locator(".compare thead th").nth(2)
        box.evaluate("e => e.scrollTop = 400")
        assert box.evaluate("e => e.scrollTop") == 400
        assert abs(header.bounding_box()["y"] - box.evaluate("e => e.getBoundingClientRect().top + e.clientTop")) < 1
        desktop.close()


def test_tabbing_through_the_comparison_never_hides_a_cell_under_the_country_column(browser, live_server, shipped):  # noqa: F811
    """At a width where the table scrolls sideways, a focused cell scrolls clear of the sticky column."""
    tab = browser.new_page(viewport={"width": 820, "height": 900})
    tab.goto(live_server.url + "/compare/?as_of=2025-06-01")
    box = tab.locator(".compare-table")
    if box.evaluate("e => e.scrollWidth <= e.clientWidth"):
        pytest.skip("the table fits at this width: nothing scrolls under the country column")
    box.evaluate("e => e.scrollLeft = e.scrollWidth")
    links = tab.locator(".compare tbody tr").first.locator("td.cell a")
    first_cell = tab.locator(".compare tbody tr").first.locator("td").nth(1)
    first_cell.evaluate("td => td.setAttribute('tabindex', '-1')")
    first_cell.focus()
    assert links.count() >= 0
    country = tab.locator(".compare tbody tr").first.locator("th").bounding_box()
    cell = first_cell.bounding_box()
    assert cell["x"] >= country["x"] + country["width"] - 1


def test_lane_labels_are_whole_at_a_phones_width_and_legends_read_one_item_a_line(browser, live_server, shipped):  # noqa: F811
    tab = browser.new_page(viewport={"width": 390, "height": 844})
    for language in ("", "/ru"):
        tab.goto(live_server.url + language + "/alliances/ai-alliance-network/")
        drawing = tab.locator("svg.lanes-drawing").first.bounding_box()
        rights = tab.evaluate("[...document.querySelectorAll('.lane-label')].map(t => t.getBoundingClientRect().right)")
        assert rights and max(rights) <= drawing["x"] + drawing["width"] + 1, (language, max(rights))
        tab.locator("figure.lanes").screenshot(path=SCREENSHOTS / f"lanes-network{'-ru' if language else ''}-phone.png")
        for figure in ("figure.lanes", "figure.chart"):
            items = tab.locator(f"{figure} .legend-lines > li")
            tops = [items.nth(index).bounding_box()["y"] for index in range(items.count())]
            assert tops == sorted(set(tops)), (figure, tops)  # each item below the one before: one a line
            for index in range(items.count()):  # the key and its words begin on the same line
                key = items.nth(index).locator("svg, .swatch, span[aria-hidden]").first.bounding_box()
                words = items.nth(index).bounding_box()
                assert key["y"] + key["height"] / 2 - words["y"] < 20  # within the first line (24 px)
        tab.locator("figure.chart").screenshot(path=SCREENSHOTS / f"chart-network{'-ru' if language else ''}-phone.png")


def test_every_country_on_the_map_is_named_and_linked_beside_it(browser, live_server, shipped):  # noqa: F811
    """Small members (a city state is a dot on the map) are reached by name: the caption links every one."""
    for width in (390, 1280):
        tab = browser.new_page(viewport={"width": width, "height": 900})
        tab.goto(live_server.url + "/alliances/brics/")
        alt = tab.locator("figure.map img").get_attribute("alt")
        named = {name.strip() for group in re.findall(r":\s*([^.:]+)\.", alt) for name in group.split(",")}
        linked = set(tab.locator("figure.map figcaption a").all_inner_texts())
        assert len(named) > 20 and named == linked, named ^ linked
        if width == 1280:  # beside the map on a wide screen
            picture = tab.locator("figure.map img").bounding_box()
            caption = tab.locator("figure.map figcaption").bounding_box()
            assert caption["x"] >= picture["x"] + picture["width"]
        tab.locator("figure.map").scroll_into_view_if_needed()
        tab.wait_for_function("document.querySelector('figure.map img').naturalWidth > 0")
        tab.locator("figure.map").screenshot(path=SCREENSHOTS / f"map-brics-{width}.png")
        tab.close()
