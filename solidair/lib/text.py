"""Small text helpers shared by search, slugs and the importer."""

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def strip_accents(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(value: str) -> str:
    """Lower-case, accent-free, and without spaces, hyphens or punctuation.

    "Puurs-Sint-Amands", "puurs sint amands" and "PUURS-SINT-AMANDS" all fold
    to "puurssintamands", which is how names are compared in search.
    """
    return _NON_ALNUM.sub("", strip_accents(value).lower())


def words(value: str) -> list[str]:
    """Accent-free, lower-case words of a text, for full-text matching."""
    return [w for w in _NON_ALNUM.split(strip_accents(value).lower()) if w]


# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Text for a CSV cell that a spreadsheet shows as text, never runs as a formula (a
    quote in front of what could start one; OWASP's advice for CSV injection)."""
    return "'" + text if text[:1] in FORMULA_STARTS else text
