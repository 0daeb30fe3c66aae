from .alliance import Alliance, AllianceKind, AllianceName, ReportedSize, size_order
from .announcement import Announcement, AnnouncementKind, LinkState
from .base import NameKind, Status
from .country import Country
from .dataset import DatasetChange, RowChange, Withdrawal
from .edge import KeyVersion, PendingPurge
from .former_slug import RENAMEABLE, FormerSlug
from .founding_claim import FoundingClaim
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
    "DatasetChange",
    "EndReason",
    "LinkState",
    "ListCompleteness",
    "FormerSlug",
    "FoundingClaim",
    "KeyVersion",
    "MemberType",
    "Membership",
    "MembershipSource",
    "NameKind",
    "Organization",
    "OrganizationKind",
    "OrganizationName",
    "RENAMEABLE",
    "PendingPurge",
    "Ranking",
    "ReportedSize",
    "size_order",
    "SourceIntake",
    "Role",
    "RowChange",
    "Stance",
    "Status",
    "Withdrawal",
]
