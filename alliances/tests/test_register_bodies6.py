"""Current AI and the Coalition for Sustainable AI, launched around the Paris AI Action Summit (issue 19, part 6).

What a reader sees: Current AI's founding partners as the report of its announcement names them, by the day
of that announcement; the coalition's companies and its international partners by its launch, beside the
Élysée's count of 91 partners.
"""

import pytest

from alliances.models import Alliance, Membership

from .conftest import table_rows
from .test_pages_truthful import page

pytestmark = pytest.mark.django_db

CURRENT_AI = "/alliances/current-ai/"
COALITION = "/alliances/coalition-for-sustainable-ai/"


YABILADI = "https://en.yabiladi.com/articles/details/159592/france-launches-initiative-with-morocco.html"
ELYSEE = (
    "https://www.elysee.fr/emmanuel-macron/2025/02/11/coalition-for-environmentally-sustainable-artificial-intelligence"
)


def test_current_ais_founding_countries_are_named_by_the_day_of_its_announcement(register, client):
    rows = table_rows(page(client, CURRENT_AI))
    for name in ("Morocco", "Kenya", "Slovenia", "Switzerland", "France", "Germany"):
        assert rows[name][:2] == ["the country itself", "founding member"], name
        assert rows[name][2].startswith("by 9 February 2025"), name
        assert "France launches AI initiative with Morocco, Nigeria, and Kenya as founding members" in rows[name][2]
    assert rows["Salesforce"][0] == "founding member"
    assert not Alliance.objects.get(slug="current-ai").members_list_complete


def test_current_ais_partners_cite_yabiladi_at_its_own_address(register):
    morocco = Membership.objects.get(alliance__slug="current-ai", country="MA")
    (citation,) = morocco.citations.all()
    assert citation.announcement.source_url == YABILADI
    assert "founding countries such as Morocco, Nigeria, Kenya" in citation.quotation
    google = Membership.objects.get(alliance__slug="current-ai", organization__slug="google")
    assert "Google, Salesforce, and AI Collaborative" in google.citations.get().quotation
    assert not Membership.objects.filter(alliance__slug="current-ai", country="IN")  # no own-address source read


def test_the_coalition_names_its_companies_and_partners_by_its_launch(register, client):
    html = page(client, COALITION)
    rows = table_rows(html)
    for name in ("SAP", "Schneider Electric", "NVIDIA"):
        assert rows[name][0] == "member", name
        assert rows[name][1].startswith("since 11 February 2025"), name
    # IBM has a country (its SEC filing's address), so its row sits under that country's heading.
    assert rows["United States of America"][:2] == ["IBM", "member"]
    assert rows["United States of America"][2].startswith("since 11 February 2025")
    for name in ("UN Environment Programme", "International Telecommunication Union", "UNDP"):
        assert rows[name][0] == "partner", name
    assert rows["11 February 2025"][2] == "91 members"
    size = Alliance.objects.get(slug="coalition-for-sustainable-ai").reported_sizes.get()
    assert (size.members, size.source.source_url) == (91, ELYSEE)
    assert "have joined forces under the Coalition" in size.quotation
