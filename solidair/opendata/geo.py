"""Municipal boundaries for the map: read once, simplified once, per process.

The boundaries file is reference data that the project does not ship: its path or
http(s) URL is the setting ``BOUNDARIES_GEOJSON`` and the feature property that
holds the REFNIS code is ``BOUNDARIES_CODE_PROPERTY``. Nothing is read at import
time; a URL is fetched (with a timeout) the first time the map needs it. When
the file is missing or unreadable the map says so and the page falls back to
its table: ``boundaries()`` then returns ``None``.

Simplification is a plain Douglas–Peucker per ring plus rounding to five
decimals (about a metre), so no GDAL is needed.
"""

import json
import logging
import threading
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path

from django.conf import settings

from solidair.opendata import selectors

logger = logging.getLogger(__name__)

# Degrees; about 40 m in Flanders. Small enough that neighbours still meet at
# the map's zoom levels, large enough to keep all of Flanders under budget.
TOLERANCE = 0.0004
DECIMALS = 5
URL_TIMEOUT_SECONDS = 10

Point = Sequence[float]
Ring = list[list[float]]


def _perpendicular_distance_sq(point: Point, start: Point, end: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = point, start, end
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return (x - x1) ** 2 + (y - y1) ** 2
    # Distance to the segment (not the infinite line), so closed rings work.
    t = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
    px, py = x1 + t * dx, y1 + t * dy
    return (x - px) ** 2 + (y - py) ** 2


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """The points of a line that keep it within `tolerance` of the original.

    Iterative (an explicit stack), so long rings cannot hit the recursion limit.
    """
    if len(points) < 3:
        return list(points)
    tolerance_sq = tolerance * tolerance
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        farthest, farthest_sq = 0, -1.0
        for index in range(first + 1, last):
            distance_sq = _perpendicular_distance_sq(points[index], points[first], points[last])
            if distance_sq > farthest_sq:
                farthest, farthest_sq = index, distance_sq
        if farthest_sq > tolerance_sq:
            keep[farthest] = True
            stack.append((first, farthest))
            stack.append((farthest, last))
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def simplify_ring(ring: Sequence[Point], tolerance: float = TOLERANCE) -> Ring | None:
    """A closed ring, simplified and rounded; None when nothing of it would remain."""
    if len(ring) < 4:
        return None
    # Split the closed ring at its farthest point from the start, so that
    # Douglas–Peucker never starts from a degenerate segment (start == end).
    start = ring[0]
    far = max(
        range(len(ring)), key=lambda i: (ring[i][0] - start[0]) ** 2 + (ring[i][1] - start[1]) ** 2
    )
    kept = douglas_peucker(ring[: far + 1], tolerance)[:-1] + douglas_peucker(ring[far:], tolerance)
    rounded: Ring = []
    for x, y, *_ in kept:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not rounded or rounded[-1] != point:
            rounded.append(point)
    if len(rounded) < 4:
        return None
    if rounded[0] != rounded[-1]:
        rounded.append(rounded[0])
    return rounded


def simplify_geometry(geometry: dict, tolerance: float = TOLERANCE) -> dict | None:
    """A Polygon or MultiPolygon, simplified; always a MultiPolygon, or None if empty."""
    if geometry.get("type") == "Polygon":
        polygons = [geometry["coordinates"]]
    elif geometry.get("type") == "MultiPolygon":
        polygons = geometry["coordinates"]
    else:
        return None
    simplified = []
    for polygon in polygons:
        outer = simplify_ring(polygon[0], tolerance) if polygon else None
        if outer is None:
            continue  # a sliver too small to draw at this tolerance
        holes = [hole for hole in (simplify_ring(r, tolerance) for r in polygon[1:]) if hole]
        simplified.append([outer, *holes])
    if not simplified:
        # Never lose a municipality: keep its largest polygon's outer ring unsimplified.
        largest = max(polygons, key=lambda polygon: len(polygon[0]) if polygon else 0)
        if not largest or len(largest[0]) < 4:
            return None
        simplified = [[[[round(x, DECIMALS), round(y, DECIMALS)] for x, y, *_ in largest[0]]]]
    return {"type": "MultiPolygon", "coordinates": simplified}


def _read(source: str) -> dict:
    if source.startswith(("http://", "https://")):
        with urllib.request.urlopen(source, timeout=URL_TIMEOUT_SECONDS) as response:  # noqa: S310 -- http(s) only, checked above
            return json.load(response)
    with Path(source).open(encoding="utf-8") as handle:
        return json.load(handle)


def _load(source: str, code_property: str) -> dict[str, dict]:
    collection = _read(source)
    shapes: dict[str, dict] = {}
    for feature in collection.get("features", []):
        code = str((feature.get("properties") or {}).get(code_property, "")).strip()
        geometry = simplify_geometry(feature.get("geometry") or {})
        if code and geometry:
            shapes[code] = geometry
    if not shapes:
        raise ValueError(f"no feature has the property {code_property!r}")
    return shapes


# (source, code property) -> shapes, or the time of a failed attempt. A failure is retried
# after RETRY_SECONDS, so an unreachable URL neither stops the map for good nor makes every
# request wait for its timeout.
_cache: dict[tuple[str, str], dict[str, dict] | float] = {}
_lock = threading.Lock()
RETRY_SECONDS = 300


def boundaries() -> dict[str, dict] | None:
    """REFNIS code -> simplified MultiPolygon, or None when no boundaries are available."""
    source = settings.BOUNDARIES_GEOJSON
    if not source:
        return None
    key = (source, settings.BOUNDARIES_CODE_PROPERTY)
    # One thread reads and simplifies; the others wait for its result.
    with _lock:
        cached = _cache.get(key)
        if isinstance(cached, dict):
            return cached
        if cached is not None and time.monotonic() - cached < RETRY_SECONDS:
            return None
        try:
            _cache[key] = _load(*key)
        except (OSError, ValueError) as error:
            logger.warning("Boundaries %s could not be read: %s", source, error)
            _cache[key] = time.monotonic()
            return None
        return _cache[key]


def boundaries_clear() -> None:
    """Forget what was read (tests, or after replacing the file)."""
    with _lock:
        _cache.clear()


def municipality_features() -> dict | None:
    """The map's GeoJSON: one feature per Flemish municipality with its status and campaign
    class; None when no boundaries are available. Municipalities missing from the file are
    left out of the map (the page's table still lists them)."""
    shapes = boundaries()
    if shapes is None:
        return None
    campaign = selectors.campaign_counts()
    features = []
    for municipality in selectors.municipalities_with_status():
        geometry = shapes.get(municipality.refnis)
        if geometry is None:
            continue
        residents = campaign.get(municipality.pk, selectors.EMPTY_CAMPAIGN)["residents"]
        features.append(
            {
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "refnis": municipality.refnis,
                    "name": municipality.name,  # shown on the map: the reader's language
                    "name_nl": municipality.name_nl,
                    "name_fr": municipality.name_fr,
                    "slug": municipality.slug,
                    "url": municipality.get_absolute_url(),
                    "status": municipality.status,
                    "residents": residents,
                    "activity": selectors.campaign_class(residents),
                },
            }
        )
    return {"type": "FeatureCollection", "features": features}
