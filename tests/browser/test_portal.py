"""A contact person signs in to the portal by keyboard, with the link from a real mail,
and axe checks every page on the way."""

import pytest

from solidair.operations.mail import outbox_flush
from tests.browser.helpers import SIGN_IN_LINK as LINK
from tests.browser.helpers import submit, tab_to

CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture


@pytest.mark.browser
def test_a_contact_signs_in_with_the_mailed_link(page, site, smtp, settings, assert_accessible):
    settings.SITE_URL = site.url  # the mailed link points at the live server
    page.goto(site.url + "/portaal/")
    assert page.url == site.url + "/portaal/aanmelden/"
    assert_accessible(page)

    # A mistake first: the error state must be accessible too.
    tab_to(page, "#id_email")
    page.keyboard.type("geen-adres")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert "Voer een geldig e-mailadres in." in page.content()
    assert_accessible(page)

    tab_to(page, "#id_email")
    page.keyboard.press("Control+A")
    page.keyboard.type(CONTACT)
    submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mailbox"
    assert_accessible(page)

    # The live server runs in a thread of this process: deliver its outbox from here.
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    assert smtp.inbox.envelopes == [[CONTACT]]
    link = LINK.search(message.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(site.url)

    page.goto(link)
    assert_accessible(page)
    submit(page)
    assert page.url == site.url + "/portaal/"
    assert_accessible(page)

    tab_to(page, "a[href='/portaal/merelbeke-melle/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Jouw gemeente in het netwerk" in page.get_by_role("heading", level=1).inner_text()
    assert "Buddywerking voor nieuwkomers" in page.content()
    assert_accessible(page)

    # The link worked once: opening it again offers a new one.
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet meer"
    assert_accessible(page)

    page.goto(site.url + "/portaal/")
    submit(page, "form[action='/portaal/afmelden/'] button")
    assert page.url == site.url + "/portaal/aanmelden/"
    assert "Je bent afgemeld." in page.content()
