"""Issue 19, section 3: no page reads a partial list as whole. Each count says what it counts (the body's
principal role) and whether its list is whole; compare says "at least"; a country page counts apart the
organisations whose country is unknown."""

import re
from html import unescape

import pytest

from alliances.models import AllianceKind, EndReason, OrganizationKind, ReportedSize, Role

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def visible(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def convention():
    """A treaty counted by its signatories: two that signed, one that signed and then ratified; 21 reported."""
    body = AllianceFactory(
        slug="convention", name="AI Convention", kind=AllianceKind.TREATY, founded="2024-09-05",
        principal_role=Role.SIGNATORY, members_list_complete=False,
    )  # fmt: skip
    common = {"alliance": body, "organization": None}
    MembershipFactory(**common, country=country("GB"), role=Role.SIGNATORY, start="2024-09-05")
    MembershipFactory(**common, country=country("NO"), role=Role.SIGNATORY, start="2024-09-05")
    signed = MembershipFactory(
        **common, country=country("SM"), role=Role.SIGNATORY, start="2024-09-05", end="2026-05-15",
        end_reason=EndReason.ROLE_CHANGED,
    )  # fmt: skip
    MembershipFactory(**common, country=country("SM"), role=Role.RATIFIED, start="2026-05-15", continues=signed)
    ReportedSize.objects.create(
        alliance=body, as_of="2026-06-15", members=21, source=AnnouncementFactory(title="Albania signs"),
        quotation="brings the total number of signatories to 21",
    )  # fmt: skip
    return body


@pytest.fixture
def declaration():
    """A declaration whose whole list a source gives: two endorsers."""
    body = AllianceFactory(
        slug="declaration", name="Summit Declaration", kind=AllianceKind.DECLARATION, founded="2023-11-01",
        principal_role=Role.ENDORSER, members_list_complete=True,
    )  # fmt: skip
    for code in ("GB", "FR"):
        MembershipFactory(
            alliance=body, organization=None, country=country(code), role=Role.ENDORSER, start="2023-11-01"
        )
    return body


def test_the_alliance_page_counts_the_principal_role_listed_of_reported(client, convention):
    text = visible(client.get("/alliances/convention/").content.decode())
    assert "3 signatories listed of 21 reported (15 June 2026)." in text  # the one that ratified is a signatory
    assert "Reported: 21 signatories as of 15 June 2026" in text  # the size in the same words
    assert "0 members" not in text and "0 members listed" not in text


def test_a_complete_list_says_so(client, declaration):
    text = visible(client.get("/alliances/declaration/").content.decode())
    assert "2 endorsers (complete list)." in text
    assert "Not the whole list" not in text


def test_the_index_and_the_home_page_count_as_the_alliance_page_does(client, convention, declaration):
    for path in ("/alliances/", "/"):
        text = visible(client.get(path).content.decode())
        assert "Today: 3 signatories listed of 21 reported (15 June 2026)" in text, path
        assert "Ratified, not yet parties: 1" in text, path
        assert "Today: 2 endorsers (complete list)" in text, path
        assert "Today: 0 members" not in text, path


def test_the_headline_count_in_russian(client, convention):
    text = visible(client.get("/ru/alliances/convention/").content.decode())
    assert "3 подписанта в списке из 21 по сообщениям (15 июня 2026" in text


def test_the_api_gives_the_principal_role_its_count_and_the_latest_size(client, convention):
    body = client.get("/api/v1/alliances/convention/").json()
    assert (body["principal_role"], body["principal_role_count"], body["member_count"]) == ("signatory", 3, 0)
    assert body["members_list_complete"] is False
    assert body["latest_reported_size"]["members"] == 21 and body["latest_reported_size"]["as_of"] == "2026-06-15"


def test_the_api_counts_each_body_by_its_own_principal_role(client, convention, declaration):
    rows = {row["slug"]: row for row in client.get("/api/v1/alliances/").json()["results"]}
    assert rows["convention"]["principal_role_count"] == 3
    assert (rows["declaration"]["principal_role_count"], rows["declaration"]["latest_reported_size"]) == (2, None)


def test_compare_says_which_lists_are_partial_and_counts_at_least_where_a_cell_may_be_unlisted(
    client, convention, declaration
):
    html = client.get("/compare/?as_of=2026-07-01").content.decode()
    text = visible(html)
    note = text[text.index("Partial lists.") :]
    assert note.startswith("Partial lists. No source gives the whole list of these bodies") and "AI Convention" in note
    assert "Summit Declaration" not in note[: note.index("An empty cell")]
    assert "AI Convention partial list" in text and "Summit Declaration complete list" in text
    rows = {}
    for row in re.findall(r"<tr><th scope=\"row\">(.*?)</tr>", html, re.S):
        cells = [visible(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", f"<th>{row}", re.S)]
        rows[cells[0]] = cells[1]
    assert rows["France"] == "at least 1"  # not listed by the convention, whose list is partial
    assert rows["United Kingdom"] == "2"  # in both: no column leaves it open
    assert "at least 1 body" in text  # the phone's card says it too


def test_compare_csv_says_where_the_count_is_a_lower_bound(client, convention, declaration):
    lines = client.get("/compare/?as_of=2026-07-01&format=csv").content.decode().splitlines()
    assert lines[0].startswith("country,country_name,region,groupings,groupings_at_least,")
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert rows["FR"][3:5] == ["1", "yes"] and rows["GB"][3:5] == ["2", "no"]


@pytest.fixture
def companies():
    """An AI alliance of companies: one recorded in the United States, two whose country no source gave, and an
    international body (which has no country by nature)."""
    body = AllianceFactory(slug="ai-alliance", name="The AI Alliance", members_list_complete=False)
    amd = OrganizationFactory(slug="amd", name="AMD", kind=OrganizationKind.COMPANY, country=country("US"))
    ibm = OrganizationFactory(slug="ibm", name="IBM", kind=OrganizationKind.COMPANY, country=None)
    meta = OrganizationFactory(slug="meta", name="Meta", kind=OrganizationKind.COMPANY, country=None)
    cern = OrganizationFactory(slug="cern", name="CERN", kind=OrganizationKind.INTERNATIONAL_BODY, country=None)
    for organization in (amd, ibm, meta, cern):
        MembershipFactory(alliance=body, organization=organization, start="2023-12-05")
    return body


def organizations_section(client, path):
    html = client.get(path).content.decode()
    start = html.index(">", html.index('id="organizations-heading"')) + 1
    return visible(html[start : html.index('<section aria-labelledby="rankings-heading"')])


def test_a_country_page_counts_apart_the_organisations_whose_country_is_unknown(client, companies):
    section = organizations_section(client, "/countries/us/")
    assert "AMD" in section and "None recorded" not in section
    assert "2 organisations in the register's bodies have no country recorded" in section  # not CERN
    assert 'href="/organizations/?country_unknown=on"' in client.get("/countries/us/").content.decode()


def test_a_country_with_no_organisation_says_so_and_points_to_those_of_unknown_country(client, companies):
    section = organizations_section(client, "/countries/fr/")
    assert section.startswith(
        "Organizations and their alliances No organisation is recorded with France as its country."
    )
    assert "2 organisations in the register's bodies have no country recorded" in section
    assert "None recorded" not in section


def test_the_organisations_of_unknown_country_are_listed_and_not_called_international(client, companies):
    text = visible(client.get("/organizations/?country_unknown=on").content.decode())
    assert "2 organizations." in text
    assert "IBM company not recorded" in text and "Meta company not recorded" in text and "CERN" not in text
    everyone = visible(client.get("/organizations/").content.decode())
    assert "CERN international body International" in everyone and "IBM company International" not in everyone


def test_the_russian_country_page_counts_them_in_russian(client, companies):
    html = client.get("/ru/countries/fr/").content.decode()
    assert "2 организации из объединений реестра записаны без страны" in visible(html)


def test_the_map_and_the_cards_name_the_countries_of_the_principal_role(client, convention, declaration):
    text = visible(client.get("/alliances/convention/").content.decode()).replace(" ,", ",").replace(" .", ".")
    # Not "Members, shaded dark: none"; San Marino, which has ratified, is still among the signatories.
    assert "Signatories, shaded dark: Norway, San Marino, United Kingdom." in text
    home = visible(client.get("/").content.decode()).replace(" ,", ",")
    assert "Endorsers: France, United Kingdom" in home
