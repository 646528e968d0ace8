"""The badge a member embeds on its own website: SVG, or PNG drawn with Pillow.

The text comes from the live status, so a badge never claims more than the page does:
a member shows "Solidaire Gemeente sinds 2023", how many of its commitments run, and a small
ladder per commitment (one step filled per rung reached, as on its page); a member
whose commitments are still to be confirmed says so; a suspended member's badge says
the membership is suspended; anyone else gets the network's neutral badge, inviting
the municipality to join.
"""

import io
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageDraw, ImageFont

from solidair.membership.models import Rung
from solidair.municipalities.models import Municipality
from solidair.opendata.selectors import MapStatus

WIDTH, HEIGHT = 300, 64
LADDER_HEIGHT = 18  # the row of small ladders under the text, when there are commitments
STEP, STEP_GAP, LADDER_GAP = 4, 1, 6
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
    # The rung each commitment reached (the active ones, in the network's order).
    ladders: tuple[int, ...] = ()

    @property
    def height(self) -> int:
        return HEIGHT + (LADDER_HEIGHT if self.ladders else 0)

    def steps(self):
        """(x, y, height, filled) of every step of the ladders, in badge units: rising bars,
        one per rung, filled up to the rung reached."""
        width = len(Rung) * (STEP + STEP_GAP) + LADDER_GAP
        bottom = HEIGHT + LADDER_HEIGHT - 8
        for index, reached in enumerate(self.ladders):
            for rung in Rung:
                x = 16 + index * width + (rung - 1) * (STEP + STEP_GAP)
                height = 3 + 3 * rung
                yield x, bottom - height, height, rung <= reached

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
    ladders: tuple[int, ...] = ()
    details = ""
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
                "%(name)s · %(realised)d van %(chosen)d engagement loopt",
                "%(name)s · %(realised)d van %(chosen)d engagementen lopen",
                membership.chosen,
            ) % {"name": name, "realised": membership.realised, "chosen": membership.chosen}
            commitments = list(membership.commitments.active().select_related("activity"))
            ladders = tuple(commitment.rung for commitment in commitments)
            details = " ".join(
                _("%(title)s: %(rung)s.")
                % {"title": commitment.display_title, "rung": commitment.get_rung_display()}
                for commitment in commitments
            )
    elif status == MapStatus.SUSPENDED:
        title = _("Solidaire Gemeenten")
        subtitle = _("%(name)s · lidmaatschap geschorst") % {"name": name}
    else:
        title = _("Solidaire Gemeenten")
        subtitle = _("Word ook een solidaire gemeente")
    label = f"{title}. {subtitle}" + (f". {details}" if details else "")
    return Badge(status=status, title=title, subtitle=subtitle, label=label, ladders=ladders)


def badge_svg(badge: Badge) -> str:
    steps = format_html_join(
        "",
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" stroke-width="1"/>',
        (
            (x, y, STEP, height, badge.foreground if filled else "none", badge.foreground)
            for x, y, height, filled in badge.steps()
        ),
    )
    return str(
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="0 0 {} {}" '
            'role="img" aria-label="{}"><title>{}</title>'
            '<rect x="1" y="1" width="{}" height="{}" rx="8" fill="{}" stroke="#005a50" '
            'stroke-width="2"/>'
            '<g font-family="DejaVu Sans, Verdana, sans-serif" fill="{}">'
            '<text x="16" y="28" font-size="16" font-weight="bold">{}</text>'
            '<text x="16" y="50" font-size="12">{}</text></g>{}</svg>',
            WIDTH,
            badge.height,
            WIDTH,
            badge.height,
            badge.label,
            badge.label,
            WIDTH - 2,
            badge.height - 2,
            badge.background,
            badge.foreground,
            badge.title,
            badge.subtitle,
            steps,
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
    image = Image.new("RGBA", (WIDTH * scale, badge.height * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        (scale, scale, (WIDTH - 1) * scale, (badge.height - 1) * scale),
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
    for x, y, height, filled in badge.steps():
        draw.rectangle(
            (x * scale, y * scale, (x + STEP) * scale, (y + height) * scale),
            fill=badge.foreground if filled else None,
            outline=badge.foreground,
            width=scale,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
