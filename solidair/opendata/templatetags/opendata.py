from django import template
from django.conf import settings
from django.urls import reverse

from solidair.municipalities.models import Municipality

register = template.Library()


@register.inclusion_tag("opendata/embed_code.html")
def badge_embed(municipality: Municipality) -> dict:
    """The badge's embed code: absolute addresses, since it goes on another website."""
    return {
        "municipality": municipality,
        "badge_preview": reverse("opendata:badge_svg", kwargs={"slug": municipality.slug}),
        "badge_svg": settings.SITE_URL
        + reverse("opendata:badge_svg", kwargs={"slug": municipality.slug}),
        "badge_png": settings.SITE_URL
        + reverse("opendata:badge_png", kwargs={"slug": municipality.slug}),
        "page_url": settings.SITE_URL + municipality.get_absolute_url(),
    }
