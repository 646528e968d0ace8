"""A visitor searches the good practices as people search, in Dutch and in French, by
keyboard and without JavaScript, and reads a practice written as plain text."""

import pytest

from solidair.initiatives.models import SubProject
from solidair.initiatives.services import initiative_search_refresh
from tests.factories import InitiativeFactory, activity, municipality

pytestmark = pytest.mark.browser


@pytest.fixture
def library(site):
    """The site's Buddywerking (Merelbeke-Melle), and a taalcafé in Leuven written by a contact
    as plain text, with a sub-project."""
    initiative = InitiativeFactory(
        municipality=municipality("Leuven"),
        title="Taalcafé De Nomade",
        summary="Nieuwkomers en Leuvenaars praten Nederlands.",
        text="Elke dinsdag.\nIn de bib.\n\nWe bieden:\n- koffie\n- gesprekken\n\n"
        "Meer op https://www.leuven.be/taal",
        themes=[activity("participation")],
    )
    SubProject.objects.create(initiative=initiative, title="Wandelclub voor vluchtelingen")
    initiative_search_refresh(initiative=initiative)
    return site


def search(page, label: str, query: str) -> list[str]:
    box = page.get_by_label(label)
    box.fill(query)
    with page.expect_navigation():
        box.press("Enter")
    return page.locator(".cards article h2").all_inner_texts()


def test_a_visitor_searches_in_dutch_by_keyboard(page, library, assert_accessible):
    page.goto(library.url + "/initiatieven/")

    assert search(page, "Zoekwoorden", "buddys") == ["Buddywerking voor nieuwkomers"]
    assert search(page, "Zoekwoorden", "buddy's") == ["Buddywerking voor nieuwkomers"]
    assert search(page, "Zoekwoorden", "TAALCAFE") == ["Taalcafé De Nomade"]
    assert search(page, "Zoekwoorden", "vluchteling") == ["Taalcafé De Nomade"]  # sub-project
    # Both words in one practice: that one.
    assert search(page, "Zoekwoorden", "nieuwkomers leuven") == ["Taalcafé De Nomade"]
    # No practice has both words: those with one of them, the better match first.
    assert search(page, "Zoekwoorden", "nieuwkomers kookles") == [
        "Buddywerking voor nieuwkomers",
        "Taalcafé De Nomade",
    ]
    assert "2 initiatieven · de beste treffers eerst" in page.get_by_role("status").inner_text()
    assert "Geen initiatief bevat al je zoekwoorden" in page.locator("main").inner_text()
    assert page.get_by_label("Zoekwoorden").input_value() == "nieuwkomers kookles"
    assert_accessible(page)

    page.get_by_role("link", name="Taalcafé De Nomade", exact=True).click()
    prose = page.locator(".prose")
    assert prose.locator("p").all_inner_texts() == [
        "Elke dinsdag.\nIn de bib.",
        "We bieden:",
        "Meer op https://www.leuven.be/taal",
    ]
    assert prose.locator("ul li").all_inner_texts() == ["koffie", "gesprekken"]
    assert prose.get_by_role("link").get_attribute("href") == "https://www.leuven.be/taal"
    assert_accessible(page)


def test_a_visitor_searches_in_french(page, library, assert_accessible):
    page.goto(library.url + "/fr/initiatieven/")

    # The theme in French, the municipality's French name.
    assert search(page, "Mots-clés", "loisirs") == ["Taalcafé De Nomade"]
    assert search(page, "Mots-clés", "Louvain") == ["Taalcafé De Nomade"]
    assert search(page, "Mots-clés", "accueil") == ["Buddywerking voor nieuwkomers"]
    assert "meilleurs résultats" not in page.get_by_role("status").inner_text()  # one result
    assert search(page, "Mots-clés", "zzzyzx") == []
    assert "Aucune initiative" in page.locator(".empty").inner_text()
    assert_accessible(page)


def test_the_search_works_without_javascript(browser, library):
    context = browser.new_context(java_script_enabled=False, locale="nl-BE")
    page = context.new_page()
    page.goto(library.url + "/initiatieven/")
    assert search(page, "Zoekwoorden", "wandelclub") == ["Taalcafé De Nomade"]
    context.close()
