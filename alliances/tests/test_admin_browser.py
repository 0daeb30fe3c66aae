"""The membership form in a real browser: the other-memberships panel follows the choices while typing."""

import os
import shutil

import pytest
from django.urls import reverse

from .factories import MembershipFactory

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed (see scripts/ensure-chromium)"),
]


@pytest.fixture
def browser_page(live_server, client, curator):
    """A logged-in curator's page. Make test data before asking for it: inside Playwright's event loop
    Django would refuse database calls (and a context-local connection would outlive the test)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    client.force_login(curator)
    session = client.cookies["sessionid"].value
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        yield context.new_page()
        browser.close()


@pytest.fixture
def existing():
    return MembershipFactory()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_choosing_alliance_and_member_shows_their_other_memberships(existing, browser_page, live_server):
    page = browser_page
    page.goto(live_server.url + reverse("admin:alliances_membership_add"))
    panel = page.locator(".field-other_memberships")
    assert "Choose the alliance and the member" in panel.inner_text()
    # Select2 fills the hidden <select> and fires "change"; do the same.
    page.evaluate(
        """([alliance, organization]) => {
            const $ = django.jQuery;
            for (const [id, value] of [['#id_alliance', alliance], ['#id_organization', organization]]) {
                $(id).append(new Option(value, value, true, true)).trigger('change');
            }
        }""",
        [str(existing.alliance_id), str(existing.organization_id)],
    )
    page.wait_for_function("document.querySelector('.field-other_memberships').innerText.includes('since')")
    assert "since 11 December 2024" in panel.inner_text()
