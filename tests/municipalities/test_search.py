import pytest

from solidair.municipalities.search import search_municipalities

pytestmark = pytest.mark.django_db


def names(outcome):
    return [match.municipality.name_nl for match in outcome.matches]


def test_it_finds_a_municipality_by_postal_code():
    assert names(search_municipalities("9820")) == ["Merelbeke-Melle"]


@pytest.mark.parametrize(
    "query",
    ["Puurs-Sint-Amands", "puurs sint amands", "PUURS-SINT-AMANDS", "  Puurs  Sint Amands "],
)
def test_it_ignores_case_hyphens_and_spaces(query):
    assert names(search_municipalities(query)) == ["Puurs-Sint-Amands"]


def test_it_ignores_accents():
    assert names(search_municipalities("Sint-Genesius-Rode")) == ["Sint-Genesius-Rode"]
    assert names(search_municipalities("Rhode-Saint-Genese")) == ["Sint-Genesius-Rode"]


def test_it_finds_a_former_name_and_says_through_which():
    outcome = search_municipalities("Merelbeke")
    assert names(outcome) == ["Merelbeke-Melle"]
    assert outcome.single.via_former.name == "Merelbeke"


@pytest.mark.parametrize(
    ("query", "expected"),
    [("Merelbeek", "Merelbeke-Melle"), ("Sint Amands", "Puurs-Sint-Amands")],
)
def test_it_finds_near_miss_spellings(query, expected):
    assert names(search_municipalities(query)) == [expected]


def test_a_merged_municipality_that_kept_its_name_is_a_plain_match():
    outcome = search_municipalities("Tielt")
    assert names(outcome) == ["Tielt"]
    assert outcome.single.via_former is None


def test_several_matches_give_a_choice():
    outcome = search_municipalities("Heist")
    assert names(outcome) == ["Heist-op-den-Berg", "Knokke-Heist"]
    assert outcome.single is None


def test_no_match_says_so_and_offers_closest_names():
    outcome = search_municipalities("Antwerpen-Noord")
    assert outcome.matches == []
    assert "Antwerpen-Noord" in outcome.error
    assert outcome.suggestions[0].name_nl == "Antwerpen"
    assert all(m.is_flemish for m in outcome.suggestions)


def test_nothing_like_a_municipality_has_no_suggestions():
    outcome = search_municipalities("qqqqxxxx")
    assert outcome.matches == []
    assert outcome.suggestions == []
    assert outcome.error


def test_a_brussels_postal_code_is_outside_flanders():
    outcome = search_municipalities("1000")
    assert names(outcome) == ["Brussel"]
    assert outcome.other_matches and not outcome.flemish_matches


def test_a_walloon_name_is_found_in_french():
    outcome = search_municipalities("Namur")
    assert names(outcome) == ["Namen"]
    assert not outcome.single.municipality.is_flemish


@pytest.mark.parametrize("query", ["", "   ", "---"])
def test_an_empty_query_asks_for_a_name(query):
    assert search_municipalities(query).error


def test_a_postal_code_needs_four_digits():
    outcome = search_municipalities("982")
    assert "vier cijfers" in outcome.error


def test_an_unknown_postal_code_says_so():
    outcome = search_municipalities("9999")
    assert "9999" in outcome.error
