"""Home, countries, organizations, announcements, timeline and search: what a visitor reads."""

import datetime

import pytest

from alliances.dates import DatePrecision
from alliances.models import AllianceName, Announcement, EndReason, OrganizationName, Status

from .factories import (
    AllianceFactory,
    AnnouncementFactory,
    MembershipFactory,
    OrganizationFactory,
    RankingFactory,
    country,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def network():
    alliance = AllianceFactory(slug="network", name="AI Alliance Network")
    source = AnnouncementFactory(slug="launch", title="Network launched at AI Journey", date=D(2024, 12, 11))
    source.alliances.add(alliance)
    source.countries.add(country("RS"))
    serbia = OrganizationFactory(slug="serbian-ai", name="Serbian AI Society", country=country("RS"))
    OrganizationName.objects.create(organization=serbia, name="Srpsko AI društvo", language="sr")
    MembershipFactory(alliance=alliance, organization=serbia, sources=[source])
    MembershipFactory(
        alliance=alliance, organization=OrganizationFactory(name="Brazilian AI Association"), sources=[source]
    )
    MembershipFactory(
        alliance=alliance,
        organization=OrganizationFactory(name="Secret Draft Member", country=country("FR")),
        status=Status.DRAFT,
    )
    AnnouncementFactory(title="Draft press release", status=Status.DRAFT).alliances.add(alliance)
    return alliance


def text_of(response):
    return response.content.decode()


def test_home_shows_alliances_with_member_counts_countries_and_latest_announcements(client, network):
    response = client.get("/")
    assert response.status_code == 200
    text = text_of(response)
    assert "AI Alliance Network" in text
    assert "Today: 2 members listed" in text  # the list is not known to be whole
    assert "Not the whole list." in text
    assert "Brazil</a>, <a" in text and "Serbia</a>" in text
    assert "Network launched at AI Journey" in text
    assert "France" not in text
    assert "Draft press release" not in text
    assert "This site records which organisations and countries belong" in text


def test_country_list_counts_members_and_alliances(client, network):
    bloc = AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    MembershipFactory(alliance=bloc, organization=None, country=country("RS"))
    text = text_of(client.get("/countries/"))
    serbia = (
        '<a href="/countries/rs/">Serbia</a></th><td class="num">2</td><td class="num">0</td><td class="num">2</td>'
    )
    assert serbia in text
    assert (
        '<a href="/countries/br/">Brazil</a></th><td class="num">1</td><td class="num">0</td><td class="num">1</td>'
        in text
    )
    assert "France" not in text


def test_country_list_filters_by_alliance_and_kind(client, network):
    bloc = AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    MembershipFactory(alliance=bloc, organization=None, country=country("IN"))
    text = text_of(client.get("/countries/?alliance=bloc"))
    assert "India" in text and "Serbia</a></th>" not in text
    text = text_of(client.get("/countries/?kind=ai_alliance"))
    assert "Serbia</a></th>" in text and "India</a></th>" not in text


def test_country_list_with_an_unknown_alliance_shows_a_message(client, network):
    response = client.get("/countries/?alliance=no-such")
    assert response.status_code == 400
    assert "Select a valid choice" in text_of(response)


def test_country_page_shows_organizations_their_alliances_bloc_timeline_and_rankings(client, network):
    bloc = AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    MembershipFactory(alliance=bloc, organization=None, country=country("RS"), start_date=D(2025, 1, 6))
    RankingFactory(
        country=country("RS"),
        index_name="Global AI Index",
        edition_year=2024,
        rank=40,
        out_of=83,
        source=AnnouncementFactory(title="Index report"),
    )
    RankingFactory(
        country=country("RS"),
        index_name="Hidden Index",
        source=AnnouncementFactory(title="Draft report", status=Status.DRAFT),
    )
    response = client.get("/countries/rs/")
    assert response.status_code == 200
    text = text_of(response)
    assert "<h1>Serbia</h1>" in text
    since = 'since <time datetime="2024-12-11">11 December 2024</time>'
    assert "Serbian AI Society" in text and f"AI Alliance Network</a> — member, {since}" in text
    assert "6 January 2025" in text and "Bloc</a>" in text
    assert "Global AI Index" in text and "40 of 83" in text and "2024" in text and "Index report" in text
    assert "Hidden Index" not in text


def test_machine_readable_dates_on_country_and_announcement_pages_keep_their_precision(client, network):
    bloc = AllianceFactory(slug="bloc", name="Bloc", kind="bloc")
    MembershipFactory(
        alliance=bloc,
        organization=None,
        country=country("RS"),
        start_date=D(2009, 1, 1),
        start_precision=DatePrecision.YEAR,
        end_date=D(2023, 12, 1),
        end_precision=DatePrecision.MONTH,
        end_reason=EndReason.WITHDREW,
    )
    own = text_of(client.get("/countries/rs/")).split('id="own-heading"')[1].split('id="organizations-heading"')[0]
    assert '<time datetime="2009">2009</time> – <time datetime="2023-12">December 2023</time>' in own
    AnnouncementFactory(slug="report", title="Yearly report", date=D(2024, 1, 1), date_precision=DatePrecision.YEAR)
    text = text_of(client.get("/announcements/report/"))
    assert '<time datetime="2024">2024</time>' in text and "2024-01-01" not in text


def test_country_address_in_capitals_redirects_to_the_lower_case_one(client):
    response = client.get("/countries/RS/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/rs/"


def test_unknown_country_is_404(client):
    assert client.get("/countries/zz/").status_code == 404


def test_organization_page_shows_other_names_memberships_and_sources(client, network):
    text = text_of(client.get("/organizations/serbian-ai/"))
    assert "<h1>Serbian AI Society</h1>" in text
    assert '<span lang="sr">Srpsko AI društvo</span>' in text
    assert "AI Alliance Network" in text and 'since <time datetime="2024-12-11">11 December 2024</time>' in text
    assert "Network launched at AI Journey" in text


def test_organization_page_hides_draft_memberships(client, network):
    draft_org = OrganizationFactory(slug="draft-only", name="Draft Only Org")
    MembershipFactory(alliance=network, organization=draft_org, status=Status.DRAFT)
    text = text_of(client.get("/organizations/draft-only/"))
    assert "AI Alliance Network" not in text
    assert "None recorded." in text


def test_announcement_list_is_paginated_newest_first_without_drafts(client, network):
    for day in range(1, 31):
        AnnouncementFactory(title=f"Bulletin {day:02d}", date=D(2023, 1, day))
    first = text_of(client.get("/announcements/"))
    assert "Network launched at AI Journey" in first
    assert "Bulletin 30" in first and "Bulletin 01" not in first
    assert "Page 1 of 2" in first
    assert "Draft press release" not in first
    second = text_of(client.get("/announcements/?page=2"))
    assert "Bulletin 01" in second


def test_announcement_list_filters_by_alliance_country_year_and_words(client, network):
    AnnouncementFactory(title="Unrelated note", date=D(2020, 5, 1))
    assert "Unrelated note" not in text_of(client.get("/announcements/?alliance=network"))
    assert "Unrelated note" not in text_of(client.get("/announcements/?country=rs"))
    text = text_of(client.get("/announcements/?year=2020"))
    assert "Unrelated note" in text and "Network launched" not in text
    assert "Network launched" in text_of(client.get("/announcements/?q=journey"))


@pytest.mark.parametrize("query", ["year=abc", "year=99999", "alliance=nope", "country=xx", "q=" + "x" * 500])
def test_announcement_list_with_bad_filters_shows_the_form_with_a_message(client, network, query):
    response = client.get(f"/announcements/?{query}")
    assert response.status_code == 400
    text = text_of(response)
    assert '<form method="get" class="filters"' in text
    assert 'class="error"' in text


def test_announcement_page_shows_the_memberships_it_is_a_source_of(client, network):
    text = text_of(client.get("/announcements/launch/"))
    assert "<h1>Network launched at AI Journey</h1>" in text
    section = text[text.index('id="memberships-heading"') :]
    assert "Serbian AI Society" in section and "Brazilian AI Association" in section
    assert "Secret Draft Member" not in section


def test_announcement_id_address_redirects_to_its_slug(client, network):
    announcement = network.announcements.get(slug="launch")
    response = client.get(f"/announcements/{announcement.pk}/")
    assert response.status_code == 301
    assert response["Location"] == "/announcements/launch/"


def test_draft_announcement_is_404(client, network):
    draft = network.announcements.get(title="Draft press release")
    assert client.get(f"/announcements/{draft.slug}/").status_code == 404
    assert client.get(f"/announcements/{draft.pk}/").status_code == 404


def test_timeline_lists_every_published_event_newest_first(client, network):
    text = text_of(client.get("/timeline/"))
    # Two joins, the launch, and the published announcement the draft membership's factory made.
    assert "4 events" in text
    assert "Serbian AI Society" in text and "joined AI Alliance Network as member" in text
    assert "Secret Draft Member" not in text and "Draft press release" not in text


def test_timeline_filters_by_alliance_country_and_year(client, network):
    other = AllianceFactory(slug="other", name="Other Alliance")
    MembershipFactory(alliance=other, organization=OrganizationFactory(name="Old Member"), start_date=D(2015, 3, 1))
    assert "Old Member" not in text_of(client.get("/timeline/?alliance=network"))
    text = text_of(client.get("/timeline/?country=rs"))
    assert "Serbian AI Society" in text and "Brazilian AI Association" not in text
    text = text_of(client.get("/timeline/?year=2015"))
    assert "Old Member" in text and "Serbian AI Society" not in text


def test_timeline_is_paginated(client, network):
    for day in range(1, 29):
        AnnouncementFactory(title=f"Note {day:02d}", date=D(2022, 2, day))
    text = text_of(client.get("/timeline/"))
    assert "Page 1 of 2" in text and "Note 01" not in text
    assert "Note 01" in text_of(client.get("/timeline/?page=2"))


@pytest.mark.parametrize("query", ["year=twenty", "alliance=nope", "country=12"])
def test_timeline_with_bad_filters_shows_the_form_with_a_message(client, network, query):
    response = client.get(f"/timeline/?{query}")
    assert response.status_code == 400
    assert 'class="error"' in text_of(response)


def test_search_finds_alliances_organizations_by_other_names_countries_and_announcements(client, network):
    AllianceName.objects.create(alliance=network, name="Сеть альянсов ИИ", language="ru")
    text = text_of(client.get("/search/?q=Srpsko"))
    assert "Serbian AI Society" in text
    assert "AI Alliance Network" in text_of(client.get("/search/", {"q": "альянсов"}))
    text = text_of(client.get("/search/?q=serb"))
    assert '<a href="/countries/rs/">Serbia</a>' in text
    assert "Network launched at AI Journey" in text_of(client.get("/search/?q=journey"))
    assert "Draft press release" not in text_of(client.get("/search/?q=draft"))


def test_search_finds_countries_by_their_russian_name_on_russian_pages(client, network):
    text = text_of(client.get("/ru/search/", {"q": "Серб"}))
    assert '<a href="/ru/countries/rs/">Сербия</a>' in text


def test_search_with_too_short_a_query_says_so(client):
    response = client.get("/search/?q=a")
    assert response.status_code == 400
    assert "Type at least two letters." in text_of(response)


def test_the_country_filter_lists_countries_in_the_order_of_the_visitors_language(client):
    text = client.get("/ru/timeline/").content.decode()
    # Japan comes before South Africa in English, «Япония» after «Южная Африка» in Russian.
    assert text.index(">Египет<") < text.index(">Южная Африка<") < text.index(">Япония<")
    english = client.get("/timeline/").content.decode()
    assert english.index(">Egypt<") < english.index(">Japan<") < english.index(">South Africa<")


def test_a_list_is_counted_once_per_register_version(client, network, django_capture_on_commit_callbacks):
    for day in range(1, 29):
        AnnouncementFactory(title=f"Note {day:02d}", date=D(2022, 2, day))
    assert "32 events" in text_of(client.get("/timeline/"))
    # Another page of the same list, and a change the register was not told of (no write,
    # no new version): the kept count answers.
    Announcement.objects.filter(title__in=["Note 01", "Note 02"]).update(status=Status.DRAFT)
    assert "32 events" in text_of(client.get("/timeline/?page=2"))
    # A committed write makes a new version: counted again.
    with django_capture_on_commit_callbacks(execute=True):
        AnnouncementFactory(title="Fresh news", date=D(2025, 5, 5))
    text = text_of(client.get("/timeline/?page=2"))
    assert "31 events" in text and "Page 2 of 2" in text


def test_counts_follow_the_filters_and_the_day(client, network):
    assert "4 events" in text_of(client.get("/timeline/"))
    assert "2 events" in text_of(client.get("/timeline/?country=rs"))
    assert "0 events" in text_of(client.get("/timeline/?year=1999"))
    assert "2 members listed." in text_of(client.get("/alliances/network/"))
    assert "0 members listed." in text_of(client.get("/alliances/network/?as_of=2000-01-01"))
