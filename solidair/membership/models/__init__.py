"""Membership's models, one module per topic; Django finds them through this package."""

from solidair.membership.models.checkins import (
    CheckIn,
    CheckInKind,
    has_open_checkin,
    unconfirmed_since,
)
from solidair.membership.models.corrections import CorrectionReport, CorrectionReportStatus
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
    "REALISED_FROM",
    "RUNG_CODES",
    "Activity",
    "CheckIn",
    "CheckInKind",
    "Commitment",
    "CommitmentRung",
    "CommitmentState",
    "ContactPerson",
    "CorrectionReport",
    "CorrectionReportStatus",
    "DecisionBody",
    "Membership",
    "MembershipStatus",
    "ReceptionCount",
    "ReceptionKind",
    "Rung",
    "has_open_checkin",
    "unconfirmed_since",
]
