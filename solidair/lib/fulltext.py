"""Words for full-text search, folded and stemmed the same way on every database.

One Dutch stemmer (Snowball's, through ``snowballstemmer``) runs in Python, when a text is
indexed and when a query is read. The index is a plain string of words and stems between
spaces, so SQLite and PostgreSQL compare the same strings with ``LIKE`` and give the same
answers; no database has to carry a Dutch configuration or an accent-folding extension.

- A text's *tokens* are its words (lower-case, without accents) and their stems:
  "Vluchtelingen" gives "vluchtelingen" and "vluchteel", "taalcafé" gives "taalcafe".
- The plural and possessive "'s" (buddy's, foto's, LOI's) is dropped, as is the "s" that people
  write instead (buddys, fotos, LOIs), and the "s" of a French plural in "és" (cafés):
  "buddys", "buddy's" and "buddy" are one word.
- A query's *terms* are its words without the Dutch stop words (de, het, van...); each term
  is its word and its stem. A term matches a token that starts with it, or, from
  ``INFIX_MIN`` letters on, one that contains it: "opvang" finds "kinderopvang", "gent" does
  not find "agentschap".
"""

import re
import threading
from collections.abc import Iterable
from functools import lru_cache

import snowballstemmer
from stop_words import get_stop_words

from solidair.lib.text import fold, strip_accents

# A term this long also matches inside a word (Dutch compounds); a shorter one only at its start.
INFIX_MIN = 5
# A query's words after the first MAX_TERMS are ignored.
MAX_TERMS = 10

_APOSTROPHE_S = re.compile(r"(?<=\w)['’‘`´]s\b", re.IGNORECASE)
_FRENCH_PLURAL = re.compile(r"(?<=\w)és\b", re.IGNORECASE)
_ABBREVIATION_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")  # LOIs, OCMWs
_WORD = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouy")
_STOP_WORDS = frozenset(strip_accents(word) for word in get_stop_words("dutch"))
_local = threading.local()


def _stemmer():
    # A Snowball stemmer keeps its state while it works: one per thread.
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = snowballstemmer.stemmer("dutch")
    return stemmer


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer().stemWord(word)


def _without_plural_s(word: str) -> str:
    """ "buddys", "fotos", "studios", "programmas" (for buddy's, foto's, studio's, programma's)
    without their "s": from five letters, after a "y", or an "o" or "a" that follows a
    consonant or an "i". Not "chaos", "boos", "klas" or "kermis"."""
    if len(word) < 5 or word[-1] != "s" or not word[-3].isalpha():
        return word
    if word[-2] == "y" or (word[-2] in "oa" and (word[-3] == "i" or word[-3] not in _VOWELS)):
        return word[:-1]
    return word


def _fold(text: str) -> str:
    # Twice: a compatibility form may decompose to capitals ("🄐" is "(A)"). The dotless i
    # (Turkish names) is an i: "IŞIK" finds "Işık".
    for _round in range(2):
        text = strip_accents(text).casefold()
    return text.replace("ı", "i")


def words(text: str) -> list[str]:
    """The words of a text, lower-case, without accents and without "'s"."""
    text = _ABBREVIATION_PLURAL.sub(r"\1", _APOSTROPHE_S.sub("", text))
    text = _FRENCH_PLURAL.sub("é", text)
    return _WORD.findall(_fold(text))


def tokens(text: str) -> list[str]:
    """Each word of the text, without its plural "s", and their stems, once each, in the order
    they first appear. The word as written stays too: "kompas" is not a plural of "kompa"."""
    found: dict[str, None] = {}
    for word in words(text):
        singular = _without_plural_s(word)
        found.update(dict.fromkeys((word, stem(word), singular, stem(singular))))
    return list(found)


def index_text(*parts: str) -> str:
    """The tokens of all parts as one string, each between spaces: what ``patterns`` look in."""
    found: dict[str, None] = {}
    for part in parts:
        if part:
            found.update(dict.fromkeys(tokens(part)))
    return f" {' '.join(found)} " if found else ""


@lru_cache(maxsize=8192)
def name_index(*names: str) -> str:
    """``index_text`` of names, with each name also run together ("sintniklaas")."""
    return index_text(*names, *(fold(name) for name in names if " " in name or "-" in name))


Term = tuple[str, ...]


def query_terms(query: str) -> list[Term]:
    """The terms of a query: per word, the word (without its plural "s") and its stem. Stop
    words and single letters are left out, unless the query has nothing else."""
    found = list(dict.fromkeys(words(query)))
    meaningful = [word for word in found if len(word) > 1 and word not in _STOP_WORDS]
    singulars = [_without_plural_s(word) for word in (meaningful or found)]
    return [tuple(dict.fromkeys((word, stem(word)))) for word in dict.fromkeys(singulars)][
        :MAX_TERMS
    ]


def patterns(term: Term) -> list[str]:
    """What an index string holds when the term matches one of its tokens (for ``LIKE``)."""
    return list(
        dict.fromkeys(
            alternative if len(alternative) >= INFIX_MIN else f" {alternative}"
            for alternative in term
            if alternative
        )
    )


def matches(term: Term, index: str) -> bool:
    """Whether an index string (``index_text``) has a token the term matches."""
    return any(pattern in index for pattern in patterns(term))


def matching(term: Term, indexes: Iterable[tuple[int, str]]) -> set[int]:
    """The keys of the ``(key, index string)`` pairs the term matches."""
    wanted = patterns(term)
    return {key for key, index in indexes if any(pattern in index for pattern in wanted)}
