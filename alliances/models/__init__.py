from .alliance import Alliance, AllianceKind, AllianceName, ReportedSize
from .announcement import Announcement, AnnouncementKind, LinkState
from .base import NameKind, Status
from .country import Country
from .intake import ListCompleteness, SourceIntake
from .membership import Certainty, EndReason, Membership, MembershipSource, MemberType, Role, Stance
from .organization import Organization, OrganizationKind, OrganizationName
from .ranking import Ranking

__all__ = [
    "Alliance",
    "AllianceKind",
    "AllianceName",
    "Announcement",
    "AnnouncementKind",
    "Certainty",
    "Country",
    "EndReason",
    "LinkState",
    "ListCompleteness",
    "MemberType",
    "Membership",
    "MembershipSource",
    "NameKind",
    "Organization",
    "OrganizationKind",
    "OrganizationName",
    "Ranking",
    "ReportedSize",
    "SourceIntake",
    "Role",
    "Stance",
    "Status",
]
