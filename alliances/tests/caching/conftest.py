import pytest

from ..factories import AllianceFactory, MembershipFactory, OrganizationFactory


@pytest.fixture
def alliance(db):
    """The alliance at /alliances/network/, with one published member, Published Institute."""
    alliance = AllianceFactory(slug="network", name="Network")
    MembershipFactory(alliance=alliance, organization=OrganizationFactory(name="Published Institute"))
    return alliance
