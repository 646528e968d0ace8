"""Properties of the good-practice search over all the legacy content and over generated
practices: every word shown on a practice or its municipality's page finds it, however it is
typed; the database answers exactly what solidair.lib.fulltext says, and ranks as it says."""

from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.initiatives.models import Initiative, InitiativeLink, SubProject
from solidair.initiatives.selectors import library
from solidair.initiatives.services import initiative_search_refresh
from solidair.lib.fulltext import index_text, matches, name_index, query_terms
from solidair.lib.richtext import rich_text_plain
from solidair.lib.text import strip_accents
from solidair.network.models import PartnerOrganisation
from tests.factories import InitiativeFactory, activity, municipality

pytestmark = pytest.mark.django_db

HYPOTHESIS = settings(max_examples=100)
# Each example searches every word three ways: fewer examples.
FEW = settings(HYPOTHESIS, max_examples=12)


class _Text(HTMLParser):
    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.feed(markup)
        self.close()

    def handle_data(self, data):
        self.parts.append(data)


def shown(initiative: Initiative) -> list[str]:
    """Everything the practice's page and its municipality's page show of it, as people read
    it (the text as the page renders it)."""
    place = initiative.municipality
    pieces = [initiative.title, initiative.summary, initiative.image_alt]
    pieces += _Text(str(initiative.safe_text)).parts
    for sub_project in initiative.sub_projects.all():
        pieces += [sub_project.title, sub_project.description]
    pieces += [link.label for link in initiative.links.all()]
    pieces += [partner.name for partner in initiative.partners.all()]
    for theme in initiative.themes.all():
        pieces += [theme.label_nl, theme.label_fr, theme.label_en]
    pieces += [place.name_nl, place.name_fr]
    pieces += [former.name for former in place.former_municipalities.all()]
    return pieces


def words_shown(initiatives) -> dict[str, set[int]]:
    """Each word (split on spaces, punctuation kept, as copied from the page; a letter or
    digit in it) and the initiatives that show it."""
    by_word: dict[str, set[int]] = {}
    for initiative in initiatives:
        for piece in shown(initiative):
            for word in piece.split():
                if any(c.isalnum() for c in word):
                    by_word.setdefault(word, set()).add(initiative.pk)
    return by_word


def assert_every_word_finds_its_initiatives(by_word: dict[str, set[int]]) -> None:
    missed = []
    for word, expected in by_word.items():
        for query in {word, word.upper(), strip_accents(word)}:
            found = set(library(query=query).values_list("pk", flat=True))
            if not expected <= found:
                missed.append((query, expected - found))
    assert not missed, missed[:20]


def test_every_word_of_the_legacy_content_finds_its_practice(legacy_paths):
    page, letter = legacy_paths
    call_command("import_legacy_content", str(page), str(letter), verbosity=0)
    initiatives = Initiative.objects.published().prefetch_related(
        "sub_projects", "links", "partners", "themes", "municipality__former_municipalities"
    )
    assert initiatives.count() >= 14

    by_word = words_shown(initiatives)

    assert len(by_word) > 400  # the whole content, not a few examples
    assert_every_word_finds_its_initiatives(by_word)


def test_apostrophe_and_plural_forms_in_the_legacy_content_find_the_same(legacy_paths):
    page, letter = legacy_paths
    call_command("import_legacy_content", str(page), str(letter), verbosity=0)
    by_word = words_shown(Initiative.objects.published())
    with_apostrophe = {w.strip(".,;:!?()") for w in by_word if "'s" in w or "’s" in w}
    assert with_apostrophe  # the old page has some (buddy's, foto's...)

    for word in with_apostrophe:
        bare = word.replace("'s", "s").replace("’s", "s")
        singular = word.replace("'s", "").replace("’s", "")
        results = [list(library(query=q).values_list("pk", flat=True)) for q in (word, bare)]
        assert results[0] == results[1], word
        assert set(results[0]) <= set(library(query=singular).values_list("pk", flat=True))


# --- Generated practices ----------------------------------------------------------------------

WORD = st.text(
    alphabet=st.sampled_from(list("abcdeéèfghiïjklmnoöpqrstuüvwxyzçABCÉZ'’-0123456789")),
    min_size=1,
    max_size=14,
)
PHRASE = st.lists(WORD, min_size=1, max_size=8).map(" ".join)
LINES = st.lists(
    st.one_of(PHRASE, PHRASE.map(lambda p: f"- {p}"), PHRASE.map(lambda p: f"1. {p}")),
    max_size=5,
).map("\n".join)


@FEW
@given(
    title=PHRASE,
    summary=PHRASE,
    text=LINES,
    sub_project=PHRASE,
    partner=PHRASE,
    link=PHRASE,
)
def test_every_word_of_a_generated_practice_finds_it(
    title, summary, text, sub_project, partner, link
):
    initiative = InitiativeFactory(
        municipality=municipality("Tessenderlo-Ham"),
        title=title[:200],
        summary=summary[:400],
        text=text,
        themes=[activity("education")],
    )
    initiative.partners.set([PartnerOrganisation.objects.get_or_create(name=partner[:200])[0]])
    SubProject.objects.create(initiative=initiative, title=sub_project[:300])
    InitiativeLink.objects.create(initiative=initiative, label=link[:200], url="https://x.be/")
    initiative_search_refresh(initiative=initiative)

    assert_every_word_finds_its_initiatives(words_shown([initiative]))


@HYPOTHESIS
@given(title=PHRASE, summary=PHRASE, text=LINES, query=PHRASE)
def test_the_database_answers_and_ranks_as_the_words_say(title, summary, text, query):
    """SQLite's and PostgreSQL's LIKE over the index give what solidair.lib.fulltext says,
    and the rank is the number of terms found, then 3 for the title, 2 the summary, 1 the
    rest."""
    Initiative.objects.all().delete()
    initiative = InitiativeFactory(
        municipality=municipality("Pajottegem"), title=title, summary=summary, text=text
    )
    place = initiative.municipality
    places = [name_index(place.name_nl, place.name_fr)] + [
        name_index(former.name) for former in place.former_municipalities.all()
    ]
    body = index_text(rich_text_plain(text))
    expected_matched, expected_weight = 0, 0
    for term in query_terms(query):
        weight = (
            3
            if matches(term, index_text(title))
            else 2
            if matches(term, index_text(summary))
            else 1
            if matches(term, body) or any(matches(term, p) for p in places)
            else 0
        )
        expected_matched += weight > 0
        expected_weight += weight

    results = list(Initiative.objects.search(query))

    if expected_matched:
        (result,) = results
        assert (result.search_matched, result.search_weight) == (
            expected_matched,
            expected_weight,
        )
    else:
        assert results == []
