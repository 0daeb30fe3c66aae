"""The intake as an API write: the admin's rules, a preview, then a confirmation; errors name the field."""

import pytest

from alliances.models import Membership, MembershipSource, OrganizationName, SourceIntake, Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country
from .bletchley import AGENCY, SIGNATORIES

pytestmark = pytest.mark.django_db
URL = "/api/v1/alliances/bletchley-declaration/intake/"


@pytest.fixture
def bletchley():
    alliance = AllianceFactory(slug="bletchley-declaration", name="Bletchley Declaration", principal_role="signatory")
    eu = OrganizationFactory(slug="european-union", name="European Union", country=None, kind="international_body")
    OrganizationName.objects.create(organization=eu, name="EU", language="", kind="acronym")
    return alliance


def payload(**overrides):
    return {
        "new_source": {
            "title": "UK, US, EU and China sign declaration on AI risks",
            "url": "https://news.example.org/bletchley",
            "publisher": "Example News Agency",
            "date": "2023-11-01",
        },
        "passage": AGENCY,
        "start": "by 2023-11-01",
        "change_reason": "Bletchley signatories",
        **overrides,
    }


def test_a_preview_writes_nothing_and_says_what_each_name_would_do(curator_api, bletchley):
    response = curator_api.post(URL, payload(), format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["ready"] and body["counts"] == {"new": 29}
    members = [row["member"].get("code") or row["member"]["slug"] for row in body["rows"]]
    assert members == [code if code != "EU" else "european-union" for code in SIGNATORIES]
    assert body["rows"][-1]["left_out"] == "signed the document"
    assert body["rows"][0]["sentence"] == (
        "A new draft membership: Australia, signatory, by 1 November 2023, citing the source."
    )
    assert not Membership.objects.exists()


def test_confirming_writes_the_drafts_and_the_same_list_again_is_refused(curator_api, bletchley):
    created = curator_api.post(URL, payload(confirm=True), format="json")
    assert created.status_code == 201, created.content
    assert len(created.json()["memberships"]) == 29
    assert Membership.objects.filter(status=Status.DRAFT, start__startswith="../").count() == 29
    source = created.json()["source"]
    again = curator_api.post(URL, payload(source=source, new_source=None, confirm=True), format="json")
    assert again.status_code == 400
    assert "Nothing to write" in again.json()["detail"]
    assert Membership.objects.count() == MembershipSource.objects.count() == 29


def test_an_unsettled_name_is_refused_until_chosen(curator_api, bletchley):
    body = payload(passage="Korea, Atlantis and France", confirm=True)
    refused = curator_api.post(URL, body, format="json")
    assert refused.status_code == 400
    assert "0: Korea" in refused.json()["choices"][0] and "1: Atlantis" in refused.json()["choices"][0]
    assert not Membership.objects.exists()
    chosen = curator_api.post(URL, {**body, "choices": {"Korea": "country:KR", "1": "drop"}}, format="json")
    assert chosen.status_code == 201, chosen.content
    assert sorted(Membership.objects.values_list("country", flat=True)) == ["FR", "KR"]


def test_an_existing_membership_of_the_same_role_gets_the_source_and_another_role_is_a_conflict(curator_api, bletchley):
    source = AnnouncementFactory(slug="gov-uk-list", title="The countries attending")
    france = MembershipFactory(alliance=bletchley, organization=None, country=country("FR"), role="signatory")
    MembershipFactory(alliance=bletchley, organization=None, country=country("DE"), role="observer")
    response = curator_api.post(
        URL, payload(source="gov-uk-list", new_source=None, passage="France, Germany"), format="json"
    )
    cite, conflict = response.json()["rows"]
    assert (cite["action"], cite["membership"]) == ("cite", france.pk)
    assert conflict["action"] == "conflict"
    assert conflict["sentence"].startswith("Conflicts with Germany's membership as observer (since 11 December 2024)")
    created = curator_api.post(
        URL,
        payload(
            source="gov-uk-list", new_source=None, passage="France, Germany", choices={"Germany": "drop"}, confirm=True
        ),
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["memberships"] == []
    assert france.sources.filter(pk=source.pk).exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"start": "11/12/2024"}, "start"),
        ({"passage": ""}, "passage"),
        ({"role": "emperor"}, "role"),
        ({"new_source": {}}, "new_source"),
        ({"source": "no-such-source"}, "source"),
        ({"change_reason": ""}, "change_reason"),
        ({"choices": ["Korea"]}, "choices"),
    ],
)
def test_bad_input_answers_400_naming_the_field(curator_api, bletchley, overrides, field):
    response = curator_api.post(URL, payload(**overrides), format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_only_curators_may_take_in_a_list(api, reader_api, bletchley):
    assert api.post(URL, payload(), format="json").status_code == 401
    assert reader_api.post(URL, payload(), format="json").status_code == 403
    assert not SourceIntake.objects.exists()
