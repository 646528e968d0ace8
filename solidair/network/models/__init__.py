"""The network's models, one module per topic; Django finds them through this package."""

from solidair.network.models.brochures import Brochure
from solidair.network.models.introductions import Introduction
from solidair.network.models.meetings import (
    AgendaItem,
    Meeting,
    Presentation,
    RegistrantKind,
    Registration,
    RegistrationStatus,
)
from solidair.network.models.partners import NetworkRole, PartnerOrganisation, PartnerStaff
from solidair.network.models.recommendations import (
    Level,
    Position,
    PositionHolder,
    Recommendation,
    RecommendationStep,
    StepStatus,
)

__all__ = [
    "AgendaItem",
    "Brochure",
    "Introduction",
    "Level",
    "Meeting",
    "NetworkRole",
    "PartnerOrganisation",
    "PartnerStaff",
    "Position",
    "PositionHolder",
    "Presentation",
    "Recommendation",
    "RecommendationStep",
    "RegistrantKind",
    "Registration",
    "RegistrationStatus",
    "StepStatus",
]
