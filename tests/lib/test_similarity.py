"""Word pairs and the Jaccard index (solidair/lib/similarity.py): copies score high whatever
their case, punctuation and spacing, and after small edits; different texts score low."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.letters.delivery.review import SIMILAR_MIN_SCORE
from solidair.lib.similarity import jaccard, shingles, similarity

ORIGINAL = (
    "Wij willen dat onze gemeente solidair is met mensen op de vlucht. Ik vraag het college "
    "om toe te treden tot het netwerk van Solidaire Steden en Gemeenten en dat ook te laten zien."
)
# What a resident does to a text they copy.
EDITS = {
    "case, punctuation and spaces": (
        "WIJ willen, dat onze  gemeente SOLIDAIR is met mensen op de vlucht!!! Ik vraag het "
        "college om toe te treden tot het netwerk van Solidaire Steden en Gemeenten en dat ook "
        "te laten zien"
    ),
    "accents and line breaks": ORIGINAL.replace("gemeente", "gémeente").replace(". ", ".\n\n"),
    "two typos": ORIGINAL.replace("solidair is", "solidiar is").replace("college", "colege"),
    "two words replaced": ORIGINAL.replace("onze gemeente", "onze stad").replace(
        "het college", "het bestuur"
    ),
    "three words replaced": ORIGINAL.replace("Wij willen", "Wij vragen")
    .replace("onze gemeente", "onze stad")
    .replace("het college", "het bestuur"),
    "a sentence added": ORIGINAL + " Ik woon in de Kerkstraat.",
    "a clause left out": ORIGINAL.replace(" en dat ook te laten zien", ""),
    "the sentences swapped": (
        "Ik vraag het college om toe te treden tot het netwerk van Solidaire Steden en "
        "Gemeenten en dat ook te laten zien. Wij willen dat onze gemeente solidair is met "
        "mensen op de vlucht."
    ),
}
# Residents who wrote their own paragraph: on the same subject, with the letter's turns of
# phrase ("toe te treden tot het netwerk"), yet each their own.
GENUINE = [
    "Ik woon al twintig jaar in Hove en zie hoe mensen die vluchten hier moeilijk een woning "
    "vinden. Ik vraag het college om werk te maken van betaalbare huisvesting voor erkende "
    "vluchtelingen.",
    "Als vrijwilliger bij de voetbalclub zie ik elke week hoeveel kinderen op de vlucht "
    "bijdragen aan onze ploeg. Steun de verenigingen die hen opnemen, en maak van onze gemeente "
    "een solidaire gemeente.",
    "Onze school telt veel leerlingen die pas in België aankwamen. De leerkrachten doen hun "
    "best maar hebben ondersteuning nodig. Ik vraag dat de gemeente hen daarin helpt.",
    "Mijn grootouders kwamen hier zelf als vluchteling aan. Ik ben trots op een gemeente die "
    "mensen op de vlucht een warme opvang biedt en hoop dat Hove lid wordt van het netwerk.",
    "Ik vraag het college om een lokaal opvanginitiatief te openen en de inwoners te betrekken. "
    "Samen kunnen we meer mensen op de vlucht een veilige plek geven in onze gemeente.",
    "Ik werk in het OCMW en merk dat de drempels voor nieuwkomers hoog zijn. Maak de "
    "dienstverlening toegankelijker: tolken, eenvoudige taal en een vast aanspreekpunt zouden "
    "veel helpen.",
    ORIGINAL,
    "Ik vraag het college om toe te treden tot het netwerk van solidaire gemeenten. Onze "
    "gemeente kan meer doen voor mensen op de vlucht, bijvoorbeeld door vrijwilligers te "
    "ondersteunen.",
    "Graag zou ik zien dat onze gemeente lid wordt van het netwerk van Solidaire Gemeenten en "
    "dat ze de vrijwilligers die mensen op de vlucht helpen beter ondersteunt.",
    "Ik ben voogd van een niet-begeleide minderjarige. Meer voogden en pleeggezinnen zijn "
    "nodig; de gemeente kan inwoners daartoe oproepen en hen ondersteunen.",
]


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


@settings(max_examples=200, deadline=None, database=None)
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


@settings(max_examples=100, deadline=None, database=None)
@given(words=WORDS, separators=st.lists(st.sampled_from([" ", ",  ", ".\n", "! ", " - "])))
def test_spacing_punctuation_and_case_never_matter(words, separators):
    glue = itertools.cycle(separators or [" "])
    changed = "".join(
        (word.upper() if i % 3 == 0 else word) + next(glue) for i, word in enumerate(words)
    )
    assert similarity(" ".join(words), changed) == 1.0
