from .alliance import Alliance, AllianceKind, AllianceName, ReportedSize
from .announcement import Announcement, AnnouncementKind
from .base import NameKind, Status
from .country import Country
from .edge import KeyVersion, PendingPurge
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
    "KeyVersion",
    "MemberType",
    "Membership",
    "MembershipSource",
    "NameKind",
    "Organization",
    "OrganizationKind",
    "OrganizationName",
    "PendingPurge",
    "Ranking",
    "ReportedSize",
    "Role",
    "Stance",
    "Status",
]
