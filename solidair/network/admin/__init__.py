"""The network's back-office, one module per topic; importing them registers them."""

from solidair.network.admin import (
    brochures,
    introductions,
    meetings,
    partners,
    recommendations,
)

__all__ = ["brochures", "introductions", "meetings", "partners", "recommendations"]
