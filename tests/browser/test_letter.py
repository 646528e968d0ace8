"""A resident writes to their council: by keyboard only, with axe on every step."""

import pytest


def tab_to(page, selector: str, limit: int = 60) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was not reached with Tab")


@pytest.mark.browser
def test_a_resident_writes_to_the_council_by_keyboard_only(page, site, assert_accessible):
    page.goto(site.url + "/gemeenten/aalst/")
    tab_to(page, "a[href*='/brief/?gemeente=aalst']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/brief/aalst/"
    assert_accessible(page)

    # First submit with mistakes: the error state must be accessible too.
    tab_to(page, "#id_naam")
    page.keyboard.type("An Peeters")
    page.keyboard.press("Tab")
    page.keyboard.type("geen-adres")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("alert").is_visible()
    assert "Voer een geldig e-mailadres in." in page.content()
    assert_accessible(page)

    # The name was kept; correct the e-mail address, add a paragraph and a choice.
    assert page.input_value("#id_naam") == "An Peeters"
    tab_to(page, "#id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type("an@example.be")
    tab_to(page, "#id_persoonlijke_alinea")
    page.keyboard.type("Ik woon hier al twintig jaar. Ook wij kunnen helpen!")
    tab_to(page, "#id_keuze_1")
    page.keyboard.press("ArrowDown")
    tab_to(page, "button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.get_by_role("heading", level=1).inner_text() == "Je brief is klaar"
    letter = page.locator("article.letter")
    assert "als inwoners van Aalst, vragen om als Stad mee" in letter.inner_text()
    assert "Ik woon hier al twintig jaar." in letter.inner_text()
    assert "Merelbeke-Melle" in letter.inner_text()  # a member, in the footnote
    assert_accessible(page)

    for fmt, suffix in (("docx", b"PK"), ("pdf", b"%PDF")):
        tab_to(page, f"form[action$='/download/{fmt}/'] button")
        with page.expect_download() as info:
            page.keyboard.press("Enter")
        download = info.value
        assert download.suggested_filename == f"brief-solidaire-gemeente-aalst.{fmt}"
        with open(download.path(), "rb") as handle:
            assert handle.read(4).startswith(suffix)


@pytest.mark.browser
def test_the_letter_pages_are_accessible(page, site, assert_accessible):
    for path in ("/brief/", "/brief/?gemeente=sint", "/brief/hoe/", "/brief/merelbeke-melle/"):
        page.goto(site.url + path)
        assert_accessible(page)
