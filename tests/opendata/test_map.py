"""The map: /kaart/ (page and table) and /kaart/gemeenten.geojson (simplified boundaries)."""

import gzip
import http.server
import json
import threading
from pathlib import Path

import pytest

from solidair.membership.models import MembershipStatus
from solidair.municipalities.models import Municipality
from solidair.opendata import geo
from solidair.operations import compression
from tests.factories import MembershipFactory, make_member, municipality

GEOJSON = "/kaart/gemeenten.geojson"
MAP = "/kaart/"
SIZE_BUDGET = 400 * 1024  # gzipped, all of Flanders


@pytest.fixture
def fresh_boundaries():
    geo.boundaries_clear()
    yield
    geo.boundaries_clear()


def features(client) -> dict[str, dict]:
    response = client.get(GEOJSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return {f["properties"]["refnis"]: f for f in response.json()["features"]}


# Simplification


def test_a_straight_line_keeps_its_ends():
    line = [(0.0, 0.0), (1.0, 0.00001), (2.0, 0.0), (3.0, 0.0)]
    assert geo.douglas_peucker(line, 0.001) == [(0.0, 0.0), (3.0, 0.0)]


def test_a_corner_is_kept():
    line = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0)]
    assert geo.douglas_peucker(line, 0.001) == line


def test_a_simplified_ring_stays_closed_and_rounded():
    ring = [[4.0 + i * 0.0001, 51.0] for i in range(100)]
    ring += [[4.01, 51.0 + i * 0.0001] for i in range(100)]
    ring += [[4.0, 51.01], [4.0, 51.0]]
    simplified = geo.simplify_ring(ring)
    assert simplified[0] == simplified[-1]
    assert 4 <= len(simplified) <= 6
    assert all(len(str(x).split(".")[1]) <= 5 for x, _ in simplified)


def test_a_tiny_island_does_not_remove_the_municipality():
    tiny = [[4.0, 51.0], [4.00001, 51.0], [4.00001, 51.00001], [4.0, 51.0]]
    geometry = geo.simplify_geometry({"type": "Polygon", "coordinates": [tiny]})
    assert geometry["type"] == "MultiPolygon"
    assert geometry["coordinates"][0][0][0] == [4.0, 51.0]


# The GeoJSON


@pytest.mark.django_db
def test_it_has_one_feature_per_flemish_municipality(client, needs_boundaries):
    served = features(client)

    assert len(served) == 285
    assert set(served) == set(Municipality.objects.flemish().values_list("refnis", flat=True))
    assert "21004" not in served  # Brussels is in the file, not on the map


@pytest.mark.django_db
def test_each_feature_says_who_it_is_and_where_its_page_is(client, needs_boundaries):
    gent = features(client)["44021"]

    assert gent["geometry"]["type"] == "MultiPolygon"
    assert gent["properties"] == {
        "refnis": "44021",
        "name": "Gent",
        "name_nl": "Gent",
        "name_fr": "Gand",
        "slug": "gent",
        "url": "/gemeenten/gent/",
        "status": "none",
        "residents": 0,
        "activity": 0,
    }


@pytest.mark.django_db
def test_it_tells_every_status_apart(client, needs_boundaries):
    make_member("Gent")
    legacy = make_member("Brugge", ())
    legacy.member_since = None
    legacy.commitments_to_confirm = True
    legacy.save()
    MembershipFactory(municipality=municipality("Leuven"), status=MembershipStatus.SUSPENDED)
    MembershipFactory(municipality=municipality("Genk"), status=MembershipStatus.APPLIED)
    MembershipFactory(municipality=municipality("Hasselt"), status=MembershipStatus.LEFT)

    served = features(client)

    status = {refnis: feature["properties"]["status"] for refnis, feature in served.items()}
    assert status["44021"] == "member"
    assert status["31005"] == "to_confirm"
    assert status["24062"] == "suspended"
    assert status["71016"] == "none"  # applied, not yet a member
    assert status["71072"] == "none"  # left
    assert sorted(status.values()).count("none") == 282


@pytest.mark.django_db
def test_a_status_change_shows_at_once(client, needs_boundaries):
    membership = make_member("Gent")
    assert features(client)["44021"]["properties"]["status"] == "member"

    membership.status = MembershipStatus.SUSPENDED
    membership.save()

    assert features(client)["44021"]["properties"]["status"] == "suspended"


@pytest.mark.django_db
def test_it_counts_the_residents_who_wrote_in_classes(client, needs_boundaries, campaign):
    served = features(client)

    # Gent: 2 letters sent, 1 collective initiator, 2 confirmed co-signatures.
    assert served["44021"]["properties"]["residents"] == 5
    assert served["44021"]["properties"]["activity"] == 2  # 5 to 19
    assert served["24062"]["properties"]["residents"] == 1  # Leuven
    assert served["24062"]["properties"]["activity"] == 1
    assert served["71072"]["properties"]["residents"] == 0  # Hasselt: composed, not sent


@pytest.mark.django_db
def test_it_stays_within_its_size_budget(client, needs_boundaries, network, campaign):
    body = client.get(GEOJSON).content
    sent = client.get(GEOJSON, headers={"accept-encoding": "gzip"})

    assert len(gzip.compress(body)) <= SIZE_BUDGET
    assert sent["Content-Encoding"] == "gzip"
    assert len(sent.content) <= SIZE_BUDGET
    assert gzip.decompress(sent.content) == body


