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
    MIN_COMMITMENTS,
    REALISED_FROM,
    RUNG_CODES,
    Activity,
    Commitment,
    CommitmentRung,
    CommitmentState,
    ContactPerson,
    DecisionBody,
    Membership,
    MembershipStatus,
    Rung,
)
from solidair.membership.models.receptions import MAX_PLACES, ReceptionCount, ReceptionKind

__all__ = [
    "MAX_PLACES",
    "MIN_COMMITMENTS",
    "PUBLIC_OUTCOMES",
    "REALISED_FROM",
    "RUNG_CODES",
    "Activity",
    "CheckIn",
    "CheckInKind",
    "ClaimKind",
    "Commitment",
    "CommitmentRung",
    "CommitmentState",
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
    "Rung",
    "has_open_checkin",
    "unconfirmed_since",
]
