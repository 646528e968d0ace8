"""A municipal employee applies by keyboard only; a coordinator approves in the back-office;
the municipality is then in the directory and in the footnote of the next letter."""

import pytest

from solidair.operations.mail import outbox_flush

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
def test_apply_by_keyboard_then_approve(page, site, smtp, settings, assert_accessible):
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


CONTACT_WORDS = {
    "": {"submitted": "De coördinatoren van het netwerk bekijken ze", "step": "Engagementen"},
    "/fr": {"submitted": "Les coordinateurs du réseau", "step": "Engagements"},
}


def click_button(page, value: str) -> None:
    with page.expect_navigation():
        page.locator(f"form.letter-form button[value={value}]").click()


def fill_person(page, row: int, name: str, email: str, role: str = "Sociale dienst") -> None:
    page.fill(f"#id_contact-{row}-name", name)
    page.fill(f"#id_contact-{row}-email", email)
    page.fill(f"#id_contact-{row}-role", role)


def shown_people(page) -> list[str]:
    rows = int(page.input_value("#id_contact-INITIAL_FORMS"))
    return [page.input_value(f"#id_contact-{row}-email") for row in range(rows)]


@pytest.mark.browser
@pytest.mark.parametrize("prefix", CONTACT_WORDS, ids=["nl", "fr"])
def test_three_contact_persons_survive_every_way_of_saving(
    page,
    site,
    smtp,
    settings,
    assert_accessible,
    prefix,
):
    """Add persons one by one, go back and forth between the steps, save from an older tab,
    submit, change after the coordinator's question, resubmit: approved with everyone."""
    from django.contrib.auth.models import User

    from solidair.membership.models import ContactPerson

    settings.SITE_URL = site.url
    words = CONTACT_WORDS[prefix]
    page.goto(site.url + prefix + "/aansluiten/gemeente/kortrijk/")
    page.fill("#id_applicant_name", "Sam Peeters")
    page.fill("#id_applicant_email", APPLICANT)
    page.fill("#id_applicant_role", "Diensthoofd sociale dienst")
    with page.expect_navigation():
        page.locator("form button[type=submit]").click()
    draft = page.url.removesuffix("engagementen/")
    for code in ("reception", "housing", "network"):
        page.check(f"#id_kies_{code}")
        page.fill(f"#id_omschrijving_{code}", f"Wat we doen voor {code}.")
    click_button(page, "verder")
    page.check("#id_decision_body_0")
    page.fill("#id_decision_date", "15-09-2025")
    page.fill("#id_decision_url", "https://www.kortrijk.be/besluiten/2025-09-15")
    click_button(page, "verder")
    assert page.url == draft + "contactpersonen/"

    # One by one with "Bewaar en voeg nog een contactpersoon toe".
    people = ["an@kortrijk.be", "bo@kortrijk.be", "cas@kortrijk.be"]
    for row, address in enumerate(people):
        fill_person(page, row, address.split("@")[0].title(), address)
        click_button(page, "meer" if row < 2 else "concept")
        assert shown_people(page) == people[: row + 1]
    assert_accessible(page)

    # Back to an earlier step and forward again, saving there: everyone is still there.
    with page.expect_navigation():
        page.locator(".steps-nav").get_by_role("link", name=words["step"]).click()
    click_button(page, "verder")
    click_button(page, "verder")
    assert shown_people(page) == people

    # An older tab, and a newer one that changes Bo: saving the older one loses nothing.
    newer = page.context.new_page()
    newer.goto(draft + "contactpersonen/")
    newer.fill("#id_contact-1-phone", "056 27 00 00")
    with newer.expect_navigation():
        newer.locator("form.letter-form button[value=concept]").click()
    click_button(page, "verder")  # the older page, unchanged
    overview = page.locator("main").inner_text()
    assert all(address in overview for address in people)
    assert "056 27 00 00" in overview
    with page.expect_navigation():
        page.locator("form[action$='/indienen/'] button").click()
    assert words["submitted"] in page.content()

    # The coordinator asks for a change; the applicant removes Cas, adds Dirk, resubmits.
    User.objects.create_superuser("coordinator", "coordinator@example.be", "x-secret-9")
    coordinator = page.context.browser.new_page()
    coordinator.goto(site.url + "/beheer/login/")
    coordinator.fill("#id_username", "coordinator")
    coordinator.fill("#id_password", "x-secret-9")
    with coordinator.expect_navigation():
        coordinator.click("input[type=submit]")

    def review(decision: str, message: str) -> None:
        coordinator.goto(site.url + "/beheer/applications/application/?status__exact=submitted")
        with coordinator.expect_navigation():
            coordinator.get_by_role("link", name="Kortrijk", exact=True).click()
        with coordinator.expect_navigation():
            coordinator.get_by_role("link", name="Beoordeel deze aanvraag").click()
        coordinator.fill("#id_message", message)
        with coordinator.expect_navigation():
            coordinator.locator(f"button[value={decision}]").click()

    review("changes", "Is Cas nog contactpersoon?")
    page.goto(draft + "contactpersonen/")
    assert "Is Cas nog contactpersoon?" in page.content()
    assert shown_people(page) == people
    page.check("#id_contact-2-DELETE")
    fill_person(page, 3, "Dirk", "dirk@kortrijk.be")
    click_button(page, "verder")
    with page.expect_navigation():
        page.locator("form[action$='/indienen/'] button").click()
    review("approve", "Welkom!")

    expected = {"an@kortrijk.be", "bo@kortrijk.be", "dirk@kortrijk.be"}
    assert {c.email for c in ContactPerson.objects.filter(municipality__slug="kortrijk")} == (
        expected
    )
    public = page.context.browser.new_page()
    public.goto(site.url + prefix + "/gemeenten/kortrijk/")
    contacts = public.locator("ul.contacts").inner_text()
    assert all(address in contacts for address in expected)
    assert "cas@kortrijk.be" not in contacts
    assert "056 27 00 00" in contacts
