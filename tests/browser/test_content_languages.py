"""Pages read in French or English: Dutch-only content and the Dutch letter stay accessible
(WCAG 3.1.2: each passage in another language says so with lang)."""

import pytest
from django.urls import translate_url

from tests.languages import translated


@pytest.fixture
def french_tab(browser):
    """A browser that asks for French (its locale sets Accept-Language)."""
    context = browser.new_context(locale="fr-BE", viewport={"width": 1280, "height": 800})
    tab = context.new_page()
    tab.set_default_timeout(5_000)
    yield tab
    context.close()


@pytest.mark.browser
def test_a_french_initiative_page_marks_its_dutch_text(french_tab, site, assert_accessible):
    tab = french_tab
    path = site.initiative_url.removeprefix(site.url)
    tab.goto(site.url + translate_url(path, "fr"))
    assert tab.locator("h1[lang=nl]").inner_text() == "Buddywerking voor nieuwkomers"
    assert tab.locator(".prose[lang=nl]").count() == 1
    note = translated("Deze inhoud is alleen in het Nederlands beschikbaar.", "fr")
    assert tab.get_by_text(note).count() == 1
    assert_accessible(tab)


@pytest.mark.browser
def test_the_french_letter_preview_is_dutch_and_accessible(french_tab, site, assert_accessible):
    tab = french_tab
    tab.goto(site.url + translate_url("/brief/aalst/", "fr"))
    tab.fill("#id_naam", "Camille Dubois")
    tab.fill("#id_email", "camille@example.be")
    tab.select_option("#id_keuze_1", "housing")
    with tab.expect_navigation():
        tab.locator("form.letter-form button[type=submit]").first.click()
    letter = tab.locator("article.letter")
    assert letter.get_attribute("lang") == "nl-BE"
    assert "Huisvesting" in letter.inner_text()
    assert tab.locator("#letter-language").count() == 1
    assert_accessible(tab)
