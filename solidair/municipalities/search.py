"""'Is mijn gemeente solidair?': find a municipality by any name a resident knows.

A query is a postal code ("2100", "B-2100"), a name, or both as people write them
("2100 Deurne", "Deurne 2100", "2100-Deurne"). The names are those of the municipalities (Dutch
and French, all of Belgium), of the former municipalities of the 2025 mergers and of the Flemish
localities (deelgemeenten, districts, villages with their own postal name). They are compared
folded (lower case, without accents, spaces, hyphens or apostrophes, "St" read as "Sint" or
"Saint"), so "sint-job-in-t goor" finds Sint-Job-in-'t-Goor.

The search gives an answer only when it is certain: one municipality for an exact name or a
postal code, and for a postal code with a name, one municipality that both belong to. Otherwise
it offers the candidates: every municipality an exact name belongs to ("Deurne": Antwerpen and
Diest), or the places whose names are like the query (a typo, part of a name). A similar name is
never taken as the answer: "Deurne" must not become Veurne.

The names live in an index built once per process (some 1,500 folded names and 1,150 postal
codes, in about a tenth of a second), not one query per name. It is built again when the
reference data changes: the reference models' saves and deletes and `load_reference_data` call
search_index_invalidate(), which drops the index's version from the shared cache, so every
process sees it.
"""

import itertools
import re
import threading
import uuid
from dataclasses import dataclass, field

from django.core.cache import cache
from django.utils.translation import gettext as _
from rapidfuzz import fuzz, process

from solidair.lib.text import fold, words
from solidair.municipalities.models import (
    FormerMunicipality,
    Locality,
    Municipality,
    PostalCode,
)

MAX_QUERY_LENGTH = 100
POSTAL_CODE_LENGTH = 4
# A query this long may be part of a name ("Heist" of Heist-op-den-Berg and Heist-aan-Zee).
MIN_PART_LENGTH = 3
# Likeness (rapidfuzz's ratio, 0-100) from which a name is offered: one wrong letter in a
# four-letter name ("Zele", "Zeel") is 75.
SIMILAR_CUTOFF = 70
MAX_SIMILAR = 10
# "St-Truiden", "St. Niklaas", "Ste-Ode": abbreviations read as the words they stand for.
SAINT_WORDS = {"st": ("sint", "saint"), "ste": ("sinte", "sainte")}
MAX_VARIANTS = 8
INDEX_VERSION_KEY = "municipalities:search-index-version"

# A postal code, with or without "B-" in front, anywhere in the query; the name is the rest.
_QUERY = re.compile(
    r"(?P<before>.*?)(?:(?:^|(?<=[\s,(]))b\s*-?\s*)?(?P<code>\d+)(?P<after>.*)",
    re.IGNORECASE,
)
_SEPARATORS = " ,;:-–—()/"

# How a name leads to its municipality, best first: a municipality found by its own name is
# shown without a word of explanation; otherwise the list says through which name.
RANK_MUNICIPALITY, RANK_FORMER, RANK_LOCALITY = 0, 1, 2


@dataclass(frozen=True)
class Match:
    municipality: Municipality
    # The former municipality (before the 2025 mergers) whose name was typed.
    via_former: FormerMunicipality | None = None
    # The locality whose name (or postal code) was typed, with its postal codes in this
    # municipality (Kallo: 9120 and 9130).
    via_locality: Locality | None = None
    locality_codes: tuple[str, ...] = ()
    # The postal code that was typed.
    via_postal_code: str = ""

    @property
    def url(self) -> str:
        """The municipality's page; with ``?van=`` it says how the name leads there."""
        url = self.municipality.get_absolute_url()
        via = self.via_former or self.via_locality
        return f"{url}?van={via.slug}" if via else url


