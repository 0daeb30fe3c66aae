"""The pages in a real browser: Debian's Chromium driven by Playwright, against a live server.

Screenshots of the main pages at phone and desktop widths go to screenshots/ in the repository.
"""

import os
import pathlib
from contextlib import contextmanager
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from django_countries import countries

from alliances.models import Country

from .conftest import the_folders_again
from .examples import build_brics, build_network

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots"
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason=f"{CHROMIUM} is missing: run scripts/ensure-chromium"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(scope="module")
def browser():
    # Playwright's sync API runs an event loop in this thread, which Django's ORM otherwise refuses.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def ensure_countries():
    # A transactional test empties every table when it ends, the countries of the migration among them.
    # This module sorts after the other modules, so its emptying reaches no test that needs them.
    if not Country.objects.exists():
        with translation.override("en"):
            Country.objects.bulk_create(Country(code=code, name=str(name)) for code, name in countries)


@pytest.fixture
def shipped(transactional_db, tmp_path):
    """The shipped register's AI Alliance Network, BRICS and rankings."""
    ensure_countries()
    the_folders_again(tmp_path, "shared", "ai-alliance-network", "brics", "rankings")


@pytest.fixture
def examples(transactional_db):
    """The examples of issue 10, built with factories (not the shipped register): BRICS and the AI Alliance Network."""
    ensure_countries()
    build_brics()
    build_network()


