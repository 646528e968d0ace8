"""Reads for the portal's pages. Callers pass a municipality that permissions.py allowed."""

from dataclasses import dataclass

from django.db.models import QuerySet

from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    ClaimChange,
    ContactPerson,
    ImprovementPlan,
    Membership,
    PlanStatus,
)
from solidair.membership.selectors import current_membership
from solidair.municipalities.models import Municipality
from solidair.portal.models import ContactInvitation


@dataclass(frozen=True)
class MunicipalityOverview:
    municipality: Municipality
    membership: Membership | None
    initiatives: QuerySet[Initiative]
    contacts: QuerySet[ContactPerson]
    pending_invitations: QuerySet[ContactInvitation]
    # The coordinators' changes waiting for the municipality's reply.
    claim_changes: QuerySet[ClaimChange]
    # Improvement plans to propose, or waiting for the coordinators' agreement.
    plans: QuerySet[ImprovementPlan]


def municipality_overview(municipality: Municipality) -> MunicipalityOverview:
    """Everything the network knows of one municipality, public or not."""
    return MunicipalityOverview(
        municipality=municipality,
        membership=current_membership(municipality),
        initiatives=municipality.initiatives.order_by("-published", "-is_highlighted", "title"),
        contacts=municipality.contacts.order_by("name", "email"),
        pending_invitations=municipality.contact_invitations.pending().order_by("created_at"),
        claim_changes=ClaimChange.objects.waiting()
        .filter(membership__municipality=municipality)
        .order_by("reply_due", "pk"),
        plans=ImprovementPlan.objects.filter(
            membership__municipality=municipality,
            status__in=(PlanStatus.ASKED, PlanStatus.PROPOSED, PlanStatus.AGREED),
        ).order_by("propose_by", "pk"),
    )


def partner_organisations(user) -> list:
    """The partner organisations whose staff list holds ``user``'s address (they sign in to
    register for learning meetings)."""
    from solidair.network.models import PartnerOrganisation

    email = (getattr(user, "email", "") or "").strip()
    if not (user.is_authenticated and email):
        return []
    return list(
        PartnerOrganisation.objects.filter(staff__email__iexact=email).distinct().order_by("name")
    )
