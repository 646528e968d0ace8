"""A municipal employee applies by keyboard only; a coordinator approves in the back-office;
the municipality is then in the directory and in the footnote of the next letter."""

import pytest

from solidair.lib.mail import outbox_flush
from tests.lib.conftest import smtp  # noqa: F401  (the real SMTP server)

APPLICANT = "sam.peeters@kortrijk.be"


def tab_to(page, selector: str, limit: int = 150) -> None:
    """Press Tab until the element matching `selector` has the focus."""
    for _ in range(limit):
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} was not reached with Tab")


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def press_button(page, selector: str = "button[type=submit][value=verder]") -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def choose(page, code: str, description: str) -> None:
    tab_to(page, f"#id_kies_{code}")
    page.keyboard.press("Space")
    type_into(page, f"#id_omschrijving_{code}", description)


@pytest.mark.browser
def test_apply_by_keyboard_then_approve(page, site, smtp, settings, assert_accessible):  # noqa: F811
    settings.SITE_URL = site.url
    from django.contrib.auth.models import User

    User.objects.create_superuser("coordinator", "coordinator@example.be", "x-secret-9")

    # The public page of a non-member leads to the application.
    page.goto(site.url + "/gemeenten/kortrijk/")
    tab_to(page, "a[href='/aansluiten/?gemeente=kortrijk']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/aansluiten/gemeente/kortrijk/"
    assert_accessible(page)

    # Choosing by postal code, and the page for a lost link, are accessible too.
    page.goto(site.url + "/aansluiten/?gemeente=8500")
    assert page.url == site.url + "/aansluiten/gemeente/kortrijk/"
    page.goto(site.url + "/aansluiten/?gemeente=Kort")
    assert_accessible(page)
    page.goto(site.url + "/aansluiten/link/")
    assert_accessible(page)
    page.goto(site.url + "/aansluiten/gemeente/kortrijk/")

    # Who applies; a mistake first, and its error state is accessible too.
    type_into(page, "#id_applicant_name", "Sam Peeters")
    type_into(page, "#id_applicant_email", "geen-adres")
    press_button(page, "button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    assert "Voer een geldig e-mailadres in." in page.content()
    assert_accessible(page)
    assert page.input_value("#id_applicant_name") == "Sam Peeters"
    type_into(page, "#id_applicant_email", APPLICANT)
    type_into(page, "#id_applicant_role", "Diensthoofd sociale dienst")
    press_button(page, "button[type=submit]")
    assert "/engagementen/" in page.url
    assert "Stap 2 van 5: Engagementen" in page.title()
    assert_accessible(page)

    # Two commitments only: refused, with what was typed kept.
    choose(page, "reception", "Een LOI voor twaalf alleenstaanden.")
    choose(page, "housing", "Een woonbegeleider bij het OCMW.")
    press_button(page)
    assert page.get_by_role("alert").is_visible()
    assert "Kies minstens 3 engagementen; je koos er 2." in page.content()
    assert page.input_value("#id_omschrijving_housing") == "Een woonbegeleider bij het OCMW."
    assert_accessible(page)

    choose(page, "network", "We nemen deel aan de lerende netwerken.")
    press_button(page)
    assert "/beslissing/" in page.url
    assert_accessible(page)

    # The decision: the council, a date and a link.
    tab_to(page, "#id_decision_body_0")
    page.keyboard.press("Space")
    type_into(page, "#id_decision_date", "15-09-2999")
    press_button(page)
    assert "De datum van de beslissing kan niet in de toekomst liggen." in page.content()
    assert "Geef een link naar de beslissing of laad ze op als PDF." in page.content()
    assert_accessible(page)
    type_into(page, "#id_decision_date", "15-09-2025")
    type_into(page, "#id_decision_url", "https://www.kortrijk.be/besluiten/2025-09-15")
    press_button(page)
    assert "/contactpersonen/" in page.url
    assert_accessible(page)

    type_into(page, "#id_contact-0-name", "An De Smet")
    press_button(page)
    assert "Contactpersoon 1, e-mailadres: Dit veld is verplicht." in page.content()
    assert_accessible(page)
    type_into(page, "#id_contact-0-email", "an.desmet@kortrijk.be")
    type_into(page, "#id_contact-0-role", "Maatschappelijk werker")
    press_button(page)
    assert "Stap 5 van 5: nakijken en indienen" in page.title()
    assert "Een LOI voor twaalf alleenstaanden." in page.content()
    assert_accessible(page)

    press_button(page, "form[action$='/indienen/'] button")
    assert "De coördinatoren van het netwerk bekijken ze" in page.content()
    assert_accessible(page)
    # The link, the confirmation and the coordinators' notice.
    assert outbox_flush() == 3

    # A coordinator approves in the back-office.
    page.goto(site.url + "/beheer/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "x-secret-9")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(site.url + "/beheer/applications/application/?status__exact=submitted")
    with page.expect_navigation():
        page.get_by_role("link", name="Kortrijk", exact=True).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Beoordeel deze aanvraag").click()
    page.fill("#id_message", "Welkom in het netwerk!")
    with page.expect_navigation():
        page.get_by_role("button", name="Keur goed").click()
    assert "Goedgekeurd: Kortrijk is nu lid van het netwerk." in page.content()

    # A visitor sees it at once: in the directory and in the footnote of a letter.
    visitor = page.context.browser.new_page()
    visitor.goto(site.url + "/gemeenten/")
    assert visitor.get_by_role("link", name="Kortrijk").count() >= 1
    visitor.goto(site.url + "/brief/gent/")
    visitor.fill("#id_naam", "Lies Inwoner")
    visitor.fill("#id_email", "lies@example.be")
    with visitor.expect_navigation():
        visitor.click("form.letter-form button[type=submit]")
    notes = visitor.locator("section.letter__notes").inner_text()
    assert "Kortrijk" in notes and "Merelbeke-Melle" in notes
    visitor.close()
