"""A contact finds who can help and asks for an introduction by keyboard, in Dutch and in
French; axe checks the portal's and the public page's "Wie kan helpen?"."""

import re

import pytest

from solidair.operations.mail import outbox_flush

CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture
# The text of the focused button; "" when the focus is anything else (the body holds all text).
FOCUSED_BUTTON = (
    "() => document.activeElement.tagName === 'BUTTON' ? document.activeElement.textContent : ''"
)
LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")


def sign_in(page, site, smtp) -> None:
    page.goto(site.url + "/portaal/aanmelden/")
    page.get_by_label("Je e-mailadres").fill(CONTACT)
    with page.expect_navigation():
        page.get_by_role("button", name="Stuur mij een link").click()
    assert outbox_flush() == 1
    link = LINK.search(smtp.inbox.messages[-1].get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Meld je aan").click()


def press(page, name: str) -> None:
    """Tab to the button called ``name`` and press Enter."""
    for _ in range(200):
        focused = page.evaluate(FOCUSED_BUTTON)
        if name in " ".join(focused.split()):
            break
        page.keyboard.press("Tab")
    else:
        raise AssertionError(f"{name!r} was not reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.browser
def test_a_contact_asks_for_an_introduction_by_keyboard(
    page, site, smtp, settings, assert_accessible
):
    from solidair.membership.models import Rung
    from solidair.network.models import Introduction
    from tests.factories import ContactPersonFactory, make_member, municipality

    settings.SITE_URL = site.url
    for name in ("Oosterzele", "Gent"):
        make_member(name, ("housing",)).commitments.update(rung=Rung.VISIBLE)
    ContactPersonFactory(municipality=municipality("Oosterzele"), email="olga@oosterzele.be")

    page.goto(site.url + "/gemeenten/merelbeke-melle/")
    section = page.locator("#wie-kan-helpen")
    assert "Oosterzele" in section.inner_text() and "olga@oosterzele.be" in section.inner_text()
    assert_accessible(page)

    sign_in(page, site, smtp)
    page.goto(site.url + "/portaal/merelbeke-melle/")
    assert_accessible(page)
    press(page, "Vraag een kennismaking met Oosterzele")
    assert page.url.endswith("/portaal/merelbeke-melle/#wie-kan-helpen")
    assert "kregen een e-mail om kennis te maken" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    # Asking again is refused, in plain words.
    press(page, "Vraag een kennismaking met Oosterzele")
    assert "Jullie vroegen op" in page.get_by_role("status").first.inner_text()

    # In French: the same page and the same click.
    page.goto(site.url + "/fr/portaal/merelbeke-melle/")
    assert page.locator("html").get_attribute("lang").startswith("fr")
    assert "Qui peut aider ?" in page.locator("#wie-kan-helpen").inner_text()
    assert_accessible(page)
    press(page, "Demander une mise en relation avec Gand")
    assert "/fr/portaal/merelbeke-melle/" in page.url
    assert "C'est demandé" in page.get_by_role("status").first.inner_text()
    assert_accessible(page)
    page.goto(site.url + "/fr/gemeenten/merelbeke-melle/")
    assert "Qui peut aider ?" in page.locator("#wie-kan-helpen").inner_text()
    assert_accessible(page)

    assert Introduction.objects.count() == 2
    # Both sides of the first; Gent has no contact person, so only the asking side of the second.
    assert outbox_flush() == 3
