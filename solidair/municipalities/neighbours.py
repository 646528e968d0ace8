"""Neighbours, centres and population: the reference data that lets members find help nearby
and compare themselves fairly.

The neighbours and centres are derived once from the boundaries (``manage.py build_neighbours``,
which reads ``settings.BOUNDARIES_GEOJSON``) and kept in data/ as the project's own files, so
a clone without the boundaries has them; the population is Statbel's file, kept as published.
data/README.md names the sources. Loaders take the model class, so migrations can pass theirs.
"""

import csv
import functools
import io
import json
from pathlib import Path

from solidair.lib.geometry import centroid, pairs, polygons, shared_borders

DATA_DIR = Path(__file__).resolve().parent / "data"
NEIGHBOURS_FILE = DATA_DIR / "neighbours-2025.csv"
CENTRES_FILE = DATA_DIR / "centres-2025.csv"
POPULATION_FILE = DATA_DIR / "population-2025.csv"
# Five decimals of a degree: about a metre, more than a centre needs.
DECIMALS = 5


def boundaries_read(source: str, code_property: str) -> dict[str, list]:
    """REFNIS code -> the polygons of its area, from a GeoJSON file."""
    with Path(source).open(encoding="utf-8") as handle:
        collection = json.load(handle)
    shapes = {}
    for feature in collection.get("features", []):
        code = str((feature.get("properties") or {}).get(code_property, "")).strip()
        parts = polygons(feature.get("geometry") or {})
        if code and parts:
            shapes[code] = parts
    if not shapes:
        raise ValueError(f"no feature of {source} has the property {code_property!r}")
    return shapes


def neighbours_derive(shapes: dict[str, list]) -> tuple[str, str]:
    """The two files' contents (neighbours, centres) as CSV text, derived from the shapes."""
    neighbours = io.StringIO(newline="")
    writer = csv.writer(neighbours, lineterminator="\n")
    writer.writerow(["refnis", "neighbour_refnis"])
    writer.writerows(pairs(shared_borders(shapes)))
    centres = io.StringIO(newline="")
    writer = csv.writer(centres, lineterminator="\n")
    writer.writerow(["refnis", "latitude", "longitude"])
    for code in sorted(shapes):
        latitude, longitude = centroid(shapes[code])
        writer.writerow([code, f"{latitude:.{DECIMALS}f}", f"{longitude:.{DECIMALS}f}"])
    return neighbours.getvalue(), centres.getvalue()


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def neighbour_pairs() -> frozenset[tuple[str, str]]:
    """Every (refnis, neighbour's refnis), both ways."""
    return frozenset((row["refnis"], row["neighbour_refnis"]) for row in _rows(NEIGHBOURS_FILE))


@functools.cache
def centres() -> dict[str, tuple[float, float]]:
    """REFNIS -> (latitude, longitude) of the centre of its area."""
    return {
        row["refnis"]: (float(row["latitude"]), float(row["longitude"]))
        for row in _rows(CENTRES_FILE)
    }


@functools.cache
def population() -> dict[str, int]:
    """REFNIS (2025) -> inhabitants on 1 January 2025, every Belgian municipality."""
    return {row["refnis_2025"]: int(row["population"]) for row in _rows(POPULATION_FILE)}


def load_neighbours(Municipality) -> dict[str, int]:
    """Store the population, centre and neighbours of every municipality in the files;
    returns how many of each changed. Idempotent."""
    counts = {"population": 0, "centres": 0, "neighbour pairs": 0}
    people, middle = population(), centres()
    municipalities = {m.refnis: m for m in Municipality.objects.all()}
    for refnis, municipality in municipalities.items():
        values = {"population": people.get(refnis)}
        if refnis in middle:
            values["latitude"], values["longitude"] = middle[refnis]
        changed = [key for key, value in values.items() if getattr(municipality, key) != value]
        if changed:
            # update(): reference data, not an edit a coordinator should see in the history.
            Municipality.objects.filter(pk=municipality.pk).update(**values)
            counts["population"] += "population" in changed
            counts["centres"] += "latitude" in changed or "longitude" in changed
    Through = Municipality.neighbours.through
    wanted = {
        (municipalities[a].pk, municipalities[b].pk)
        for a, b in neighbour_pairs()
        if a in municipalities and b in municipalities
    }
    stored = set(Through.objects.values_list("from_municipality_id", "to_municipality_id"))
    Through.objects.bulk_create(
        [Through(from_municipality_id=a, to_municipality_id=b) for a, b in wanted - stored]
    )
    for a, b in stored - wanted:
        Through.objects.filter(from_municipality_id=a, to_municipality_id=b).delete()
    counts["neighbour pairs"] = len(wanted ^ stored) // 2
    return counts
