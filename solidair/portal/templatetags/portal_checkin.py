"""Check-in notices on the portal's pages. Tags, so that the portal's own views stay as they are.

Callers pass municipalities that permissions.py allowed.
"""

from django import template

from solidair.membership.models import CheckIn, MembershipStatus
from solidair.membership.receptions import reception_current

register = template.Library()


@register.inclusion_tag("portal/includes/checkin_notices.html")
def checkin_notices(municipalities):
    """The municipalities whose membership waits for an answer, for the portal's home."""
    waiting = (
        CheckIn.objects.open()
        .filter(
            membership__municipality__in=list(municipalities),
            membership__status=MembershipStatus.MEMBER,
        )
        .select_related("membership__municipality")
        .order_by("membership__municipality__name_nl")
    )
    return {"checkins": list(waiting)}


@register.inclusion_tag("portal/includes/checkin_summary.html")
def checkin_summary(municipality, membership):
    """Confirmation and reception places, on the portal's page of a municipality."""
    open_checkin = membership.checkins.open().first() if membership else None
    return {
        "municipality": municipality,
        "membership": membership,
        "open_checkin": open_checkin,
        "reception": reception_current(municipality),
    }
