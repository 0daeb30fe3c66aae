"""The examples of issue 10 as records, built with factories: BRICS as its sources tell it, and the AI Alliance Network.

The page tests (test_pages_truthful) and the browser tests read them; the demo data is not used,
so another register can replace it without changing what these tests show.
"""

import datetime

from alliances.dates import DatePrecision
from alliances.models import AllianceKind, EndReason, MembershipSource, ReportedSize, Role, Stance, Status

from .factories import AllianceFactory, AnnouncementFactory, MembershipFactory, OrganizationFactory, country

D = datetime.date


def cite(membership, announcement, stance=Stance.SUPPORTS, quotation=""):
    MembershipSource.objects.create(
        membership=membership, announcement=announcement, stance=stance, quotation=quotation
    )


def build_brics():
    """BRICS as its sources tell it, up to Indonesia, with Saudi Arabia's membership claimed and disputed."""
    bloc = AllianceFactory(slug="brics", name="BRICS", kind=AllianceKind.BLOC, founded="2009-06-16")
    bloc.members_list_complete = True
    bloc.save()
    summit = AnnouncementFactory(slug="yekaterinburg", title="First BRIC summit", date=D(2009, 6, 16))
    invitations = AnnouncementFactory(slug="johannesburg", title="Johannesburg II Declaration", date=D(2023, 8, 24))
    letter = AnnouncementFactory(
        slug="milei-letter", title="Argentina's letter to BRICS", date=D(2023, 12, 1), date_precision="month"
    )
    chair = AnnouncementFactory(slug="russian-chair", title="Russia takes the BRICS chair", date=D(2024, 1, 1))
    saudi = AnnouncementFactory(slug="saudi-considering", title="Saudi minister: still considering", date=D(2024, 1, 2))
    indonesia = AnnouncementFactory(slug="indonesia", title="Indonesia becomes a member", date=D(2025, 1, 6))
    for source in (summit, invitations, letter, chair, saudi, indonesia):
        source.alliances.add(bloc)

    def bloc_member(code, role, start, sources, **fields):
        return MembershipFactory(
            alliance=bloc, organization=None, country=country(code), role=role, start_date=start, sources=sources,
            **fields,
        )  # fmt: skip

    for code in ("BR", "RU", "IN", "CN"):
        bloc_member(code, Role.FOUNDING_MEMBER, D(2009, 6, 16), [summit])
    bloc_member("ZA", Role.MEMBER, D(2010, 12, 24), [summit])
    bloc_member(
        "AR", Role.INVITED, D(2023, 8, 24), [invitations, letter], end_date=D(2023, 12, 1),
        end_precision=DatePrecision.MONTH, end_reason=EndReason.DECLINED,
    )  # fmt: skip
    for code in ("EG", "ET", "IR", "AE", "SA"):
        invited = bloc_member(
            code, Role.INVITED, D(2023, 8, 24), [invitations], end_date=D(2024, 1, 1), end_precision="day",
            end_reason=EndReason.ROLE_CHANGED,
        )  # fmt: skip
        member = bloc_member(code, Role.MEMBER, D(2024, 1, 1), [] if code == "SA" else [chair], continues=invited)
    cite(member, chair, quotation="Saudi Arabia, Egypt, the UAE, Iran and Ethiopia are now full members.")
    cite(member, saudi, Stance.DISPUTES, quotation="The Kingdom is still considering the invitation.")
    bloc_member("ID", Role.MEMBER, D(2025, 1, 6), [indonesia])
    return bloc


def build_network():
    """The AI Alliance Network: six associations that had joined by 11 December 2024; a list known to be partial."""
    network = AllianceFactory(slug="ai-alliance-network", name="AI Alliance Network", founded="2024-12-11")
    launch = AnnouncementFactory(slug="launch", title="Putin announces the AI Alliance Network", date=D(2024, 12, 11))
    launch.alliances.add(network)
    for code in ("BR", "CN", "IN", "ZA", "RS", "ID"):
        association = OrganizationFactory(
            slug=f"{code.lower()}-ai", name=f"{code} AI Association", country=country(code)
        )
        MembershipFactory(
            alliance=network, organization=association, start="../2024-12-11",
            sources=[launch],
        )  # fmt: skip
    first = AnnouncementFactory(slug="first-size", title="Sber: 15 organisations joined", date=D(2024, 12, 16))
    later = AnnouncementFactory(slug="later-size", title="A year of the network", date=D(2025, 12, 4))
    ReportedSize.objects.create(alliance=network, as_of="2024-12-16", members=15, countries=13, source=first)
    ReportedSize.objects.create(
        alliance=network, as_of="2025-12-04", members=28, countries=21, source=later,
        quotation="The alliance now unites 28 organisations from 21 countries.",
    )  # fmt: skip
    draft = AnnouncementFactory(slug="draft-size", title="Unchecked size", date=D(2026, 1, 1), status=Status.DRAFT)
    ReportedSize.objects.create(alliance=network, as_of="2026-01-01", members=99, source=draft)
    return network