@pytest.mark.django_db
def test_the_geometry_is_simplified_once_per_process(
    client, needs_boundaries, fresh_boundaries, monkeypatch
):
    loads = []
    load = geo._load
    monkeypatch.setattr(geo, "_load", lambda *args: loads.append(args) or load(*args))
    client.get(GEOJSON)
    make_member("Gent")  # a new content version: the page cache is bypassed
    client.get(GEOJSON)

    assert len(loads) == 1


@pytest.mark.django_db
def test_without_boundaries_the_page_shows_its_table(client, settings):
    settings.BOUNDARIES_GEOJSON = "/nonexistent/boundaries.geojson"
    make_member("Gent")

    page = client.get(MAP).content.decode()

    assert "De kaart is op dit moment niet beschikbaar" in page
    assert 'id="map"' not in page
    assert page.count('<th scope="row">') == 285
    assert client.get(GEOJSON).status_code == 404


@pytest.mark.django_db
def test_without_a_setting_there_is_no_map_either(client, settings):
    settings.BOUNDARIES_GEOJSON = ""

    assert "niet beschikbaar" in client.get(MAP).content.decode()
    assert client.get(GEOJSON).status_code == 404


class _Handler(http.server.SimpleHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):
        _Handler.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.mark.django_db
def test_it_reads_the_boundaries_from_a_url_when_first_needed(
    client, settings, needs_boundaries, fresh_boundaries
):
    folder = Path(needs_boundaries).parent
    _Handler.requests = []
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), lambda *a: _Handler(*a, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/{Path(needs_boundaries).name}"
        settings.BOUNDARIES_GEOJSON = url
        assert _Handler.requests == []  # a setting is not a download

        assert len(features(client)) == 285
        make_member("Gent")
        assert features(client)["44021"]["properties"]["status"] == "member"
        assert len(_Handler.requests) == 1  # read once, then cached
    finally:
        server.shutdown()


@pytest.mark.django_db
def test_an_unreachable_url_gives_the_table_and_is_retried_later(
    client, settings, fresh_boundaries, monkeypatch
):
    settings.BOUNDARIES_GEOJSON = "http://127.0.0.1:9/boundaries.geojson"

    assert "niet beschikbaar" in client.get(MAP).content.decode()
    assert geo.boundaries() is None  # not asked again at once
    monkeypatch.setattr(geo, "RETRY_SECONDS", 0)
    monkeypatch.setattr(geo, "_load", lambda *args: {"44021": {"type": "MultiPolygon"}})
    assert geo.boundaries() == {"44021": {"type": "MultiPolygon"}}


# The page and its table


@pytest.mark.django_db
def test_the_table_gives_every_status_in_words(client, network):
    page = client.get(MAP).content.decode()

    assert page.count('<th scope="row">') == 285
    assert "Lidmaatschap geschorst" in page  # Leuven
    assert "Lid, engagementen nog te bevestigen" in page  # Brugge
    assert '<a href="/gemeenten/leuven/">Leuven</a>' in page


@pytest.mark.django_db
def test_the_table_filters_by_province(client, network):
    page = client.get(MAP, {"provincie": "limburg"}).content.decode()

    assert '<a href="/gemeenten/genk/">Genk</a>' in page
    assert "/gemeenten/gent/" not in page
    in_limburg = Municipality.objects.filter(province__slug="limburg").count()
    assert in_limburg == 38
    assert page.count('<th scope="row">') == in_limburg
    assert "38 gemeenten" in page


@pytest.mark.django_db
def test_an_unknown_province_filter_shows_everything(client):
    page = client.get(MAP, {"provincie": "atlantis"}).content.decode()

    assert page.count('<th scope="row">') == 285


@pytest.mark.django_db
def test_the_map_has_a_text_alternative_and_its_legend(client, network, needs_boundaries):
    page = client.get(MAP).content.decode()

    assert 'aria-describedby="map-alt"' in page
    assert "Kaart van Vlaanderen met 285 gemeenten" in page
    assert "Lidmaatschap geschorst (1)" in page
    assert 'src="/static/vendor/leaflet/leaflet.js"' in page
    assert 'src="/static/js/map.js"' in page
    labels = json.loads(page.split('id="map-labels" type="application/json">')[1].split("<")[0])
    assert labels["statuses"]["suspended"] == "lidmaatschap geschorst"
    assert labels["tiles"] == ""


@pytest.mark.django_db
def test_without_leaflet_the_page_shows_its_table(client, monkeypatch):
    # A clone where `npm ci` did not run: no node_modules/leaflet.
    from solidair.opendata import views

    monkeypatch.setattr(views, "leaflet_available", lambda: False)

    page = client.get(MAP).content.decode()

    assert "De kaart is op dit moment niet beschikbaar" in page
    assert "leaflet.js" not in page
    assert page.count('<th scope="row">') == 285


@pytest.mark.django_db
def test_it_is_compressed_once_per_etag(client, needs_boundaries, network, monkeypatch):
    compressed = []
    gzip_body = compression.gzip_body
    monkeypatch.setattr(
        compression, "gzip_body", lambda body: compressed.append(body) or gzip_body(body)
    )
    compression.compressed_bodies.clear()

    first = client.get(GEOJSON, headers={"accept-encoding": "gzip"})
    again = client.get(GEOJSON, headers={"accept-encoding": "gzip"})
    plain = client.get(GEOJSON)

    assert len(compressed) == 1
    assert first["Content-Encoding"] == again["Content-Encoding"] == "gzip"
    assert again.content == first.content
    assert again["ETag"] == first["ETag"] == plain["ETag"]
    assert gzip.decompress(again.content) == plain.content
