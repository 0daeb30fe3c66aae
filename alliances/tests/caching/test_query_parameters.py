"""Every query parameter a page's forms and links use is one alliances/urls.py says the page reads.

The shared response cache leaves undeclared parameters out of a page's key (and out of the
request the view sees): a form field or a page link missing from the declaration would be
silently ignored for anonymous readers.
"""

import re
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import resolve

from alliances.models import Role

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    alliance = AllianceFactory(slug="network")
    organization = OrganizationFactory(slug="institute", country=country("BR"))
    sources = [AnnouncementFactory(slug=f"statement-{n}") for n in range(35)]
    for source in sources:
        source.alliances.add(alliance)
    MembershipFactory(alliance=alliance, organization=organization, role=Role.MEMBER, sources=sources[:1])
    return alliance


PAGES = [
    "/",
    "/alliances/",
    "/alliances/network/",
    "/alliances/network/?from=2000-01-01&to=2030-01-01",
    "/countries/",
    "/countries/br/",
    "/compare/?as_of=2025-01-01",
    "/organizations/",
    "/organizations/institute/",
    "/announcements/",
    "/announcements/statement-1/",
    "/timeline/",
    "/search/?q=institute",
]


def used_parameters(html, path):
    """{address: names} of the fields of the page's GET forms (sent to their action, or the page itself)
    and of the query parameters of its links to itself."""
    names = {path: set()}
    for form, action in re.findall(r'(<form method="get"[^>]*?action="([^"]*)".*?</form>)', html, re.S):
        names.setdefault(unescape(action) or path, set()).update(re.findall(r'\bname="([^"]+)"', form))
    for link in re.findall(r'href="(\?[^"]*)"', html):
        names[path] |= {name for name, _ in parse_qsl(urlsplit(unescape(link)).query)}
    return names


@pytest.mark.parametrize("address", PAGES)
def test_a_page_reads_every_parameter_its_forms_and_links_use(client, register, address):
    response = client.get(address)
    assert response.status_code == 200
    for path, used in used_parameters(response.content.decode(), urlsplit(address).path).items():
        assert used <= resolve(path).func.query_parameters, path
