"""Parts of the alliance page kept rendered under its versions (alliances/caching/fragments.py)."""

import pytest
from django.utils import timezone

from ..factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PAGE = "/alliances/network/"


def test_a_page_missing_the_response_cache_reads_its_kept_parts(client, alliance, django_assert_max_num_queries):
    first = client.get(PAGE).content.decode()
    # Another host: the whole response is not kept for it, its members, map, chart and timeline are.
    with django_assert_max_num_queries(3):  # the versions, the alliance, its other names
        again = client.get(PAGE, HTTP_HOST="localhost").content.decode()
    assert again.replace("http://localhost", "http://testserver") == first
    assert "Published Institute" in again


def test_a_write_makes_the_kept_parts_stale(client, alliance):
    client.get(PAGE)
    MembershipFactory(alliance=alliance, organization=OrganizationFactory(name="Second Institute"))
    assert "Second Institute" in client.get(PAGE, HTTP_HOST="localhost").content.decode()


def members(page):
    text = page.content.decode()
    return text[text.index('id="members-heading"') : text.index('id="map-heading"')]


def test_each_day_is_a_part_of_its_own(client, alliance):
    today = members(client.get(PAGE))
    before = members(client.get(PAGE + "?as_of=2000-01-01"))
    assert "Published Institute" in today
    assert "Published Institute" not in before
    assert "No members recorded on this day." in before


def test_a_period_reads_its_kept_changes(client, alliance, django_assert_max_num_queries):
    period = PAGE + "?from=2024-01-01&to=2024-12-31"
    first = client.get(period).content.decode()
    with django_assert_max_num_queries(3):  # the versions, the alliance, its other names
        again = client.get(period, HTTP_HOST="localhost").content.decode()
    assert again.replace("http://localhost", "http://testserver") == first
    changes = again[again.index('id="period-result-heading"') : again.index('id="members-heading"')]
    assert "Joined (1)" in changes and "Published Institute" in changes


def test_a_kept_part_carries_nothing_of_the_address_it_was_first_drawn_for(client, alliance, monkeypatch):
    """The same day, page and language from two addresses: each shows its own heading and its own links."""
    monkeypatch.setattr("alliances.views.alliances.MEMBERS_PAGE", 1)
    monkeypatch.setattr("alliances.views.alliances.TIMELINE_PAGE", 1)
    MembershipFactory(alliance=alliance, organization=OrganizationFactory(name="Second Institute"))
    today = timezone.localdate().isoformat()
    chosen = client.get(f"{PAGE}?as_of={today}&from=2024-01-01&to=2024-12-31").content.decode()
    assert "Show today&#x27;s members" in chosen  # escaped as any text the page prints
    assert f'href="?as_of={today}&amp;from=2024-01-01&amp;to=2024-12-31&amp;members_page=2"' in chosen
    assert f'href="?as_of={today}&amp;from=2024-01-01&amp;to=2024-12-31&amp;page=2"' in chosen
    plain = client.get(PAGE).content.decode()
    assert "Current members" in plain and "Show today" not in plain
    # Its members and timeline were read from the parts the first address kept; its links are its own.
    assert 'href="?members_page=2"' in plain and 'href="?page=2"' in plain


def test_the_timelines_filter_form_is_a_kept_part_of_its_query(client, alliance, monkeypatch):
    """The form's 250 countries were drawn again for every new host; its errors stay those of its own query."""
    from alliances.filters import OptionsSelect

    drawn = []
    original = OptionsSelect.render
    monkeypatch.setattr(OptionsSelect, "render", lambda *args, **kwargs: drawn.append(1) or original(*args, **kwargs))
    first = client.get("/timeline/?year=2024").content.decode()
    assert drawn
    drawn.clear()
    again = client.get("/timeline/?year=2024", HTTP_HOST="localhost").content.decode()
    assert drawn == []  # read, not drawn
    assert again.replace("http://localhost", "http://testserver") == first
    wrong = client.get("/timeline/?year=twenty", HTTP_HOST="localhost")
    assert wrong.status_code == 400 and drawn  # another query: its own form, with its error
    assert "You entered: twenty" in wrong.content.decode()
