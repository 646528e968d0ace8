"""Neighbours, centres and population: the project's own reference data, over every
municipality."""

import itertools
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from solidair.lib.geometry import centroid, distance_km, shared_borders
from solidair.municipalities.models import Municipality
from solidair.municipalities.neighbours import (
    CENTRES_FILE,
    NEIGHBOURS_FILE,
    boundaries_read,
    centres,
    load_neighbours,
    neighbour_pairs,
    neighbours_derive,
    population,
)

pytestmark = pytest.mark.django_db

# Voeren shares its borders with Wallonia and the Netherlands only, which the boundaries file
# (Flanders and Brussels) does not hold: it has no neighbour here, and "nearest" falls back to
# the distance. Baarle-Hertog's enclaves lie in the Netherlands, but its main part (Zondereigen)
# borders four Flemish municipalities; Mesen borders Heuvelland.
WITHOUT_NEIGHBOURS = {"73109"}


def test_the_neighbour_relation_is_symmetric_and_never_reflexive():
    pairs = neighbour_pairs()
    assert pairs
    for a, b in pairs:
        assert (b, a) in pairs
        assert a != b


def test_every_flemish_municipality_but_voeren_has_a_neighbour():
    flemish = set(Municipality.objects.flemish().values_list("refnis", flat=True))
    assert len(flemish) == 285
    with_neighbours = {a for a, _ in neighbour_pairs()}
    assert flemish - with_neighbours == WITHOUT_NEIGHBOURS


def test_the_database_holds_the_files():
    aalst = Municipality.objects.get(refnis="41002")
    assert {m.name_nl for m in aalst.neighbours.all()} == {
        "Affligem", "Asse", "Denderleeuw", "Dendermonde", "Erpe-Mere", "Haaltert", "Lebbeke",
        "Lede", "Opwijk",
    }  # fmt: skip
    stored = set(
        Municipality.neighbours.through.objects.values_list(
            "from_municipality__refnis", "to_municipality__refnis"
        )
    )
    assert stored == neighbour_pairs()
    for refnis, (lat, lon) in centres().items():
        m = Municipality.objects.get(refnis=refnis)
        assert (m.latitude, m.longitude) == (lat, lon)


def test_every_centre_lies_in_belgium_or_near_it_and_distances_are_symmetric_and_positive():
    # Baarle-Hertog's centre may fall in the Netherlands: its 26 pieces are spread out there.
    points = centres()
    assert len(points) == 304
    for lat, lon in points.values():
        assert 50.6 < lat < 51.6 and 2.5 < lon < 5.95
    flemish = Municipality.objects.flemish().order_by("refnis")
    for a, b in itertools.combinations(flemish, 2):
        assert a.distance_km(b) == b.distance_km(a) > 0
    # As the crow flies from Antwerpen to Gent's centre: about 50 km.
    antwerpen, gent = (
        Municipality.objects.get(refnis="11002"),
        Municipality.objects.get(refnis="44021"),
    )
    assert 45 < antwerpen.distance_km(gent) < 55


def test_neighbours_are_near():
    points = centres()
    for a, b in neighbour_pairs():
        assert distance_km(points[a], points[b]) < 30, (a, b)


def test_every_flemish_municipality_has_a_population_and_flanders_adds_up():
    people = population()
    assert len(people) == 565
    flemish = Municipality.objects.flemish()
    assert not flemish.filter(population__isnull=True).exists()
    assert not flemish.filter(population=0).exists()
    assert sum(flemish.values_list("population", flat=True)) == 6_864_766
    assert Municipality.objects.get(refnis="11002").population == 562_002


def test_loading_again_changes_nothing_and_puts_back_what_changed():
    aalst = Municipality.objects.get(refnis="41002")
    aalst.neighbours.remove(Municipality.objects.get(refnis="23002"))
    Municipality.objects.filter(pk=aalst.pk).update(population=1, latitude=None)
    counts = load_neighbours(Municipality)
    assert counts == {"population": 1, "centres": 1, "neighbour pairs": 1}
    aalst.refresh_from_db()
    assert aalst.population > 80_000 and aalst.latitude
    assert load_neighbours(Municipality) == {"population": 0, "centres": 0, "neighbour pairs": 0}


def test_the_geometry_of_two_squares():
    left = [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]]
    right = [[[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]]]
    corner = [[[[2, 1], [3, 1], [3, 2], [2, 2], [2, 1]]]]
    assert shared_borders({"l": left, "r": right, "c": corner}) == {
        "l": {"r"}, "r": {"l"}, "c": set(),  # a corner is not a border
    }  # fmt: skip
    lat, lon = centroid(left)
    assert lat == pytest.approx(0.5) and lon == pytest.approx(0.5)
    # A hole on one side moves the centre away from it.
    holed = [[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[0, 0], [0, 2], [2, 2], [2, 0], [0, 0]]]]
    assert centroid(holed)[1] > 2


@pytest.mark.skipif(
    not settings.BOUNDARIES_GEOJSON or not Path(settings.BOUNDARIES_GEOJSON).is_file(),
    reason="the boundaries file is not here",
)
def test_the_committed_files_are_what_the_boundaries_give():
    shapes = boundaries_read(settings.BOUNDARIES_GEOJSON, settings.BOUNDARIES_CODE_PROPERTY)
    neighbours, middle = neighbours_derive(shapes)
    assert neighbours == NEIGHBOURS_FILE.read_text(encoding="utf-8")
    assert middle == CENTRES_FILE.read_text(encoding="utf-8")
    call_command("build_neighbours", "--check")


def test_the_command_needs_a_file(tmp_path):
    with pytest.raises(CommandError, match="No boundaries file"):
        call_command("build_neighbours", "")
    with pytest.raises(CommandError):
        call_command("build_neighbours", str(tmp_path / "missing.geojson"))


def test_the_back_office_shows_population_and_neighbours(coordinator_client):
    aalst = Municipality.objects.get(refnis="41002")
    page = coordinator_client.get(f"/beheer/municipalities/municipality/{aalst.pk}/change/")
    text = page.content.decode()
    assert "92131" in text.replace(".", "").replace("\u202f", "").replace(" ", "")
    assert "Affligem, Asse, Denderleeuw" in text
