"""Reads for the public pages that count across apps."""

from solidair.initiatives.models import Initiative
from solidair.membership.models import Commitment, Membership


def network_counts() -> dict[str, int]:
    active = Membership.objects.active()
    return {
        "members": active.count(),
        "initiatives": Initiative.objects.published().count(),
        "commitments": Commitment.objects.active().filter(membership__in=active).count(),
    }
