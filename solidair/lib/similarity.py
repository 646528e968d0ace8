"""How alike two texts are when one is a copy of the other, give or take a few words.

Each text becomes the set of its word pairs ("shingles" of two consecutive words, after
``words``: lower case, no accents, punctuation or extra spaces), and two texts are compared
by the Jaccard index of their sets: shared pairs over all pairs. Changing, adding or removing
one word changes at most two pairs on each side, so a text in which one word in six was
changed still scores 0.5 or more, while two different texts on the same subject share only
their common turns of phrase (a fixed expression, a name). The order of sentences hardly
matters; the order of words within them does.

Hand-written rather than a library's: it is a few lines, gives a score with a
plain meaning (the share of word pairs in common) that a threshold can be explained with, and
needs no index, since it compares one text with a bounded number of others. An edit distance
(e.g. rapidfuzz's ratio) would count two swapped sentences as a large change; MinHash
(datasketch) estimates this same index for millions of documents, at the cost of numpy and an
index that this scale does not need.
"""

import re
import unicodedata

# Word pairs: with single words, two texts on the same subject share most of their vocabulary;
# with longer runs, one changed word in a short text breaks most of them.
SHINGLE_WORDS = 2
# After NFKD, accents are these combining marks; removing them folds "é" to "e".
_MARKS = re.compile(r"[\u0300-\u036f]")
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text`` in lower case, without accents or punctuation, in any script
    (solidair.lib.text.words keeps only a-z and 0-9, which suits names, not residents' texts).
    Regular expressions and C-level string methods only: it runs over hundreds of texts
    when a letter is confirmed."""
    return _WORD.findall(_MARKS.sub("", unicodedata.normalize("NFKD", text.casefold())))


Shingles = frozenset[tuple[str, ...]]


def shingles(text: str, size: int = SHINGLE_WORDS) -> Shingles:
    """The runs of ``size`` consecutive words of ``text``; a shorter text is one run."""
    return word_shingles(words(text), size)


def word_shingles(found: list[str], size: int = SHINGLE_WORDS) -> Shingles:
    """``shingles`` of a text already split by ``words``."""
    if len(found) <= size:
        return frozenset([tuple(found)]) if found else frozenset()
    # The shorter slices end the runs: zip stops at the last full one.
    return frozenset(zip(*(found[start:] for start in range(size)), strict=False))


def jaccard(a: Shingles, b: Shingles) -> float:
    """Shared runs over all runs: 1.0 for the same words in the same order, 0.0 for nothing in
    common (or an empty text)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def similarity(first: str, second: str) -> float:
    return jaccard(shingles(first), shingles(second))
