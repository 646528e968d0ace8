import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from solidair.municipalities.models import Locality
from solidair.municipalities.search import parse_query, search_municipalities
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def names(matches):
    return [match.municipality.name_nl for match in matches]


def answer(query):
    outcome = search_municipalities(query)
    return outcome.answer.municipality.name_nl if outcome.answer else None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2100", ("2100", "")),
        ("B-2100", ("2100", "")),
        ("b2100", ("2100", "")),
        ("2100 Deurne", ("2100", "Deurne")),
        ("Deurne 2100", ("2100", "Deurne")),
        ("2100-Deurne", ("2100", "Deurne")),
        ("Deurne (2100)", ("2100", "Deurne")),
        ("B-2100 Deurne", ("2100", "Deurne")),
        ("Deurne, B-2100", ("2100", "Deurne")),
        ("Sint-Jakob 1234", ("1234", "Sint-Jakob")),
        ("Deurne", ("", "Deurne")),
    ],
)
def test_it_reads_a_postal_code_and_a_name(query, expected):
    assert parse_query(query) == expected


def test_a_postal_code_is_the_answer():
    assert answer("9820") == "Merelbeke-Melle"


@pytest.mark.parametrize("query", ["2100", "B-2100", "b 2100", "2100 Deurne", "Deurne 2100"])
def test_a_district_by_postal_code_says_which_locality(query):
    outcome = search_municipalities(query)
    assert outcome.answer.municipality.name_nl == "Antwerpen"
    assert outcome.answer.via_locality.name_nl == "Deurne"
    assert outcome.answer.url == "/gemeenten/antwerpen/?van=deurne"


def test_a_name_of_two_places_offers_both_and_never_a_look_alike():
    outcome = search_municipalities("Deurne")
    assert outcome.answer is None
    assert names(outcome.matches) == ["Antwerpen", "Diest"]
    assert [m.locality_codes for m in outcome.matches] == [("2100",), ("3290",)]
    assert "Veurne" not in names(outcome.candidates)
    assert "meer dan één plaats" in outcome.notice


def test_the_postal_code_decides_between_places_of_the_same_name():
    assert answer("3290 Deurne") == "Diest"
    assert answer("2100 Deurne") == "Antwerpen"


def test_a_postal_code_and_a_name_that_disagree_offer_both():
    outcome = search_municipalities("9820 Deurne")
    assert outcome.answer is None
    assert names(outcome.matches) == ["Merelbeke-Melle", "Antwerpen", "Diest"]
    assert "niet bij dezelfde gemeente" in outcome.notice


def test_a_postal_code_with_a_misspelt_name_is_offered_not_answered():
    outcome = search_municipalities("2100 Deurn")
    assert outcome.answer is None
    assert names(outcome.candidates)[:2] == ["Antwerpen", "Diest"]


def test_an_unknown_postal_code_with_a_known_name_is_not_an_answer():
    outcome = search_municipalities("9999 Antwerpen")
    assert outcome.answer is None
    assert names(outcome.matches) == ["Antwerpen"]
    assert "9999" in outcome.error


@pytest.mark.parametrize(
    "query",
    ["Puurs-Sint-Amands", "puurs sint amands", "PUURS-SINT-AMANDS", "  Puurs  Sint Amands "],
)
def test_it_ignores_case_hyphens_and_spaces(query):
    assert answer(query) == "Puurs-Sint-Amands"


def test_it_ignores_accents():
    assert answer("Sint-Genesius-Rode") == "Sint-Genesius-Rode"
    assert answer("Rhode-Saint-Genese") == "Sint-Genesius-Rode"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("St-Truiden", "Sint-Truiden"),
        ("St. Niklaas", "Sint-Niklaas"),
        ("st truiden", "Sint-Truiden"),
        ("St-Trond", "Sint-Truiden"),
        ("Sint-Job-in-t-Goor", "Brecht"),
        ("sint job in 't goor", "Brecht"),
        ("s-Gravenwezel", "Schilde"),
    ],
)
def test_it_reads_st_and_apostrophes(query, expected):
    assert answer(query) == expected


def test_a_locality_is_the_answer_and_says_where_it_belongs():
    outcome = search_municipalities("Kallo")
    assert outcome.answer.municipality.name_nl == "Beveren-Kruibeke-Zwijndrecht"
    assert outcome.answer.locality_codes == ("9120", "9130")


