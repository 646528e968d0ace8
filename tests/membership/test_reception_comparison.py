"""Reception places per 1,000 inhabitants beside the median of members alike; never a ranking."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solidair.membership.receptions import (
    SIZE_CLASSES,
    places_per_thousand,
    reception_comparison,
    reception_peer_groups,
    reception_report,
    size_class,
)
from tests.factories import make_member, municipality
from tests.helpers import html

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 27)


def count(name: str, **places) -> None:
    reception_report(
        municipality=municipality(name),
        places=places,
        counted_on=datetime.date(2026, 6, 30),
        by=None,
        today=TODAY,
    )


@pytest.fixture
def members(db):
    # Populations on 1 January 2025: Oosterzele 14,088; Destelbergen 19,088; Lede 19,425
    # (all 10,000–25,000, East Flanders); Gent 272,657; Leuven 104,866 (Flemish Brabant).
    for name in ("Oosterzele", "Destelbergen", "Lede", "Gent", "Leuven"):
        make_member(name)
    count("Oosterzele", loi_single=14)  # 1.0 per 1,000
    count("Destelbergen", loi_family=38)  # 2.0
    count("Lede", loi_single=50, minors=8)  # 3.0
    count("Gent", other=545)  # 2.0
    count("Leuven", loi_single=105)  # 1.0


def test_places_per_thousand_and_size_classes():
    assert places_per_thousand(14, 14_088) == 1.0
    assert places_per_thousand(3, None) is None
    assert [size_class(p) for p in (1_071, 9_999, 10_000, 25_000, 99_999, 100_000, 562_002)] == [
        "<10.000",
        "<10.000",
        "10.000–25.000",
        "25.000–50.000",
        "50.000–100.000",
        ">100.000",
        ">100.000",
    ]


@given(st.integers(min_value=1, max_value=1_000_000))
def test_every_population_has_exactly_one_size_class(population):
    labels = [label for _upper, label in SIZE_CLASSES]
    assert size_class(population) in labels


def test_a_member_is_compared_with_the_median_of_the_others_alike(members):
    comparison = reception_comparison(municipality("Oosterzele"))
    assert comparison.per_thousand == 1.0 and comparison.places == 14
    assert comparison.size_class == "10.000–25.000"
    # The others of East Flanders: Destelbergen 2.0, Lede 3.0, Gent 2.0.
    assert comparison.province_peers.members == 3
    assert comparison.province_peers.median_per_thousand == 2.0
    # The others of its size: Destelbergen 2.0, Lede 3.0.
    assert comparison.size_peers.members == 2
    assert comparison.size_peers.median_per_thousand == 2.5
    assert reception_comparison(municipality("Aalst")) is None  # reported nothing


def test_the_groups_sum_up_and_name_no_member(members):
    groups = {(g.kind, g.label): g for g in reception_peer_groups()}
    assert groups[("province", "Oost-Vlaanderen")].members == 4
    assert groups[("province", "Oost-Vlaanderen")].median_per_thousand == 2.0
    assert groups[("size", ">100.000")].members == 2
    assert groups[("size", ">100.000")].median_per_thousand == 1.5
    provinces = [g for g in groups.values() if g.kind == "province"]
    sizes = [g for g in groups.values() if g.kind == "size"]
    # Each reporting member is in one province and one size class.
    assert sum(g.members for g in provinces) == sum(g.members for g in sizes) == 5
    assert (
        sum(g.places for g in provinces) == sum(g.places for g in sizes) == 14 + 38 + 58 + 545 + 105
    )
    assert sum(g.population for g in sizes) == sum(
        municipality(n).population for n in ("Oosterzele", "Destelbergen", "Lede", "Gent", "Leuven")
    )


def test_the_member_page_shows_the_figure_beside_the_medians_with_the_source(members, client):
    page = html(client.get("/gemeenten/oosterzele/"))
    [section] = page.xpath("//section[@aria-labelledby='reception-title']")
    text = " ".join(section.text_content().split())
    assert "1,0 plaatsen per 1.000 inwoners" in text
    assert "mediaan 2,0 per 1.000 inwoners (3 leden meldden plaatsen)" in text
    assert "mediaan 2,5 per 1.000 inwoners (2 leden meldden plaatsen)" in text
    assert "Statbel" in text and "asielprocedure" in text


def test_the_figures_page_shows_medians_per_group_and_never_a_member(members, client):
    response = client.get("/cijfers/")
    text = " ".join(html(response).text_content().split())
    assert "Opvangplaatsen per 1.000 inwoners, per provincie en per grootte" in text
    assert "asielprocedure" in text
    csv = client.get("/cijfers/opvang-per-1000.csv").content.decode()
    assert "Oost-Vlaanderen" in csv and "10.000–25.000" in csv
    for name in ("Oosterzele", "Destelbergen", "Lede", "Leuven"):
        assert name not in csv


def test_the_open_data_has_population_and_places_per_thousand(members, client):
    rows = client.get("/api/v1/reception/").json()["items"]
    lede = [row for row in rows if row["refnis"] == municipality("Lede").refnis]
    assert {row["kind"]: row["places_per_1000"] for row in lede} == {
        "loi_single": 2.6,
        "minors": 0.4,
    }
    assert {row["population"] for row in lede} == {19_425}
    csv = client.get("/open-data/opvang.csv").content.decode()
    assert csv.splitlines()[0].endswith("population,places_per_1000")
