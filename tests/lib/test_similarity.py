"""Word pairs and the Jaccard index (solidair/lib/similarity.py): copies score high whatever
their case, punctuation and spacing, and after small edits; different texts score low."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.letters.delivery.review import SIMILAR_MIN_SCORE
from solidair.lib.similarity import jaccard, shingles, similarity
from tests.lib.helpers import EDITS, GENUINE, ORIGINAL


def test_the_same_words_in_any_case_punctuation_or_spacing_are_the_same_text():
    assert similarity(ORIGINAL, EDITS["case, punctuation and spaces"]) == 1.0
    assert similarity(ORIGINAL, EDITS["accents and line breaks"]) == 1.0


def test_small_edits_stay_near_identical():
    for name, edited in EDITS.items():
        assert similarity(ORIGINAL, edited) >= SIMILAR_MIN_SCORE, name


def test_residents_own_paragraphs_on_the_same_subject_are_far_apart():
    scores = [similarity(a, b) for a, b in itertools.combinations(GENUINE, 2)]
    # A margin, not just below the line: the closest pair shares about a third of its pairs.
    assert max(scores) < SIMILAR_MIN_SCORE - 0.1


def test_empty_texts_are_like_nothing():
    assert jaccard(shingles(""), shingles("")) == 0.0
    assert similarity("", ORIGINAL) == 0.0
    assert shingles("Hove") == frozenset({("hove",)})
    assert shingles("Één, twee; DRIE!") == frozenset({("een", "twee"), ("twee", "drie")})
    # Other scripts are words too: a text in Arabic is compared like any other.
    assert shingles("مرحبا بكم في") == frozenset({("مرحبا", "بكم"), ("بكم", "في")})


# Texts of distinct words (a copied campaign text repeats few word pairs).
WORDS = st.lists(
    st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9), min_size=13, max_size=80,
    unique=True,
)  # fmt: skip


@settings(max_examples=200)
@given(words=WORDS, data=st.data())
def test_one_word_in_six_changed_is_still_near_identical(words, data):
    """Replacing, adding or removing up to one word in six keeps at least half of the word
    pairs: each edit changes at most two pairs on each side."""
    edited = list(words)
    for _ in range((len(words) - 1) // 6):
        position = data.draw(st.integers(0, len(edited) - 1))
        match data.draw(st.sampled_from(["replace", "insert", "delete"])):
            case "replace":
                edited[position] = f"nieuw{position}x"
            case "insert":
                edited.insert(position, f"extra{position}x")
            case "delete":
                del edited[position]
    assert similarity(" ".join(words), " ".join(edited)) >= SIMILAR_MIN_SCORE


@settings(max_examples=100)
@given(words=WORDS, separators=st.lists(st.sampled_from([" ", ",  ", ".\n", "! ", " - "])))
def test_spacing_punctuation_and_case_never_matter(words, separators):
    glue = itertools.cycle(separators or [" "])
    changed = "".join(
        (word.upper() if i % 3 == 0 else word) + next(glue) for i, word in enumerate(words)
    )
    assert similarity(" ".join(words), changed) == 1.0
