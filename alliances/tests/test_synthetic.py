from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from alliances.dates import DatePrecision, parse_span, stored_span
from alliances.models import Alliance, Country, Membership, Organization, Status

pytestmark = pytest.mark.django_db

SMALL = {"organizations": 300, "memberships": 1500, "announcements": 60, "alliances": 12}


def generate(seed=7, **sizes):
    call_command("generate_synthetic", seed=seed, replace=True, verbosity=0, **{**SMALL, **sizes})


def register_content():
    """Everything the synthetic records say, by natural keys (ids and timestamps aside)."""
    memberships = Membership.objects.select_related("alliance", "organization").prefetch_related("sources")
    return sorted(
        (
            m.alliance.slug,
            m.organization.slug if m.organization_id else m.country_id,
            m.role,
            m.start,
            m.end,
            m.end_reason,
            m.status,
            tuple(sorted(source.slug for source in m.sources.all())),
        )
        for m in memberships
    ) + sorted(Organization.objects.values_list("slug", "name", "kind", "country_id", "website"))


def test_the_same_seed_gives_the_same_register():
    generate(seed=7)
    first = register_content()
    generate(seed=7)
    assert register_content() == first
    generate(seed=8)
    assert register_content() != first


def test_it_makes_the_numbers_asked_for():
    generate()
    assert Membership.objects.count() == SMALL["memberships"]
    assert Organization.objects.count() == SMALL["organizations"]
    assert Alliance.objects.count() == SMALL["alliances"]


def test_no_member_holds_overlapping_memberships_of_one_alliance():
    generate()
    periods = defaultdict(list)
    for m in Membership.objects.all():
        periods[(m.alliance_id, m.organization_id, m.country_id)].append((m.start_latest, m.end_earliest, m.end))
    for spans in periods.values():
        spans.sort()
        for (start, end, written), (next_start, _, _) in zip(spans, spans[1:], strict=False):
            assert written and start < end <= next_start  # never certainly overlapping
    assert any(len(spans) > 1 for spans in periods.values()), "some members rejoin"


def test_dates_are_written_as_sources_write_them_and_ends_follow_starts():
    generate()
    memberships = list(Membership.objects.all())
    spans = [stored_span(m.start) for m in memberships]
    assert {span.upper.precision for span in spans if span.single} == set(DatePrecision.values)
    assert any(span.lower is None for span in spans), "some starts are known only as 'by' a day"
    assert any(span.single is None and span.lower for span in spans), "some lie between two dates"
    assert any(m.end for m in memberships) and any(not m.end for m in memberships)
    for m in memberships:
        assert parse_span(m.start).edtf == m.start and (not m.end or parse_span(m.end).edtf == m.end)
        assert m.start_earliest <= m.start_latest <= m.end_latest
        assert bool(m.end) == bool(m.end_reason)


def test_every_published_membership_cites_a_published_announcement():
    generate()
    published = Membership.objects.published()
    assert published.exists() and Membership.objects.drafts().exists()
    assert not published.exclude(sources__status=Status.PUBLISHED).exists()


def test_every_country_has_an_organization_and_blocs_have_country_members():
    generate()
    assert Country.objects.exclude(organizations__isnull=False).count() == 0
    assert Membership.objects.of_member_type("country").exists()
    assert Membership.objects.of_member_type("organization").exists()


def test_it_refuses_to_add_to_earlier_synthetic_records_without_replace():
    generate()
    with pytest.raises(CommandError, match="--replace"):
        call_command("generate_synthetic", verbosity=0, **SMALL)


def test_it_says_when_the_members_cannot_hold_the_memberships_asked_for():
    with pytest.raises(CommandError, match="need more members"):
        generate(organizations=2, alliances=2, memberships=500)
