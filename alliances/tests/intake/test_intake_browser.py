"""A curator takes in the Bletchley Declaration's list in a real browser: two submissions, 29 draft memberships
citing the source, no wrong match; the same passage again adds nothing.

Screenshots: screenshots/admin-intake-*.png.
"""

import os

import pytest
from django.urls import reverse

from alliances.models import Membership, MembershipSource, OrganizationName, SourceIntake, Status

from ..factories import AllianceFactory, OrganizationFactory
from ..test_admin_browser import CHROMIUM, screenshot
from .bletchley import AGENCY, SIGNATORIES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Chromium is not installed (see scripts/ensure-chromium)"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SOURCE_URL = "https://news.example.org/2023/11/01/bletchley-declaration"


@pytest.fixture
def bletchley():
    alliance = AllianceFactory(slug="bletchley-declaration", name="Bletchley Declaration", principal_role="signatory")
    eu = OrganizationFactory(slug="european-union", name="European Union", country=None, kind="international_body")
    OrganizationName.objects.create(organization=eu, name="EU", language="", kind="acronym")
    return alliance


def fill_intake(page, alliance, *, reason):
    page.goto(reverse("admin:alliances_alliance_change", args=[alliance.pk]))
    page.click("a.intake-link")
    page.fill("#id_title", "UK, US, EU and China sign declaration on AI risks")
    page.fill("#id_source_url", SOURCE_URL)
    page.fill("#id_publisher", "Example News Agency")
    page.fill("#id_date", "2023-11-01")
    page.select_option("#id_kind", "news_article")
    page.fill("#id_passage", AGENCY)
    assert page.input_value("#id_role") == "signatory"  # the body's principal role, set once for every name
    page.fill("#id_start", "2023-11-01")
    page.select_option("#id_completeness", "complete")
    page.fill("#id_change_reason", reason)
    page.click("input[name=preview]")
    page.wait_for_load_state()


def preview_rows(page):
    rows = page.locator("#intake-preview tbody tr")
    return [
        (rows.nth(i).get_attribute("class"), rows.nth(i).locator("td").nth(2).inner_text()) for i in range(rows.count())
    ]


def test_a_curator_takes_in_the_bletchley_list_in_two_submissions_and_again_adds_nothing(
    bletchley, browser_page, monkeypatch
):
    page = browser_page
    fill_intake(page, bletchley, reason="Bletchley Declaration, as the agency printed its list")  # submission 1
    rows = preview_rows(page)
    assert len(rows) == 29
    assert {action for action, _matched in rows} == {"action-new"}
    matched = [text.rsplit("(", 1)[-1].rstrip(")") if "(" in text else "EU" for _action, text in rows]
    assert matched == SIGNATORIES  # 0 wrong matches: "Great Britain" is GB, "the EU" the European Union...
    screenshot(page, "intake-preview")
    page.click("input[name=confirm]")  # submission 2
    page.wait_for_load_state()
    assert "29 new draft memberships" in page.inner_text(".messagelist")
    screenshot(page, "intake-done")

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the database, from inside Playwright's loop
    memberships = Membership.objects.filter(alliance=bletchley)
    assert memberships.count() == 29
    assert sorted("EU" if m.organization_id else m.country_id for m in memberships) == sorted(SIGNATORIES)
    assert set(memberships.values_list("status", "role")) == {(Status.DRAFT, "signatory")}
    citations = MembershipSource.objects.filter(membership__alliance=bletchley)
    assert citations.count() == 29
    assert set(citations.values_list("announcement__source_url", flat=True)) == {SOURCE_URL}
    assert citations.filter(quotation=AGENCY).count() == 29
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE")

    fill_intake(page, bletchley, reason="The same list again")
    rows = preview_rows(page)
    assert {action for action, _matched in rows} == {"action-already"}
    assert page.locator("input[name=confirm]").count() == 0
    assert "Nothing to write" in page.inner_text("#intake-form")
    screenshot(page, "intake-again")

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert Membership.objects.count() == 29
    assert MembershipSource.objects.count() == 29
    assert SourceIntake.objects.count() == 1
