"""Membership's models, one module per topic; Django finds them through this package."""

from solidair.membership.models.checkins import (
    CheckIn,
    CheckInKind,
    has_open_checkin,
    unconfirmed_since,
)
from solidair.membership.models.corrections import (
    PUBLIC_OUTCOMES,
    ClaimKind,
    CorrectionReport,
    CorrectionReportStatus,
    Outcome,
    ReplyPosition,
)
from solidair.membership.models.memberships import (
    ACTIVE_COMMITMENT_STATUSES,
    MIN_COMMITMENTS,
    Activity,
    Commitment,
    CommitmentStatus,
    ContactPerson,
    DecisionBody,
    Membership,
    MembershipStatus,
)
from solidair.membership.models.receptions import MAX_PLACES, ReceptionCount, ReceptionKind

__all__ = [
    "ACTIVE_COMMITMENT_STATUSES",
    "MAX_PLACES",
    "MIN_COMMITMENTS",
    "PUBLIC_OUTCOMES",
    "Activity",
    "CheckIn",
    "CheckInKind",
    "ClaimKind",
    "Commitment",
    "CommitmentStatus",
    "ContactPerson",
    "CorrectionReport",
    "CorrectionReportStatus",
    "DecisionBody",
    "Membership",
    "MembershipStatus",
    "Outcome",
    "ReceptionCount",
    "ReceptionKind",
    "ReplyPosition",
    "has_open_checkin",
    "unconfirmed_since",
]
