"""A treaty's words: a state that ratifies has consented to be bound; it is a party only once the treaty is in force."""

import re

import pytest

from alliances.models import Membership, Role

from .conftest import the_folders_again

pytestmark = pytest.mark.django_db

COE = "coe-ai-convention"


@pytest.fixture
def convention(tmp_path):
    the_folders_again(tmp_path, "shared", COE)


def test_the_eu_has_ratified_and_is_not_called_a_party_anywhere_in_the_convention(convention):
    eu = Membership.objects.filter(alliance__slug=COE, organization__slug="european-union").order_by("start_latest")
    assert [m.role for m in eu] == [Role.SIGNATORY, Role.RATIFIED]
    assert not Membership.objects.filter(alliance__slug=COE, role=Role.PARTY).exists()
    for membership in Membership.objects.filter(alliance__slug=COE):
        assert not re.search(r"became (a )?party|is a party", membership.notes), membership.notes


def test_the_page_explains_ratified_and_party_in_english_and_russian(client, convention):
    english = client.get(f"/alliances/{COE}/").content.decode()
    assert "Ratified, not yet parties (1)" in english
    assert "it has consented to be bound, and becomes a party only once the treaty is in force for it." in english
    assert "becomes a party only once the convention is in force for it" in english  # the description
    russian = client.get(f"/ru/alliances/{COE}/").content.decode()
    assert "становится участником лишь после того, как конвенция вступит для него в силу" in russian
    assert "становится участником лишь после того, как договор вступит для него в силу" in russian
