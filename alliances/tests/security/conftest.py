"""A register whose every text field holds markup an attacker would try: it must come back as text."""

import datetime

import pytest
from django.utils.html import escape

from alliances.models import AllianceName, OrganizationName, Status

from ..factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, RankingFactory


def payload(field):
    """Markup that runs script if it reaches a page unescaped; `field` names where it was put."""
    return f'{field}<script>alert(1)</script>"><img src=x onerror=alert(1)>'


# The signs that a payload reached a page as markup rather than text.
RAW = ["<script>alert(1)</script>", "<img src=x onerror"]


def escaped(field):
    """How a page shows `payload(field)` as text."""
    return escape(payload(field))


def assert_no_raw_markup(text):
    for raw in RAW:
        assert raw not in text


@pytest.fixture
def hostile():
    """Every text field of every model holds a payload; the slugs are the only plain words."""
    alliance = AllianceFactory(
        slug="hostile",
        name=payload("alliance.name"),
        description=payload("alliance.description"),
        website="https://example.org/alliance",
    )
    AllianceName.objects.create(alliance=alliance, name=payload("alliancename.name"), language='"><i>x</i>')
    organization = OrganizationFactory(
        slug="hostile-org",
        name=payload("organization.name"),
        description=payload("organization.description"),
        website="https://example.org/org",
    )
    OrganizationName.objects.create(
        organization=organization, name=payload("organizationname.name"), language='"><i>x</i>'
    )
    announcement = AnnouncementFactory(
        slug="hostile-news",
        title=payload("announcement.title"),
        summary=payload("announcement.summary"),
        quotation=payload("announcement.quotation"),
        publisher=payload("announcement.publisher"),
        language='"><i>x</i>',
        source_url="https://example.org/news?a=1&b=<2>",
        date=datetime.date(2024, 12, 11),
    )
    announcement.alliances.add(alliance)
    announcement.countries.add(organization.country)
    announcement.organizations.add(organization)
    membership = MembershipFactory(
        alliance=alliance, organization=organization, sources=[announcement], notes=payload("membership.notes")
    )
    RankingFactory(country=organization.country, index_name=payload("ranking.index_name"), source=announcement)
    return {"alliance": alliance, "organization": organization, "announcement": announcement, "membership": membership}


@pytest.fixture
def draft_hostile(hostile):
    """A draft membership too, so the admin's publish confirmation lists one."""
    return MembershipFactory(
        alliance=hostile["alliance"],
        organization=OrganizationFactory(slug="other-org", name=payload("draft.organization.name")),
        sources=[hostile["announcement"]],
        status=Status.DRAFT,
    )
