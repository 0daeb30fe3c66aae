from .alliance import Alliance, AllianceKind, AllianceName
from .announcement import Announcement, AnnouncementKind
from .base import NameKind, Status
from .country import Country
from .membership import EndReason, Membership, MembershipSource, MemberType, Role
from .organization import Organization, OrganizationKind, OrganizationName
from .ranking import Ranking

__all__ = [
    "Alliance",
    "AllianceKind",
    "AllianceName",
    "Announcement",
    "AnnouncementKind",
    "Country",
    "EndReason",
    "MemberType",
    "Membership",
    "MembershipSource",
    "NameKind",
    "Organization",
    "OrganizationKind",
    "OrganizationName",
    "Ranking",
    "Role",
    "Status",
]