@dataclass(frozen=True)
class PlaceIndex:
    names: dict[str, tuple[Match, ...]]
    postal_codes: dict[str, tuple[Match, ...]]
    keys: tuple[str, ...]

    @property
    def locality_count(self) -> int:
        return len({m.via_locality.pk for ms in self.names.values() for m in ms if m.via_locality})

    def exact(self, name: str) -> tuple[Match, ...]:
        """The places whose folded name is exactly the query's (in any reading of "St")."""
        found: dict[int, Match] = {}
        for variant in name_variants(name):
            for match in self.names.get(variant, ()):
                found.setdefault(match.municipality.pk, match)
        return tuple(found.values())

    def similar(self, name: str) -> tuple[Match, ...]:
        """The places whose names are like the query, most alike first (never an answer)."""
        scores: dict[str, float] = {}
        for variant in name_variants(name):
            for key, score, _position in process.extract(
                variant, self.keys, scorer=fuzz.ratio, score_cutoff=SIMILAR_CUTOFF, limit=None
            ):
                scores[key] = max(scores.get(key, 0), score)
            if len(variant) >= MIN_PART_LENGTH:
                for key in self.keys:
                    # The beginning or a part of a name ("Heist" of Heist-op-den-Berg) is
                    # likely what was meant: ranked above any likeness. A name with more
                    # around it ("Antwerpen-Noord") counts as much as it covers of the query,
                    # so that "Beek" does not come before "Merelbeke" for "Merelbeek".
                    if key.startswith(variant):
                        part = 101 + len(variant) / len(key)
                    elif variant in key:
                        part = 100 + len(variant) / len(key)
                    elif len(key) > MIN_PART_LENGTH and key in variant:
                        part = 100 * len(key) / len(variant)
                    else:
                        continue
                    scores[key] = max(scores.get(key, 0), part)
        found: dict[int, Match] = {}
        for key in sorted(scores, key=lambda k: (-scores[k], k)):
            for match in self.names[key]:
                found.setdefault(match.municipality.pk, match)
            if len(found) >= MAX_SIMILAR:
                break
        return tuple(found.values())[:MAX_SIMILAR]


def name_variants(name: str) -> list[str]:
    """The folded forms of a name: one, or a few when it holds "St" or "Ste"."""
    options = [SAINT_WORDS.get(word, (word,)) for word in words(name)]
    combinations = itertools.islice(itertools.product(*options), MAX_VARIANTS)
    return [variant for variant in dict.fromkeys("".join(c) for c in combinations) if variant]


def _build_index() -> PlaceIndex:
    municipalities = {m.pk: m for m in Municipality.objects.select_related("province")}
    ranked: dict[str, dict[int, tuple[int, Match]]] = {}

    def add(name: str, rank: int, match: Match) -> None:
        key = fold(name)
        if not key:
            return
        per_municipality = ranked.setdefault(key, {})
        known = per_municipality.get(match.municipality.pk)
        if known is None or rank < known[0]:
            per_municipality[match.municipality.pk] = (rank, match)

    for municipality in municipalities.values():
        add(municipality.name_nl, RANK_MUNICIPALITY, Match(municipality))
        add(municipality.name_fr, RANK_MUNICIPALITY, Match(municipality))
    for former in FormerMunicipality.objects.all():
        merged_into = municipalities[former.merged_into_id]
        add(former.name, RANK_FORMER, Match(merged_into, via_former=former))

    # A name with several postal codes in one municipality is one place to the resident.
    localities: dict[tuple[int, str], list[Locality]] = {}
    for locality in Locality.objects.order_by("postal_code"):
        localities.setdefault((locality.municipality_id, locality.name_nl), []).append(locality)
    by_code: dict[tuple[str, int], list[Locality]] = {}
    for (municipality_pk, _name), same_name in localities.items():
        match = Match(
            municipalities[municipality_pk],
            via_locality=same_name[0],
            locality_codes=tuple(dict.fromkeys(loc.postal_code for loc in same_name)),
        )
        add(same_name[0].name_nl, RANK_LOCALITY, match)
        add(same_name[0].name_fr, RANK_LOCALITY, match)
        for locality in same_name:
            by_code.setdefault((locality.postal_code, municipality_pk), []).append(locality)

    postal_codes: dict[str, list[Match]] = {}
    for code, municipality_pk in PostalCode.objects.values_list("code", "municipality_id"):
        municipality = municipalities[municipality_pk]
        # A postal code of one locality with a name of its own (2100: Deurne) says so.
        named = [
            loc
            for loc in by_code.get((code, municipality_pk), [])
            if fold(loc.name_nl) not in (fold(municipality.name_nl), fold(municipality.name_fr))
        ]
        only = named[0] if len(named) == 1 and len(by_code[(code, municipality_pk)]) == 1 else None
        postal_codes.setdefault(code, []).append(
            Match(
                municipality,
                via_locality=only,
                locality_codes=(code,) if only else (),
                via_postal_code=code,
            )
        )

    def ordered(matches) -> tuple[Match, ...]:
        return tuple(sorted(matches, key=lambda rm: (rm[0], fold(rm[1].municipality.name_nl))))

    names = {
        key: tuple(match for _rank, match in ordered(per.values())) for key, per in ranked.items()
    }
    return PlaceIndex(
        names=names,
        postal_codes={
            code: tuple(sorted(matches, key=lambda m: fold(m.municipality.name_nl)))
            for code, matches in postal_codes.items()
        },
        keys=tuple(names),
    )


_lock = threading.Lock()
_built: tuple[str, PlaceIndex] | None = None


