"""The admin in a real browser, as a curator uses it: logging in with a second factor, dates as curators
write them, a change with its reason and history, and the refusals that say why.

Screenshots go to screenshots/admin-*.png in the repository (not committed): look at them after a change.
"""

import datetime
import os
import pathlib
import shutil

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from alliances.accounts import second_factor_issue
from alliances.models import Status

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = pathlib.Path(__file__).resolve().parents[2] / "screenshots"
PASSWORD = "pw-for-tests-only"  # the curator fixture's

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed (see scripts/ensure-chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def browser_context(live_server):
    """A fresh browser at 1280 × 900. Make test data before asking for it: inside Playwright's event loop
    Django would refuse database calls (and a context-local connection would outlive the test)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_context(viewport={"width": 1280, "height": 900}, base_url=live_server.url)
        browser.close()


@pytest.fixture
def browser_page(request, client, curator):
    """A logged-in curator's page (logged in by cookie; the login itself has its own test)."""
    client.force_login(curator)
    session = client.cookies["sessionid"].value
    context = request.getfixturevalue("browser_context")
    context.add_cookies([{"name": "sessionid", "value": session, "url": request.getfixturevalue("live_server").url}])
    return context.new_page()


def screenshot(page, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"admin-{name}.png", full_page=True)


def choose(page, choices):
    """Choose in autocomplete boxes as Select2 does: fill the hidden <select> and fire "change"."""
    page.evaluate(
        """(choices) => {
            const $ = django.jQuery;
            for (const [id, value, text] of choices) {
                $(id).append(new Option(text, value, true, true)).trigger('change');
            }
        }""",
        choices,
    )


def save(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state()


@pytest.fixture
def existing():
    alliance = AllianceFactory(slug="ai-alliance-network", name="AI Alliance Network")
    organization = OrganizationFactory(slug="brazilian-ai-association", name="Brazilian AI Association")
    source = AnnouncementFactory(title="AI Journey: the network is announced")
    return MembershipFactory(alliance=alliance, organization=organization, sources=[source])


def test_choosing_alliance_and_member_shows_their_other_memberships(existing, browser_page):
    page = browser_page
    page.goto(reverse("admin:alliances_membership_add"))
    panel = page.locator(".field-other_memberships")
    assert "Choose the alliance and the member" in panel.inner_text()
    choose(
        page, [["#id_alliance", str(existing.alliance_id), ""], ["#id_organization", str(existing.organization_id), ""]]
    )
    page.wait_for_function("document.querySelector('.field-other_memberships').innerText.includes('since')")
    assert "since 11 December 2024" in panel.inner_text()


@pytest.fixture
def authenticator_app(curator):
    """The curator's second factor as their app holds it: it computes the code of the moment from the key."""
    second_factor_issue(user=curator)
    device = TOTPDevice.objects.get(user=curator)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return lambda: f"{totp.token():0{device.digits}d}"  # an app shows the leading zeros


def test_a_curator_reaches_the_admin_with_the_password_and_the_code_of_their_app(authenticator_app, browser_context):
    page = browser_context.new_page()
    page.goto(reverse("admin:index"))
    page.fill("#id_username", "curator")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    assert "Enter the code your authenticator app shows" in page.inner_text(".errornote")
    screenshot(page, "login-code-asked")

    page.fill("#id_password", PASSWORD)  # the page does not give the password back
    page.fill("#id_otp_token", authenticator_app())
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    assert "Memberships" in page.inner_text("#content-main")
    screenshot(page, "home")


@pytest.fixture
def other():
    return OrganizationFactory(slug="indian-ai-association", name="Indian AI Association")


def test_dates_are_written_as_curators_write_them_and_an_ambiguous_one_is_refused(existing, other, browser_page):
    page = browser_page
    page.goto(reverse("admin:alliances_membership_add"))
    choose(page, [["#id_alliance", str(existing.alliance_id), "AI Alliance Network"]])
    choose(page, [["#id_organization", str(other.pk), "Indian AI Association"]])
    page.fill("#id_start", "11/12/2024")
    save(page)
    error = page.inner_text(".field-start .errorlist")
    assert error == (
        "'11/12/2024' could be read day-first or month-first: write the year first, "
        "as 2024-12-11 (year-month-day), 2024-12 or 2024."
    )
    assert page.input_value("#id_start") == "11/12/2024"
    screenshot(page, "date-refused")

    page.fill("#id_start", "by 2024-12-11")
    save(page)
    assert "was added successfully" in page.inner_text(".messagelist")
    assert page.input_value("#id_start") == "../2024-12-11"  # the form of before, kept in EDTF
    page.fill("#id_end", "2025-12")
    page.select_option("#id_end_reason", "withdrew")
    save(page)
    assert page.input_value("#id_end") == "2025-12"
    screenshot(page, "dates-as-written")

    page.goto(reverse("admin:alliances_membership_changelist") + "?q=Indian")
    assert "by 11 December 2024 – December 2025" in page.inner_text("#result_list").replace("\N{NO-BREAK SPACE}", " ")


def test_dates_are_refused_in_the_curators_language(existing, browser_page):
    page = browser_page
    page.set_extra_http_headers({"Accept-Language": "ru"})
    page.goto(reverse("admin:alliances_membership_change", args=[existing.pk]))
    page.fill("#id_start", "31/12/2024")
    save(page)
    assert page.inner_text(".field-start .errorlist").startswith(
        "«31/12/2024» можно прочесть и как день-месяц, и как месяц-день"
    )
    screenshot(page, "ru-date-refused")


def test_a_change_with_its_reason_shows_the_reason_in_the_history(existing, browser_page):
    page = browser_page
    page.goto(reverse("admin:alliances_membership_change", args=[existing.pk]))
    page.fill("#id_start", "2024-12")
    page.fill("#id_change_reason", "The press release gives only the month")
    save(page)
    page.click("a.historylink")
    history = page.inner_text("#content-main")
    assert "The press release gives only the month" in history
    start = page.locator("table.history-changes tr", has_text="Start")
    assert start.inner_text().split("\t") == ["Start", "2024-12-11", "2024-12"]  # as written, before and after
    screenshot(page, "history-with-reason")


def test_unpublishing_without_a_reason_is_refused(existing, browser_page):
    page = browser_page
    page.goto(reverse("admin:alliances_membership_change", args=[existing.pk]))
    page.select_option("#id_status", Status.DRAFT)
    save(page)
    assert page.inner_text(".field-change_reason .errorlist") == (
        "Say why: a reason is required to unpublish a record or to delete one of its rows."
    )
    screenshot(page, "unpublish-needs-a-reason")


@pytest.fixture
def draft_sourced():
    draft = AnnouncementFactory(title="Draft: the association's own news", status=Status.DRAFT)
    return MembershipFactory(status=Status.DRAFT, sources=[draft]), draft


def test_publishing_with_a_draft_source_names_it_with_a_link(draft_sourced, browser_page):
    membership, draft = draft_sourced
    page = browser_page
    page.goto(reverse("admin:alliances_membership_change", args=[membership.pk]))
    page.select_option("#id_status", Status.PUBLISHED)
    save(page)
    errors = page.locator(".errorlist", has_text="drafts")
    assert errors.locator("li").first.inner_text() == (
        "A published membership must cite at least one published announcement that supports it."
    )
    error = errors.locator("li", has_text="drafts")
    assert error.inner_text() == (
        "The announcements it cites are drafts: Draft: the association's own news. Publish one of them first."
    )
    assert error.locator("a").get_attribute("href") == reverse("admin:alliances_announcement_change", args=[draft.pk])
    screenshot(page, "publish-draft-source")


def test_an_overlapping_membership_is_refused_in_a_sentence(existing, browser_page):
    page = browser_page
    page.goto(reverse("admin:alliances_membership_add"))
    choose(
        page,
        [
            ["#id_alliance", str(existing.alliance_id), "AI Alliance Network"],
            ["#id_organization", str(existing.organization_id), "Brazilian AI Association"],
        ],
    )
    page.fill("#id_start", "2025-05")
    save(page)
    assert page.inner_text(".field-start .errorlist") == (
        "This period overlaps the member's other membership of this alliance (member, since 11 December 2024). "
        "One member's periods in an alliance may not overlap: end that membership first, or change these dates."
    )
    # The panel beside it shows the membership it overlaps.
    page.wait_for_function("document.querySelector('.field-other_memberships').innerText.includes('since')")
    assert "since 11 December 2024" in page.inner_text(".field-other_memberships")
    screenshot(page, "overlap")


def test_an_alliance_page_has_its_completeness_and_reported_sizes(existing, browser_page):
    page = browser_page
    page.goto(reverse("admin:alliances_alliance_change", args=[existing.alliance_id]))
    assert page.input_value("#id_founded") == "2020"  # founded in 2020, as written
    page.click("#reported_sizes-group .add-row a")
    page.fill("#id_reported_sizes-0-as_of", "by 2024-12-11")
    page.fill("#id_reported_sizes-0-members", "28")
    page.fill("#id_reported_sizes-0-countries", "21")
    screenshot(page, "alliance-reported-sizes")


@pytest.fixture
def newer_source():
    """A newer source whose title holds the same word: newest first, it would come before the alliance's own."""
    return AnnouncementFactory(title="Journey of another kind", date=datetime.date(2025, 6, 1))


def test_the_source_picker_offers_this_alliances_sources_first_and_enter_alone_takes_no_row(
    existing, newer_source, browser_page
):
    """Typing in a citation's source box lists the sources of this alliance first; Enter before the arrow
    keys chose a row takes none (select2 highlights the first row by itself); after them it takes the row."""
    page = browser_page
    page.goto(reverse("admin:alliances_membership_change", args=[existing.pk]))
    page.click("#citations-group .add-row a")
    row = page.locator("#citations-group tr.form-row.dynamic-citations").last
    row.locator(".field-announcement .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.fill("journey")
    options = page.locator(".select2-results__option:not(.loading-results)")
    options.first.wait_for()
    page.wait_for_function("document.querySelectorAll('.select2-results__option').length >= 2")
    assert options.first.inner_text().startswith("AI Journey: the network is announced")
    search.press("Enter")
    picker = row.locator('select[data-field-name="announcement"]')
    assert picker.input_value() == ""
    assert search.is_visible()  # still open, still choosing
    search.press("ArrowDown")
    search.press("ArrowUp")
    search.press("Enter")
    assert picker.locator("option:checked").inner_text().startswith("AI Journey: the network is announced")
    screenshot(page, "source-picker")
