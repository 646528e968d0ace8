"""The badge a member embeds on its own website: SVG, or PNG drawn with Pillow.

The text comes from the live status, so a badge never claims more than the page does:
a member shows "Solidaire Gemeente sinds 2023" and its realised commitments; a member
whose commitments are still to be confirmed says so; a suspended member's badge says
the membership is suspended; anyone else gets the network's neutral badge, inviting
the municipality to join.
"""

import io
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

from solidair.municipalities.models import Municipality
from solidair.opendata.selectors import MapStatus

WIDTH, HEIGHT = 300, 64
COLOURS = {  # background, text; each pair well above 4.5:1
    MapStatus.MEMBER: ("#005a50", "#ffffff"),
    MapStatus.TO_CONFIRM: ("#005a50", "#ffffff"),
    MapStatus.SUSPENDED: ("#5c5c5c", "#ffffff"),
    MapStatus.NONE: ("#ffffff", "#005a50"),
}


@dataclass(frozen=True)
class Badge:
    status: str
    title: str
    subtitle: str
    label: str  # the whole text, for alt and aria-label

    @property
    def background(self) -> str:
        return COLOURS[self.status][0]

    @property
    def foreground(self) -> str:
        return COLOURS[self.status][1]


def badge_for(municipality: Municipality) -> Badge:
    """`municipality` comes from selectors.municipalities_with_status (status, current)."""
    status, membership = municipality.status, municipality.current
    name = municipality.name
    if status in (MapStatus.MEMBER, MapStatus.TO_CONFIRM):
        kind = municipality.kind_label
        if membership.member_since:
            title = _("Solidaire %(kind)s sinds %(year)d") % {
                "kind": kind,
                "year": membership.member_since.year,
            }
        else:
            title = _("Solidaire %(kind)s") % {"kind": kind}
        if status == MapStatus.TO_CONFIRM:
            subtitle = _("%(name)s · engagementen worden bevestigd") % {"name": name}
        else:
            subtitle = ngettext(
                "%(name)s · %(realised)d van %(chosen)d engagement gerealiseerd",
                "%(name)s · %(realised)d van %(chosen)d engagementen gerealiseerd",
                membership.chosen,
            ) % {"name": name, "realised": membership.realised, "chosen": membership.chosen}
    elif status == MapStatus.SUSPENDED:
        title = _("Solidaire Gemeenten")
        subtitle = _("%(name)s · lidmaatschap geschorst") % {"name": name}
    else:
        title = _("Solidaire Gemeenten")
        subtitle = _("Word ook een solidaire gemeente")
    return Badge(status=status, title=title, subtitle=subtitle, label=f"{title}. {subtitle}")


def badge_svg(badge: Badge) -> str:
    return str(
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" '
            'role="img" aria-label="{}"><title>{}</title>'
            '<rect x="1" y="1" width="{}" height="{}" rx="8" fill="{}" stroke="#005a50" '
            'stroke-width="2"/>'
            '<g font-family="DejaVu Sans, Verdana, sans-serif" fill="{}">'
            '<text x="16" y="28" font-size="16" font-weight="bold">{}</text>'
            '<text x="16" y="50" font-size="12">{}</text></g></svg>',
            WIDTH,
            HEIGHT,
            WIDTH,
            HEIGHT,
            badge.label,
            badge.label,
            WIDTH - 2,
            HEIGHT - 2,
            badge.background,
            badge.foreground,
            badge.title,
            badge.subtitle,
        )
    )


def _fit(draw: ImageDraw.ImageDraw, text: str, size: int, width: int):
    """Pillow's bundled font at the largest size up to `size` at which `text` fits."""
    while size > 8:
        font = ImageFont.load_default(size=size)
        if draw.textlength(text, font=font) <= width:
            return font
        size -= 1
    return ImageFont.load_default(size=8)


def badge_png(badge: Badge, *, scale: int = 2) -> bytes:
    """The same badge as a PNG, drawn at `scale` times the size for sharp high-DPI screens."""
    image = Image.new("RGBA", (WIDTH * scale, HEIGHT * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (scale, scale, (WIDTH - 1) * scale, (HEIGHT - 1) * scale),
        radius=8 * scale,
        fill=badge.background,
        outline="#005a50",
        width=2 * scale,
    )
    room = (WIDTH - 32) * scale
    draw.text(
        (16 * scale, 12 * scale),
        badge.title,
        fill=badge.foreground,
        font=_fit(draw, badge.title, 16 * scale, room),
    )
    draw.text(
        (16 * scale, 38 * scale),
        badge.subtitle,
        fill=badge.foreground,
        font=_fit(draw, badge.subtitle, 12 * scale, room),
    )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
