"""A municipal employee applies to join with three contact persons, the coordinator asks for a
change, the application comes back with everyone, and once approved the municipality's page shows
its contacts: the mails between them are real, delivered by the worker."""

import pytest

from tests.browser.journeys.helpers import COORDINATOR, body_text, link_in, words

APPLICANT = "sam.peeters@journeys-lier.example"
PEOPLE = [
    ("An Claes", "an@journeys-lier.example"),
    ("Bo Wouters", "bo@journeys-lier.example"),
    ("Cas Janssens", "cas@journeys-lier.example"),
]


def press(page, value: str) -> None:
    with page.expect_navigation():
        page.locator(f"main form button[value={value}]").click()


def shown_people(page) -> list[str]:
    rows = int(page.input_value("#id_contact-INITIAL_FORMS"))
    return [page.input_value(f"#id_contact-{row}-email") for row in range(rows)]


@pytest.mark.browser
def test_an_application_with_three_contact_persons_a_change_and_approval(
    install, page, coordinator_page, no_server_errors, assert_accessible
):
    # From the municipality's page to the application.
    page.goto(install.url + "/gemeenten/lier/")
    with page.expect_navigation():
        page.locator("main a[href^='/aansluiten/']").first.click()
    page.fill("#id_applicant_name", "Sam Peeters")
    page.fill("#id_applicant_email", APPLICANT)
    page.fill("#id_applicant_role", "Diensthoofd sociale dienst")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    [started] = install.wait_for_mail(APPLICANT)
    draft = link_in(started, "/aansluiten/")
    assert page.url.startswith(draft)

    for code in ("reception", "housing", "network"):
        page.check(f"#id_kies_{code}")
        page.fill(f"#id_omschrijving_{code}", f"Wat Lier doet: {code}.")
    press(page, "verder")
    page.check("#id_decision_body_0")
    page.fill("#id_decision_date", "15-09-2025")
    page.fill("#id_decision_url", "https://www.lier.be/besluiten/2025-09-15")
    press(page, "verder")

    # Three persons, one by one; then back to an earlier step and forward again.
    for row, (name, email) in enumerate(PEOPLE):
        page.fill(f"#id_contact-{row}-name", name)
        page.fill(f"#id_contact-{row}-email", email)
        page.fill(f"#id_contact-{row}-role", "Sociale dienst")
        press(page, "meer" if row < len(PEOPLE) - 1 else "concept")
        assert shown_people(page) == [email for _name, email in PEOPLE[: row + 1]]
    assert_accessible(page)
    page.goto(draft + "engagementen/")
    press(page, "verder")
    press(page, "verder")
    assert shown_people(page) == [email for _name, email in PEOPLE]
    press(page, "verder")
    overview = words(page.inner_text("main"))
    assert all(name in overview for name, _email in PEOPLE)
    with page.expect_navigation():
        page.locator("form[action$='/indienen/'] button").click()
    assert_accessible(page)

    [notice] = install.wait_for_mail(COORDINATOR, about="Lier")
    assert "/beheer/" in body_text(notice)

    # The coordinator asks for a change.
    admin = coordinator_page

    def review(decision: str, message: str) -> None:
        admin.goto(install.url + "/beheer/applications/application/?status__exact=submitted")
        with admin.expect_navigation():
            admin.get_by_role("link", name="Lier", exact=True).click()
        with admin.expect_navigation():
            admin.get_by_role("link", name="Beoordeel deze aanvraag").click()
        admin.fill("#id_message", message)
        with admin.expect_navigation():
            admin.locator(f"button[value={decision}]").click()

    review("changes", "Kan Bo ook een telefoonnummer geven?")
    asked = next(
        m
        for m in install.wait_for_mail(APPLICANT, count=3)
        if "Kan Bo ook een telefoonnummer geven?" in body_text(m)
    )
    page.goto(link_in(asked, "/aansluiten/"))
    page.goto(draft + "contactpersonen/")
    assert "Kan Bo ook een telefoonnummer geven?" in page.content()
    assert shown_people(page) == [email for _name, email in PEOPLE]
    page.fill("#id_contact-1-phone", "03 800 04 00")
    press(page, "verder")
    with page.expect_navigation():
        page.locator("form[action$='/indienen/'] button").click()

    review("approve", "Welkom in het netwerk!")
    approved = install.wait_for_mail(APPLICANT, count=5)
    assert any("Welkom in het netwerk!" in body_text(m) for m in approved)

    # Everyone is on the municipality's page, in Dutch and in French.
    for prefix in ("", "/fr"):
        page.goto(install.url + prefix + "/gemeenten/lier/")
        contacts = words(page.locator("ul.contacts").inner_text())
        assert all(name in contacts for name, _email in PEOPLE), prefix
        assert "03 800 04 00" in contacts
    assert_accessible(page)
