"""The shipped register keeps every page's and every API list's constant number of queries.

The ceilings are those test_page_queries.py and api/test_queries.py hold at two synthetic sizes;
here each page is asked of the real register instead.
"""

import pytest
from rest_framework.test import APIClient

from .api.test_queries import MOST as API_MOST
from .api.test_queries import PATHS as API_PATHS
from .test_page_queries import PAGES

pytestmark = pytest.mark.django_db

# Each synthetic address of test_page_queries.py, asked of the register's bodies, countries and records.
REGISTER_PAGES = {
    "/": "/",
    "/alliances/network/": "/alliances/ai-alliance-network/",
    "/alliances/network/?as_of=2012-01-15": "/alliances/ai-alliance-network/?as_of=2025-01-01",
    "/alliances/bloc/?as_of=2015-06-01": "/alliances/brics/?as_of=2024-06-01",
    "/alliances/bloc/?from=2010-01-01&to=2021-01-01": "/alliances/brics/?from=2023-01-01&to=2025-12-31",
    "/alliances/bloc/map.svg?as_of=2015-06-01": "/alliances/brics/map.svg?as_of=2024-06-01",
    "/countries/": "/countries/",
    "/countries/?alliance=bloc": "/countries/?alliance=gpai",
    "/countries/ad/": "/countries/in/",
    "/organizations/org-0/": "/organizations/sai-university/",
    "/announcements/": "/announcements/",
    "/announcements/?alliance=bloc&year=2012": "/announcements/?alliance=brics&year=2025",
    "/announcements/FIRST/": "/announcements/ai-alliance-network-announced-ai-journey-2024/",
    "/timeline/": "/timeline/",
    "/timeline/?country=ad&year=2012&page=1": "/timeline/?country=br&year=2024&page=1",
    "/search/?q=org": "/search/?q=association",
    "/feeds/announcements/": "/feeds/announcements/",
    "/feeds/announcements/bloc/": "/feeds/announcements/brics/",
    "/feeds/announcements/network/": "/feeds/announcements/ai-alliance-network/",
    "/sitemap.xml": "/sitemap.xml",
    "/sitemap-organizations.xml": "/sitemap-organizations.xml",
    "/sitemap-announcements.xml?p=1": "/sitemap-announcements.xml?p=1",
}

# Each synthetic API address of api/test_queries.py, asked of the register.
REGISTER_API = {
    path: path.replace("country=ru&as_of=2000-03-01", "country=in&as_of=2024-06-01")
    .replace("/countries/ru/", "/countries/in/")
    .replace("/organizations/sber/", "/organizations/european-union/")
    .replace("q=Announcement", "q=BRICS")
    for path in API_PATHS
}


def test_every_query_counted_page_is_asked_of_the_register():
    assert set(REGISTER_PAGES) == set(PAGES)


@pytest.mark.parametrize(("synthetic", "path"), REGISTER_PAGES.items())
def test_a_register_page_costs_no_more_queries_than_at_any_size(
    register, client, django_assert_max_num_queries, synthetic, path
):
    with django_assert_max_num_queries(PAGES[synthetic]):
        response = client.get(path)
    assert response.status_code == 200, response.content[:500]


@pytest.mark.parametrize("path", REGISTER_API.values())
def test_a_register_api_list_costs_no_more_queries_than_at_any_size(register, django_assert_max_num_queries, path):
    with django_assert_max_num_queries(API_MOST):
        response = APIClient().get(path)
    assert response.status_code == 200
