"""solidair.lib.fulltext: the words, stems and terms of the good-practice search."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.lib.fulltext import index_text, matches, name_index, patterns, query_terms

HYPOTHESIS = settings(max_examples=300)


def finds(query: str, text: str) -> bool:
    """Whether every term of the query matches the text."""
    index = index_text(text)
    return all(matches(term, index) for term in query_terms(query))


@pytest.mark.parametrize(
    "forms",
    [
        ("buddys", "buddy's", "buddy", "Buddy’s", "BUDDY"),
        ("vluchtelingen", "vluchteling", "Vluchtelingen"),
        ("taalcafé", "taalcafe", "taalcafés", "TAALCAFÉ", "Taalcafes"),
        ("foto's", "fotos", "foto"),
        ("LOI's", "LOIs", "LOI"),
        ("studio's", "studios", "studio"),
        ("programma’s", "programmas", "programma"),
        ("kompas", "kompassen"),
        ("kermis", "kermissen"),
        ("lessen", "les"),
        ("nieuwkomers", "nieuwkomer", "nieuwkomérs"),
        ("huizen", "huis"),
    ],
)
def test_forms_of_a_word_find_each_other(forms):
    for query in forms:
        for text in forms:
            assert finds(query, f"Een tekst over {text}, en meer."), (query, text)


def test_a_term_finds_the_start_of_a_word_and_long_ones_also_inside():
    assert finds("buddy", "Het buddyproject")
    assert finds("opvang", "De kinderopvang")  # 6 letters: inside a compound too
    assert not finds("gent", "Het agentschap")  # 4 letters: only at the start of a word
    assert finds("gent", "Gentbrugge")


def test_stop_words_are_left_out_unless_there_is_nothing_else():
    assert query_terms("de opvang van het kind") == query_terms("opvang kind")
    assert query_terms("van") == [("van",)]
    assert query_terms("a") == [("a",)]
    assert query_terms("!!! ... ???") == []
    assert query_terms("") == []


def test_punctuation_and_control_characters_separate_words():
    assert query_terms("taal\x00cafe") == [("taal",), ("cafe",)]
    assert query_terms("Sint-Niklaas") == [("sint",), ("niklaas",)]


def test_a_query_has_at_most_ten_terms():
    assert len(query_terms(" ".join(f"woord{n}" for n in range(30)))) == 10


def test_names_are_also_found_written_together():
    index = name_index("Sint-Niklaas", "Saint-Nicolas")
    assert all(matches(term, index) for term in query_terms("sintniklaas"))
    assert all(matches(term, index) for term in query_terms("Saint Nicolas"))


def test_patterns_are_what_like_looks_for():
    (term,) = query_terms("buddy")
    assert patterns(term) == ["buddy"]
    (term,) = query_terms("gent")
    assert patterns(term) == [" gent"]
    # The index puts each token between spaces, so " gent" only matches at a word's start.
    assert index_text("Gent agentschap").startswith(" ") and index_text("x").endswith(" ")


# Text as people write it: letters with and without accents, digits, apostrophes, hyphens,
# punctuation, other scripts, spaces and line breaks.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("abcdefghijklmnopqrstuvwxyzéèëêïöüçàß'’-.,;:!?()/&@ \n0123456789")),
        st.characters(codec="utf-8", exclude_categories=["Cs"]),
    ),
    max_size=200,
)


@HYPOTHESIS
@given(TEXT)
def test_every_word_of_a_text_finds_it(text):
    index = index_text(text)
    for word in text.split():
        for term in query_terms(word):
            assert matches(term, index), (word, term, index)


# Letters, digits, punctuation and spaces of any script but polytonic Greek, and no lone
# combining marks: the Greek iota subscript (U+0345, alone or in "ᾀ") becomes a letter in
# upper case and goes with the accents, and no search can agree with both.
WRITTEN = st.text(
    alphabet=st.characters(
        categories=["Lu", "Ll", "Lt", "Lo", "Nd", "Po", "Pd", "Zs"],
        exclude_characters=[chr(c) for c in range(0x1F00, 0x2000)],
    ),
    max_size=200,
)


@HYPOTHESIS
@given(st.one_of(WRITTEN, TEXT.filter(lambda text: text.isascii())))
def test_case_and_accents_do_not_matter(text):
    from solidair.lib.text import strip_accents

    index = index_text(text)
    for word in text.split():
        for variant in (word.upper(), strip_accents(word)):
            for term in query_terms(variant):
                assert matches(term, index), (variant, term, index)
