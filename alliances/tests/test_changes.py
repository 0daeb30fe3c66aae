"""How each start and end of a membership is told (events.changes(), from the QuerySet's joins, role_changes...)."""

import datetime

import pytest

from alliances.events import EventKind, changes
from alliances.models import EndReason, Membership, Role

from .factories import AllianceFactory, MembershipFactory, country

pytestmark = pytest.mark.django_db

D = datetime.date


def held(alliance, code, *periods):
    """Consecutive memberships of one country: (role, start, end, end reason), each continuing the one before."""
    before = None
    for role, start, end, reason in periods:
        before = MembershipFactory(
            alliance=alliance, organization=None, country=country(code), role=role, start_date=start,
            end_date=end, end_precision="day" if end else "", end_reason=reason,
            continues=before if before and before.end_reason == EndReason.ROLE_CHANGED else None,
        )  # fmt: skip


@pytest.fixture
def told():
    """{country code: sorted [(kind, "start" or "end")]} of one alliance's memberships."""
    alliance = AllianceFactory()
    changed = EndReason.ROLE_CHANGED
    held(alliance, "EG", (Role.INVITED, D(2023, 8, 24), D(2024, 1, 1), changed), (Role.MEMBER, D(2024, 1, 1), None, ""))
    held(alliance, "BY", (Role.PARTNER, D(2025, 1, 1), D(2025, 6, 1), changed), (Role.MEMBER, D(2025, 6, 1), None, ""))
    held(
        alliance, "NG", (Role.INVITED, D(2024, 10, 1), D(2025, 1, 1), changed), (Role.PARTNER, D(2025, 1, 1), None, "")
    )
    held(alliance, "AR", (Role.INVITED, D(2023, 8, 24), D(2023, 12, 1), EndReason.DECLINED))
    held(alliance, "TR", (Role.OBSERVER, D(2020, 1, 1), D(2022, 1, 1), EndReason.OTHER))
    held(alliance, "RS", (Role.MEMBER, D(2019, 1, 1), D(2021, 1, 1), EndReason.WITHDREW))
    held(alliance, "BR", (Role.FOUNDING_MEMBER, D(2009, 6, 16), None, ""))
    result = {}
    for kind, rows, prefix in changes(Membership.objects.filter(alliance=alliance)):
        for code in rows.values_list("country_id", flat=True):
            result.setdefault(code, []).append((kind, prefix))
    return {code: sorted(kinds) for code, kinds in result.items()}


def test_an_accepted_invitation_is_one_invitation_and_one_join(told):
    assert told["EG"] == [(EventKind.INVITATION, "start"), (EventKind.JOIN, "start")]


def test_partner_to_member_is_one_role_change_never_a_join_or_a_leave(told):
    assert told["BY"] == [(EventKind.ROLE_BEGAN, "start"), (EventKind.ROLE_CHANGE, "start")]


def test_invited_to_partner_is_a_role_change(told):
    assert told["NG"] == [(EventKind.INVITATION, "start"), (EventKind.ROLE_CHANGE, "start")]


def test_a_declined_invitation_ended_and_nobody_left(told):
    assert told["AR"] == [(EventKind.INVITATION, "start"), (EventKind.INVITATION_ENDED, "end")]


def test_other_roles_begin_and_end_as_themselves(told):
    assert told["TR"] == [(EventKind.ROLE_BEGAN, "start"), (EventKind.ROLE_ENDED, "end")]


def test_a_member_that_withdrew_joined_and_left(told):
    assert told["RS"] == [(EventKind.JOIN, "start"), (EventKind.LEAVE, "end")]
    assert told["BR"] == [(EventKind.JOIN, "start")]