def _index_version() -> str:
    version = cache.get(INDEX_VERSION_KEY)
    if version is None:
        cache.add(INDEX_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(INDEX_VERSION_KEY)
    return version or ""


def place_index() -> PlaceIndex:
    """This process's index of names and postal codes, built again after a change."""
    global _built
    version = _index_version()
    built = _built
    if built is not None and version and built[0] == version:
        return built[1]
    with _lock:
        if _built is not None and version and _built[0] == version:
            return _built[1]
        index = _build_index()
        _built = (version, index)
        return index


def search_index_invalidate(**_kwargs) -> None:
    """Every process builds its index again (a receiver of the reference models' signals)."""
    cache.delete(INDEX_VERSION_KEY)


@dataclass
class SearchOutcome:
    query: str
    # Places whose name or postal code is exactly what was typed.
    matches: list[Match] = field(default_factory=list)
    # Places whose names are only like what was typed: offered, never the answer.
    similar: list[Match] = field(default_factory=list)
    # Whether the one match is the answer (a redirect).
    certain: bool = False
    # Nothing found, or the query cannot be read.
    error: str = ""
    # Why there is a choice to make.
    notice: str = ""
    postal_code: str = ""

    @property
    def answer(self) -> Match | None:
        return self.matches[0] if self.certain and len(self.matches) == 1 else None

    @property
    def candidates(self) -> list[Match]:
        seen = {match.municipality.pk for match in self.matches}
        return self.matches + [m for m in self.similar if m.municipality.pk not in seen]

    @property
    def flemish_candidates(self) -> list[Match]:
        return [m for m in self.candidates if m.municipality.is_flemish]

    @property
    def other_candidates(self) -> list[Match]:
        return [m for m in self.candidates if not m.municipality.is_flemish]

    @property
    def flemish_matches(self) -> list[Match]:
        return [m for m in self.matches if m.municipality.is_flemish]

    @property
    def other_matches(self) -> list[Match]:
        return [m for m in self.matches if not m.municipality.is_flemish]

    @property
    def suggestions(self) -> list[Municipality]:
        return [m.municipality for m in self.similar]


def parse_query(query: str) -> tuple[str, str]:
    """The postal code (digits as typed, "" if none) and the name in a query."""
    parsed = _QUERY.fullmatch(query)
    if parsed is None:
        return "", query
    before = parsed["before"].strip(_SEPARATORS)
    after = parsed["after"].strip(_SEPARATORS)
    return parsed["code"], " ".join(part for part in (before, after) if part)


def _merged(*groups: tuple[Match, ...]) -> list[Match]:
    found: dict[int, Match] = {}
    for group in groups:
        for match in group:
            found.setdefault(match.municipality.pk, match)
    return list(found.values())


def search_municipalities(query: str) -> SearchOutcome:
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    outcome = SearchOutcome(query=query)
    code, name = parse_query(query)
    folded = fold(name)
    if not code and not folded:
        outcome.error = _(
            "Vul de naam of de postcode van je gemeente, deelgemeente of district in."
        )
        return outcome

    index = place_index()
    by_code: tuple[Match, ...] = ()
    if code:
        outcome.postal_code = code
        if len(code) != POSTAL_CODE_LENGTH or not code.isascii():
            outcome.error = _("Een Belgische postcode heeft vier cijfers, bijvoorbeeld 9820.")
        else:
            by_code = index.postal_codes.get(code, ())
            if not by_code:
                outcome.error = _("Er is geen gemeente met postcode %(code)s.") % {"code": code}
    by_name = index.exact(name) if folded else ()

    if not folded:
        outcome.matches = list(by_code)
        outcome.certain = len(by_code) == 1
        if len(by_code) > 1:
            outcome.notice = _("Postcode %(code)s hoort bij meer dan één gemeente.") % {
                "code": code
            }
        return outcome

    if by_code and by_name:
        code_municipalities = {match.municipality.pk for match in by_code}
        agree = [m for m in by_name if m.municipality.pk in code_municipalities]
        if agree:
            outcome.matches = agree
            outcome.certain = len(agree) == 1
            if not outcome.certain:
                outcome.notice = _("Er is meer dan één plaats met de naam “%(name)s”.") % {
                    "name": name
                }
            return outcome
        outcome.notice = _(
            "Postcode %(code)s en “%(name)s” horen niet bij dezelfde gemeente. Welke bedoel je?"
        ) % {"code": code, "name": name}

    outcome.matches = _merged(by_code, by_name)
    outcome.certain = not code and len(by_name) == 1
    if not by_name:
        outcome.similar = list(index.similar(name))
        if not outcome.error:
            outcome.error = _("We vonden geen plaats met de naam “%(name)s”.") % {"name": name}
    elif len(by_name) > 1 and not outcome.notice:
        outcome.notice = _("Er is meer dan één plaats met de naam “%(name)s”.") % {"name": name}
    return outcome
