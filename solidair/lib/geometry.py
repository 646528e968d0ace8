"""Plane and sphere geometry for the municipalities' neighbours and distances.

Pure Python on purpose: the project needs three facts from the boundaries, once, when the
reference data is rebuilt (which municipalities share a border, each one's centre, the distance
between two centres), and no geometry library (shapely/GEOS) is a dependency. The boundaries
share their vertices exactly where two municipalities meet (they are cut from the same
statistical sectors), so two municipalities are neighbours when a segment of one's boundary is
also a segment of the other's: a real border, not a single corner point.
"""

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)

Point = Sequence[float]
Ring = Sequence[Point]
Polygon = Sequence[Ring]  # the outer ring, then its holes
MultiPolygon = Sequence[Polygon]


def polygons(geometry: Mapping) -> MultiPolygon:
    """A GeoJSON Polygon or MultiPolygon as a list of polygons; anything else as none."""
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return geometry["coordinates"]
    return []


def _ring_area_and_moment(ring: Ring, x_scale: float) -> tuple[float, float, float]:
    """Signed area and first moments of a ring (shoelace), x scaled by ``x_scale``."""
    area = cx = cy = 0.0
    for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring):
        x1, x2 = x1 * x_scale, x2 * x_scale
        cross = x1 * y2 - x2 * y1
        area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    return area / 2, cx / 6, cy / 6


def centroid(multipolygon: MultiPolygon) -> tuple[float, float]:
    """The centre of mass of an area in longitude/latitude degrees, as (lat, lon).

    Longitudes are shrunk by the cosine of the mean latitude first, so that a degree east
    weighs what it measures on the ground (Flanders is small enough for one factor). Holes
    count against their polygon; exclaves count with their area (Baarle-Hertog's 26 pieces).
    """
    latitudes = [point[1] for polygon in multipolygon for point in polygon[0]]
    if not latitudes:
        raise ValueError("an empty geometry has no centroid")
    x_scale = math.cos(math.radians(sum(latitudes) / len(latitudes)))
    total = mx = my = 0.0
    for polygon in multipolygon:
        for index, ring in enumerate(polygon):
            area, cx, cy = _ring_area_and_moment(ring, x_scale)
            # The outer ring counts positively and holes negatively, whatever their winding.
            sign = 1 if (index == 0) == (area >= 0) else -1
            total += sign * area
            mx += sign * cx
            my += sign * cy
    if total == 0:
        raise ValueError("a geometry without area has no centroid")
    return my / total, mx / total / x_scale


def shared_borders(shapes: Mapping[str, MultiPolygon]) -> dict[str, set[str]]:
    """Key -> the keys whose boundary shares at least one segment with its own."""
    owners: dict[frozenset, set[str]] = defaultdict(set)
    for key, multipolygon in shapes.items():
        for polygon in multipolygon:
            for ring in polygon:
                for (x1, y1, *_), (x2, y2, *_) in itertools.pairwise(ring):
                    if (x1, y1) != (x2, y2):
                        owners[frozenset(((x1, y1), (x2, y2)))].add(key)
    neighbours: dict[str, set[str]] = {key: set() for key in shapes}
    for keys in owners.values():
        for key in keys:
            neighbours[key] |= keys - {key}
    return neighbours


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points (haversine)."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def pairs(neighbours: Mapping[str, Iterable[str]]) -> list[tuple[str, str]]:
    """Every neighbour relation once per direction, sorted."""
    return sorted((key, other) for key, others in neighbours.items() for other in others)