@pytest.fixture
def page(browser, live_server, shipped):
    """A browser tab that records console errors and any request that leaves the site."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    site = urlsplit(live_server.url).netloc
    tab.on("console", lambda message: message.type == "error" and tab.problems.append(message.text))
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on(
        "request",
        lambda request: (
            urlsplit(request.url).netloc not in ("", site)
            and tab.problems.append(f"request to another site: {request.url}")
        ),
    )
    yield tab
    context.close()


def test_visitor_follows_an_alliance_picks_a_day_and_switches_to_russian(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Alliance Tracker"

    page.get_by_role("link", name="BRICS", exact=True).first.click()
    assert page.locator("h1").inner_text() == "BRICS"
    assert "Indonesia" in page.locator("table.members").first.inner_text()

    page.get_by_label("Members on", exact=True).fill("2015-01-01")
    page.get_by_role("button", name="Show members").click()
    assert "as_of=2015-01-01" in page.url
    assert page.locator("#members-heading").inner_text() == "Members on 1 January 2015"
    members = page.locator("table.members").first.inner_text()
    assert "South Africa" in members
    assert "Indonesia" not in members
    assert "Indonesia" not in page.locator("figure.map img").get_attribute("alt")

    page.get_by_role("link", name="Русский").click()
    assert "/ru/alliances/brics/" in page.url
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#members-heading").inner_text() == "Участники на 1 января 2015 г."
    assert "Южная Африка" in page.locator("table.members").first.inner_text()

    page.locator("figure.map img").scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('figure.map img').naturalWidth > 0")
    assert page.problems == []


def test_the_period_form_shows_who_joined_and_who_left(page, live_server):
    page.goto(live_server.url + "/alliances/brics/")
    page.get_by_label("From", exact=True).fill("2023-08-01")
    page.get_by_label("To", exact=True).fill("2024-01-31")
    page.get_by_role("button", name="Compare").click()
    result = page.locator("#period-result-heading").locator("..").inner_text()
    assert "Egypt" in result  # joined; invitations that ended are their own group, not "left"
    assert page.problems == []


def test_pages_work_with_javascript_off(browser, live_server, shipped):
    context = browser.new_context(java_script_enabled=False)
    tab = context.new_page()
    tab.goto(live_server.url + "/timeline/?alliance=brics")
    tab.get_by_label("Year", exact=True).fill("2024")
    tab.get_by_role("button", name="Show").click()
    assert "year=2024" in tab.url
    assert "Egypt" in tab.locator("main").inner_text()
    context.close()


MAIN_PAGES = {
    "home": "/",
    "alliance": "/alliances/brics/",
    "alliance-as-of": "/alliances/brics/?as_of=2015-01-01",
    "alliance-network": "/alliances/ai-alliance-network/",
    "countries": "/countries/",
    "country": "/countries/ru/",
    "organization": "/organizations/indonesia-national-ai-association/",
    "announcements": "/announcements/",
    "announcement": "/announcements/ai-alliance-network-announced-ai-journey-2024/",
    "timeline": "/timeline/",
    "search": "/search/?q=bra",
    "not-found": "/no-such-page/",
    "ru-home": "/ru/",
    "ru-alliance": "/ru/alliances/brics/",
}


def tabs_at_each_width(browser, problems):
    """(name, width, tab) at a phone's width, then a desktop's; console errors go to `problems`."""
    for width_name, (width, height) in WIDTHS.items():
        context = browser.new_context(viewport={"width": width, "height": height})
        tab = context.new_page()
        tab.on("console", lambda message: message.type == "error" and problems.append(message.text))
        yield width_name, width, tab
        context.close()


@contextmanager
def tabs_side_by_side(browser, problems):
    """[(name, width, tab)] at a phone's width and a desktop's, open together; console errors go to `problems`.

    Each tab has a browser context, so a renderer, of its own: what one tab runs in the page does not wait
    for the other's.
    """
    contexts = [browser.new_context(viewport={"width": width, "height": height}) for width, height in WIDTHS.values()]
    try:
        tabs = []
        for width_name, context in zip(WIDTHS, contexts, strict=True):
            tab = context.new_page()
            tab.on("console", lambda message: message.type == "error" and problems.append(message.text))
            tabs.append((width_name, WIDTHS[width_name][0], tab))
        yield tabs
    finally:
        for context in contexts:
            context.close()


def show_the_map(tab):
    """The map loads lazily: bring it into view so the screenshot shows it."""
    tab.locator("figure.map img").scroll_into_view_if_needed()
    tab.wait_for_function("document.querySelector('figure.map img').naturalWidth > 0")


def test_screenshots_of_the_main_pages_at_phone_and_desktop_widths(browser, live_server, shipped, capsys):
    SCREENSHOTS.mkdir(exist_ok=True)
    with capsys.disabled():
        print(f"\nscreenshots of the main pages in {SCREENSHOTS}/")
    problems = []
    for width_name, width, tab in tabs_at_each_width(browser, problems):
        for name, path in MAIN_PAGES.items():
            response = tab.goto(live_server.url + path, wait_until="load")
            assert response.status == (404 if name == "not-found" else 200), path
            if name.startswith(("alliance", "ru-alliance")):
                show_the_map(tab)
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            tab.screenshot(path=SCREENSHOTS / f"{name}-{width_name}.png", full_page=True)
    # The missing page answers 404, which Chromium also reports on the console.
    assert [problem for problem in problems if "404" not in problem] == []


# The alliance page where the register can only say something with a qualification.
TRUTHFUL_PAGES = {
    "alliance-possibly": "/alliances/brics/?as_of=2023-12-15",
    "alliance-disputed": "/alliances/brics/",
    "alliance-period": "/alliances/brics/?from=2023-01-01&to=2024-12-31",
    "alliance-incomplete": "/alliances/ai-alliance-network/?as_of=2025-01-01",
}


# Each chart label's font size on screen: its CSS size times the scale its <svg> is drawn at.
LABEL_SIZES = """[...document.querySelectorAll('figure.chart svg text')]
  .map(text => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)"""


# Where the Role column of each members table begins.
ROLE_COLUMNS = "[...document.querySelectorAll('table.members .col-role')].map(th => th.getBoundingClientRect().left)"


def test_the_alliance_page_reads_its_qualifications_at_phone_and_desktop_widths(browser, live_server, examples):
    """Possibly, disputed and 'not the whole list' are on screen in words; the chart's labels stay readable."""
    problems = []
    for width_name, width, tab in tabs_at_each_width(browser, problems):
        for name, path in TRUTHFUL_PAGES.items():
            assert tab.goto(live_server.url + path, wait_until="load").status == 200, path
            show_the_map(tab)
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            # Issue 12: the chart's labels are at least 12 px on screen, a phone's width included.
            heights = tab.evaluate(LABEL_SIZES)
            assert heights and min(heights) >= 12, (path, width, heights)
            tab.screenshot(path=SCREENSHOTS / f"{name}-{width_name}.png", full_page=True)
            if width_name == "desktop":
                # Each group of participants is a table of its own; their columns line up.
                assert len(set(tab.evaluate(ROLE_COLUMNS))) == 1, (path, tab.evaluate(ROLE_COLUMNS))
        # The countries, counted with their qualifiers ("0, 1 disputed"), and a disputed member's page.
        for name, path in {"countries-qualified": "/countries/", "country-disputed": "/countries/sa/"}.items():
            assert tab.goto(live_server.url + path, wait_until="load").status == 200, path
            assert tab.evaluate("document.documentElement.scrollWidth") <= width, (path, width)
            tab.screenshot(path=SCREENSHOTS / f"{name}-{width_name}.png", full_page=True)
    assert problems == []
    context = browser.new_context(viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(live_server.url + TRUTHFUL_PAGES["alliance-possibly"])
    assert "possibly: its invitation ended in December 2023" in tab.locator(".mark-possible").inner_text()
    tab.goto(live_server.url + TRUTHFUL_PAGES["alliance-disputed"])
    disputed = tab.locator("tr.uncertain").filter(has_text="Saudi Arabia")
    assert disputed.locator(".mark-disputed").is_visible()
    assert "Disputed by: Saudi minister: still considering" in disputed.inner_text()
    tab.goto(live_server.url + TRUTHFUL_PAGES["alliance-incomplete"])
    assert tab.locator("#members-heading ~ .incomplete").is_visible()
    assert "Reported: 15 members in 13 countries as of 16 December 2024" in tab.locator(".incomplete").inner_text()
    context.close()
