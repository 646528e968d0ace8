"""The brochure and recommendations block of a meeting page, kept out of the meeting view."""

from django import template

from solidair.network.recommendations import meeting_recommendations

register = template.Library()


@register.inclusion_tag("network/includes/meeting_outputs.html")
def meeting_outputs(meeting):
    return {
        "meeting": meeting,
        "brochures": list(meeting.brochures.order_by("-version")),
        "recommendations": list(meeting_recommendations(meeting)),
    }
