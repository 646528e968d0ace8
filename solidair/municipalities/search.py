"""'Is mijn gemeente solidair?': find a municipality by name, former name or postal code.

Names are compared folded (lower case, no accents, no spaces or hyphens), so
"puurs sint amands" finds Puurs-Sint-Amands. The search tries, in order: a
postal code, an exact name, a name that contains the query, and a near-miss
spelling ("Merelbeek"). Former names (before the 2025 mergers) lead to the
municipality they merged into.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from solidair.lib.text import fold
from solidair.municipalities.models import FormerMunicipality, Municipality, PostalCode

MAX_QUERY_LENGTH = 100
MIN_CONTAINS_LENGTH = 3
NEAR_MISS_CUTOFF = 0.8
SUGGESTION_CUTOFF = 0.55
MAX_SUGGESTIONS = 5
POSTAL_CODE = re.compile(r"^\d{4}$")


@dataclass(frozen=True)
class Match:
    municipality: Municipality
    # The former municipality the query named, when it was a pre-2025 name.
    via_former: FormerMunicipality | None = None


@dataclass
class SearchOutcome:
    query: str
    matches: list[Match] = field(default_factory=list)
    suggestions: list[Municipality] = field(default_factory=list)
    error: str = ""
    by_postal_code: bool = False

    @property
    def single(self) -> Match | None:
        return self.matches[0] if len(self.matches) == 1 else None

    @property
    def flemish_matches(self) -> list[Match]:
        return [m for m in self.matches if m.municipality.is_flemish]

    @property
    def other_matches(self) -> list[Match]:
        return [m for m in self.matches if not m.municipality.is_flemish]


def _name_index() -> list[tuple[str, Match]]:
    index: list[tuple[str, Match]] = []
    for municipality in Municipality.objects.select_related("province"):
        index.append((fold(municipality.name_nl), Match(municipality)))
        if municipality.name_fr != municipality.name_nl:
            index.append((fold(municipality.name_fr), Match(municipality)))
    formers = FormerMunicipality.objects.select_related("merged_into__province")
    for former in formers:
        if not former.kept_its_name:
            index.append((fold(former.name), Match(former.merged_into, via_former=former)))
    return index


def _unique(matches: list[Match]) -> list[Match]:
    seen: dict[int, Match] = {}
    for match in matches:
        # Prefer the plain match over the one through a former name.
        known = seen.get(match.municipality.pk)
        if known is None or (known.via_former and not match.via_former):
            seen[match.municipality.pk] = match
    return sorted(seen.values(), key=lambda m: fold(m.municipality.name))


def search_municipalities(query: str) -> SearchOutcome:
    query = " ".join(query.split())[:MAX_QUERY_LENGTH]
    outcome = SearchOutcome(query=query)
    if not query:
        outcome.error = _("Vul de naam of de postcode van een gemeente in.")
        return outcome

    if query.isdigit():
        outcome.by_postal_code = True
        if not POSTAL_CODE.match(query):
            outcome.error = _("Een Belgische postcode heeft vier cijfers, bijvoorbeeld 9820.")
            return outcome
        codes = PostalCode.objects.filter(code=query).select_related("municipality__province")
        outcome.matches = _unique([Match(code.municipality) for code in codes])
        if not outcome.matches:
            outcome.error = _("Er is geen gemeente met postcode %(code)s.") % {"code": query}
        return outcome

    folded = fold(query)
    if not folded:
        outcome.error = _("Vul de naam of de postcode van een gemeente in.")
        return outcome

    index = _name_index()
    exact = [match for key, match in index if key == folded]
    if exact:
        outcome.matches = _unique(exact)
        return outcome

    if len(folded) >= MIN_CONTAINS_LENGTH:
        containing = [match for key, match in index if folded in key]
        if containing:
            outcome.matches = _unique(containing)
            return outcome

    keys = list(dict.fromkeys(key for key, _match in index))
    near = difflib.get_close_matches(folded, keys, n=MAX_SUGGESTIONS, cutoff=NEAR_MISS_CUTOFF)
    if near:
        best = near[0]
        # Only a clear winner is taken as the answer; otherwise offer the choice.
        outcome.matches = _unique([match for key, match in index if key in near])
        if len(outcome.matches) > 1:
            top = [match for key, match in index if key == best]
            ratio = difflib.SequenceMatcher(None, folded, best).ratio()
            if ratio >= 0.9:
                outcome.matches = _unique(top)
        return outcome

    # Suggestions in order of likeness, Flemish municipalities only: the
    # network is Flemish, and a Walloon look-alike is rarely what was meant.
    flemish_keys = list(dict.fromkeys(k for k, m in index if m.municipality.is_flemish))
    close = difflib.get_close_matches(
        folded, flemish_keys, n=MAX_SUGGESTIONS, cutoff=SUGGESTION_CUTOFF
    )
    suggested: dict[int, Municipality] = {}
    for key in close:
        for index_key, match in index:
            if index_key == key:
                suggested.setdefault(match.municipality.pk, match.municipality)
    outcome.suggestions = list(suggested.values())
    outcome.error = _("We vonden geen gemeente met de naam “%(query)s”.") % {"query": query}
    return outcome
