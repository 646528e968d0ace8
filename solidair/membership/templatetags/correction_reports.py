"""'Klopt dit niet?' on the pages: the decided reports of a municipality, and the open ones for its
contacts. Tags, so that a shared page holds one include line and its view stays as it is.

The portal's callers pass a municipality that solidair/portal/permissions.py allowed.
"""

from django import template

from solidair.membership.selectors import reports_for_reply, reports_open_count, reports_public

register = template.Library()


@register.simple_tag
def correction_reports_public(municipality) -> dict:
    """The decided reports the municipality's page shows, and how many wait for a decision."""
    return {
        "decided": list(reports_public(municipality)),
        "open_count": reports_open_count(municipality),
    }


@register.simple_tag
def correction_reports_to_reply(municipality) -> list:
    """The reports on the municipality not decided yet, for its contacts in the portal."""
    return list(reports_for_reply(municipality))
