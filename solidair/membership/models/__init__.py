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
from solidair.membership.models.plans import (
    OPEN_PLAN_STATUSES,
    ImprovementPlan,
    PlanReason,
    PlanStatus,
)
from solidair.membership.models.receptions import MAX_PLACES, ReceptionCount, ReceptionKind
from solidair.membership.models.replies import (
    REPLY_DAYS,
    ChangeKind,
    ChangeStatus,
    ClaimChange,
    Stance,
)

__all__ = [
    "MAX_PLACES",
    "MIN_COMMITMENTS",
    "OPEN_PLAN_STATUSES",
    "PUBLIC_OUTCOMES",
    "REALISED_FROM",
    "REPLY_DAYS",
    "RUNG_CODES",
    "Activity",
    "ChangeKind",
    "ChangeStatus",
    "CheckIn",
    "CheckInKind",
    "ClaimChange",
    "ClaimKind",
    "Commitment",
    "CommitmentRung",
    "CommitmentState",
    "ContactPerson",
    "CorrectionReport",
    "CorrectionReportStatus",
    "DecisionBody",
    "ImprovementPlan",
    "Membership",
    "MembershipStatus",
    "Outcome",
    "PlanReason",
    "PlanStatus",
    "ReceptionCount",
    "ReceptionKind",
    "ReplyPosition",
    "Rung",
    "Stance",
    "has_open_checkin",
    "unconfirmed_since",
]