def test_a_former_name_is_the_answer_and_says_through_which():
    outcome = search_municipalities("Merelbeke")
    assert outcome.answer.municipality.name_nl == "Merelbeke-Melle"
    assert outcome.answer.via_former.name == "Merelbeke"
    assert outcome.answer.url == "/gemeenten/merelbeke-melle/?van=merelbeke"


def test_a_municipality_and_a_locality_of_the_same_name_are_both_offered():
    outcome = search_municipalities("Tielt")
    assert outcome.answer is None
    assert names(outcome.matches) == ["Tielt", "Tielt-Winge"]
    assert outcome.matches[0].via_locality is None
    assert outcome.matches[1].via_locality.postal_code == "3390"


@pytest.mark.parametrize(
    ("query", "first"),
    [("Merelbeek", "Merelbeke-Melle"), ("Antwerpen-Noord", "Antwerpen"), ("Deurn", "Antwerpen")],
)
def test_a_near_miss_is_offered_first_but_never_answered(query, first):
    outcome = search_municipalities(query)
    assert outcome.answer is None
    assert outcome.matches == []
    assert names(outcome.similar)[0] == first
    assert query in outcome.error


def test_part_of_a_name_offers_every_place_with_it():
    outcome = search_municipalities("Heist")
    assert outcome.answer is None
    assert {"Heist-op-den-Berg", "Knokke-Heist"} <= set(names(outcome.similar))


def test_nothing_like_a_place_has_no_suggestions():
    outcome = search_municipalities("qqqqxxxx")
    assert outcome.candidates == []
    assert outcome.error


def test_a_brussels_postal_code_is_outside_flanders():
    outcome = search_municipalities("1000")
    assert outcome.answer.municipality.name_nl == "Brussel"
    assert outcome.other_candidates and not outcome.flemish_candidates


def test_a_walloon_name_is_found_in_french():
    outcome = search_municipalities("Namur")
    assert outcome.answer.municipality.name_nl == "Namen"
    assert not outcome.answer.municipality.is_flemish


def test_a_flemish_locality_named_like_a_brussels_municipality_is_offered_in_flanders():
    outcome = search_municipalities("Vorst")
    assert outcome.answer is None
    assert names(outcome.flemish_candidates) == ["Laakdal"]
    assert names(outcome.other_candidates) == ["Vorst"]


def test_a_postal_code_of_two_municipalities_offers_both():
    outcome = search_municipalities("1804")
    assert outcome.answer is None
    assert names(outcome.matches) == ["Vilvoorde", "Zemst"]


@pytest.mark.parametrize("query", ["", "   ", "---"])
def test_an_empty_query_asks_for_a_name(query):
    assert "Vul de naam" in search_municipalities(query).error


@pytest.mark.parametrize("query", ["982", "98200", "B-98"])
def test_a_postal_code_needs_four_digits(query):
    outcome = search_municipalities(query)
    assert "vier cijfers" in outcome.error
    assert outcome.answer is None


def test_an_unknown_postal_code_says_so():
    outcome = search_municipalities("9999")
    assert "9999" in outcome.error
    assert outcome.candidates == []


class TestIndex:
    """The index is built once per process and again when the reference data changes."""

    def test_a_new_locality_is_found_at_once(self):
        assert answer("Nergenshuizen") is None
        Locality.objects.create(
            postal_code="9820", name_nl="Nergenshuizen", slug="x", municipality=municipality("Gent")
        )
        assert answer("Nergenshuizen") == "Gent"

    def test_a_removed_locality_is_gone_and_reloading_brings_it_back(self):
        assert answer("Kallo") == "Beveren-Kruibeke-Zwijndrecht"
        Locality.objects.filter(name_nl="Kallo").delete()
        assert answer("Kallo") is None
        call_command("load_reference_data", stdout=io.StringIO())
        assert answer("Kallo") == "Beveren-Kruibeke-Zwijndrecht"

    def test_a_change_without_signals_is_seen_after_the_reload_command(self):
        Locality.objects.filter(name_nl="Kallo").update(name_nl="Kalloo")
        call_command("load_reference_data", stdout=io.StringIO())
        assert answer("Kallo") == "Beveren-Kruibeke-Zwijndrecht"
        assert answer("Kalloo") is None

    def test_a_lost_cache_rebuilds_the_index(self):
        assert answer("Kallo") == "Beveren-Kruibeke-Zwijndrecht"
        Locality.objects.filter(name_nl="Kallo").update(name_nl="Kalloo")
        cache.clear()
        assert answer("Kalloo") == "Beveren-Kruibeke-Zwijndrecht"
