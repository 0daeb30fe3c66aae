"""Parts of the alliance page kept rendered under the register version (alliances/caching/fragments.py)."""

import pytest

from ..factories import MembershipFactory, OrganizationFactory

pytestmark = pytest.mark.django_db

PAGE = "/alliances/network/"


def test_a_page_missing_the_response_cache_reads_its_kept_parts(client, alliance, django_assert_max_num_queries):
    first = client.get(PAGE).content.decode()
    # Another host: the whole response is not kept for it, its members, map, chart and timeline are.
    with django_assert_max_num_queries(2):  # the alliance, its other names
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
