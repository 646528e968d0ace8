"""Two small server-rendered SVG charts: horizontal bars (one or more series) and a step line.

Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>`` referenced by
``aria-labelledby``; the page puts the same numbers in a table beside it, so the chart
is never the only way to read them. Colours come with a pattern for the second
series, and every bar carries its number as text.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

# Dark enough for 3:1 against white (WCAG 1.4.11) and told apart by pattern, not colour alone.
SERIES_COLOURS = ("#005a50", "#7a3e00", "#3d3d99")
FONT = 'font-family="system-ui, sans-serif" font-size="13"'

_ids = count(1)


@dataclass(frozen=True)
class Series:
    label: str
    values: Sequence[int]


def _header(width: int, height: int, title: str, desc: str) -> tuple[str, str]:
    uid = f"chart{next(_ids)}"
    opening = format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        'viewBox="0 0 {} {}" width="100%" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<defs><pattern id="{}-hatch" width="6" height="6" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>',
        width,
        height,
        uid,
        uid,
        uid,
        title,
        uid,
        desc,
        uid,
        SERIES_COLOURS[1],
    )
    return opening, uid


def _fill(index: int, uid: str) -> str:
    return f"url(#{uid}-hatch)" if index == 1 else SERIES_COLOURS[index % len(SERIES_COLOURS)]


def bar_chart(
    *, title: str, desc: str, categories: Sequence[str], series: Sequence[Series]
) -> SafeString:
    """Horizontal bars, one group per category, one bar per series, with the value as text."""
    # Room for the longest category label (about 7 units a character at this font size).
    longest = max((len(str(category)) for category in categories), default=0)
    label_width = min(320, max(120, 7 * longest + 16))
    bar_height, gap, width = 16, 10, 640
    plot_width = width - label_width - 60
    legend_height = 24 if len(series) > 1 else 0
    group_height = bar_height * len(series) + gap
    height = legend_height + group_height * max(len(categories), 1) + 10
    top = max((max(s.values, default=0) for s in series), default=0) or 1
    opening, uid = _header(width, height, title, desc)
    parts = [opening]
    if len(series) > 1:
        x = label_width
        for index, item in enumerate(series):
            parts.append(
                format_html(
                    '<rect x="{}" y="4" width="14" height="14" fill="{}" stroke="#1b1b1b"/>'
                    '<text x="{}" y="16" {}>{}</text>',
                    x,
                    _fill(index, uid),
                    x + 20,
                    mark_safe(FONT),  # noqa: S308 -- a constant
                    item.label,
                )
            )
            x += 30 + 8 * len(item.label)
    for row, category in enumerate(categories):
        y = legend_height + row * group_height
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" {}>{}</text>',
                label_width - 8,
                y + bar_height * len(series) / 2 + 5,
                mark_safe(FONT),  # noqa: S308 -- a constant
                category,
            )
        )
        for index, item in enumerate(series):
            value = item.values[row]
            bar = round(plot_width * value / top)
            bar_y = y + index * bar_height
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}"/>'
                    '<text x="{}" y="{}" {}>{}</text>',
                    label_width,
                    bar_y,
                    bar,
                    bar_height - 2,
                    _fill(index, uid),
                    SERIES_COLOURS[index % len(SERIES_COLOURS)],
                    label_width + bar + 6,
                    bar_y + bar_height - 4,
                    mark_safe(FONT),  # noqa: S308 -- a constant
                    value,
                )
            )
    parts.append("</svg>")
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 -- every part escaped


def step_chart(
    *, title: str, desc: str, points: Sequence[tuple[str, int]], y_label: str
) -> SafeString:
    """A step line over labelled points (e.g. members at the end of each year)."""
    width, height = 640, 280
    left, right, top_margin, bottom = 50, 20, 34, 40
    plot_w, plot_h = width - left - right, height - top_margin - bottom
    top = max((value for _, value in points), default=0) or 1
    opening, _uid = _header(width, height, title, desc)
    parts = [opening]
    # Axes and a few grid lines with their values.
    for tick in sorted({0, top // 2, top}):
        y = top_margin + plot_h - plot_h * tick / top
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#c9d6d3"/>'
                '<text x="{}" y="{}" text-anchor="end" {}>{}</text>',
                left,
                y,
                left + plot_w,
                y,
                left - 6,
                y + 4,
                mark_safe(FONT),  # noqa: S308 -- a constant
                tick,
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" {}>{}</text>',
            left,
            12,
            mark_safe(FONT),  # noqa: S308 -- a constant
            y_label,
        )
    )
    if points:
        step = plot_w / len(points)
        path = []
        for index, (label, value) in enumerate(points):
            x0, x1 = left + index * step, left + (index + 1) * step
            y = top_margin + plot_h - plot_h * value / top
            path.append(f"{'M' if index == 0 else 'L'}{x0:.1f},{y:.1f} L{x1:.1f},{y:.1f}")
            parts.append(
                format_html(
                    '<circle cx="{}" cy="{}" r="3" fill="{}"/>'
                    '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>'
                    '<text x="{}" y="{}" text-anchor="middle" {}>{}</text>',
                    f"{(x0 + x1) / 2:.1f}",
                    f"{y:.1f}",
                    SERIES_COLOURS[0],
                    f"{(x0 + x1) / 2:.1f}",
                    f"{y - 6:.1f}",
                    mark_safe(FONT),  # noqa: S308 -- a constant
                    value,
                    f"{(x0 + x1) / 2:.1f}",
                    height - bottom + 18,
                    mark_safe(FONT),  # noqa: S308 -- a constant
                    label,
                )
            )
        parts.insert(
            1,
            format_html(
                '<path d="{}" fill="none" stroke="{}" stroke-width="3"/>',
                " ".join(path),
                SERIES_COLOURS[0],
            ),
        )
    parts.append("</svg>")
    return mark_safe("".join(str(part) for part in parts))  # noqa: S308 -- every part escaped
