from django import template

from solidair.municipalities.models import Municipality
from solidair.web.languages import reverse_with_language
from solidair.web.links import absolute_url

register = template.Library()


@register.inclusion_tag("opendata/embed_code.html")
def badge_embed(municipality: Municipality) -> dict:
    """The badge's embed code: absolute addresses, since it goes on another website. The badge
    and the page are in the language of the page that shows the code (?lang=, /fr/)."""
    svg = reverse_with_language("opendata:badge_svg", slug=municipality.slug)
    return {
        "municipality": municipality,
        "badge_preview": svg,
        "badge_svg": absolute_url(svg),
        "badge_png": absolute_url(
            reverse_with_language("opendata:badge_png", slug=municipality.slug)
        ),
        "page_url": absolute_url(municipality),
    }
