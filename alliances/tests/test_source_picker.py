"""Citing the right source: the picker ranks likely sources first, titles before summaries; a source that
names neither the alliance nor the member is cited only when the curator confirms it."""

import pytest

from alliances.admin.citations import source_names
from alliances.models import Country, Membership, MembershipSource

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

pytestmark = pytest.mark.django_db


def picked(client, term, **context):
    params = {"term": term, "app_label": "alliances", "model_name": "membershipsource", "field_name": "announcement"}
    response = client.get("/admin/autocomplete/", {**params, **context})
    assert response.status_code == 200
    return [row["text"].rsplit(" (", 1)[0] for row in response.json()["results"]]


def test_the_picker_ranks_sources_of_this_alliance_and_member_first_and_titles_before_summaries(superuser_client):
    brics = AllianceFactory(slug="brics", name="BRICS")
    egypt = Country.objects.get(code="EG")
    AnnouncementFactory(title="Summit news", summary="A summit of many.")
    AnnouncementFactory(title="Other news", summary="The summit said nothing of them.")
    of_brics = AnnouncementFactory(title="Summit of BRICS")
    of_brics.alliances.add(brics)
    naming_egypt = AnnouncementFactory(title="Egypt at the summit")
    naming_egypt.countries.add(egypt)

    first, second, *rest = picked(superuser_client, "summit", alliance=brics.pk, country="EG")
    assert {first, second} == {"Summit of BRICS", "Egypt at the summit"}
    # Of the others, the one with the word in its title comes before the one with it only in its summary.
    assert rest == ["Summit news", "Other news"]
    # Without a context, titles still come before summaries.
    assert picked(superuser_client, "summit")[-1] == "Other news"


def test_the_picker_knows_the_membership_of_a_citations_own_form(superuser_client):
    membership = MembershipFactory(sources=[AnnouncementFactory(title="Joining note")])
    AnnouncementFactory(title="Joining rumour")
    assert picked(superuser_client, "joining", membership=membership.pk)[0] == "Joining note"
    assert picked(superuser_client, "joining", membership="99999999999999")  # a bad key is no context, not a 500


def test_a_source_names_the_alliance_or_the_member_by_any_of_their_names_in_any_language():
    network = AllianceFactory(slug="network", name="AI Alliance Network", name_ru="Международный альянс в сфере ИИ")
    network.other_names.create(name="AIAN", language="", kind="acronym")
    membership = Membership(alliance=network, country=Country.objects.get(code="RU"))
    assert source_names(AnnouncementFactory(title="Russia joins"), membership)
    assert source_names(AnnouncementFactory(title="Сеть", summary_ru="Россия присоединилась к сети."), membership)
    assert source_names(AnnouncementFactory(title="Новости", summary_ru="Делегация России приехала."), membership)
    assert source_names(AnnouncementFactory(title="AIAN grows"), membership)
    assert source_names(AnnouncementFactory(title="Международный альянс в сфере ИИ растёт"), membership)
    assert not source_names(AnnouncementFactory(title="Weather in Paris"), membership)
    assert source_names(AnnouncementFactory(title="Weather in Paris"), membership, quotation="Russia took part.")


def _membership_form(membership, announcement, **extra):
    data = {
        "alliance": membership.alliance_id,
        "organization": membership.organization_id or "",
        "country": membership.country_id or "",
        "role": membership.role,
        "status": membership.status,
        "start": "2024-12-11",
        "end": "",
        "end_reason": "",
        "notes": "",
        "change_reason": "",
        "citations-TOTAL_FORMS": "1",
        "citations-INITIAL_FORMS": "1",
        "citations-MIN_NUM_FORMS": "0",
        "citations-MAX_NUM_FORMS": "1000",
        "citations-0-id": membership.citations.get().pk,
        "citations-0-membership": membership.pk,
        "citations-0-announcement": announcement.pk,
        "citations-0-stance": "supports",
        "citations-0-quotation": "",
    }
    return {**data, **extra}


def test_citing_a_source_that_names_neither_side_asks_the_curator_to_confirm(superuser_client):
    organization = OrganizationFactory(slug="serbia-ai", name="Serbian AI Society", country=country("RS"))
    membership = MembershipFactory(organization=organization, alliance=AllianceFactory(slug="net", name="Network"))
    unrelated = AnnouncementFactory(title="Weather in Paris", summary="Rain.")
    address = f"/admin/alliances/membership/{membership.pk}/change/"

    response = superuser_client.post(address, _membership_form(membership, unrelated))
    assert response.status_code == 200
    assert "names neither Network nor Serbian AI Society" in response.content.decode()
    assert MembershipSource.objects.get(membership=membership).announcement != unrelated

    response = superuser_client.post(
        address, _membership_form(membership, unrelated, **{"citations-0-cite_anyway": "on"})
    )
    assert response.status_code == 302
    assert MembershipSource.objects.get(membership=membership).announcement == unrelated


def test_a_source_that_names_the_member_is_cited_without_a_question(superuser_client):
    organization = OrganizationFactory(slug="serbia-ai", name="Serbian AI Society", country=country("RS"))
    membership = MembershipFactory(organization=organization, alliance=AllianceFactory(slug="net", name="Network"))
    naming = AnnouncementFactory(title="The Serbian AI Society joins")
    response = superuser_client.post(
        f"/admin/alliances/membership/{membership.pk}/change/", _membership_form(membership, naming)
    )
    assert response.status_code == 302
    assert MembershipSource.objects.get(membership=membership).announcement == naming
