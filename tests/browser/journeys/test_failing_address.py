"""A council's mail server refuses a letter: the address is parked, the letter waits, the
resident and the coordinators are told, and once a coordinator fixes the address the letter
reaches the council."""

import pytest

from tests.browser.journeys.helpers import COORDINATOR, body_text, council_email, links, words


@pytest.mark.browser
def test_a_refused_letter_waits_until_a_coordinator_fixes_the_address(
    install, page, coordinator_page, no_server_errors, assert_accessible
):
    refused = council_email("11021")  # Hove, from the Organisatieportaal
    fixed = "college@journeys-hove.example"
    resident = "hove.bewoner@journeys.example"
    install.smtp.inbox.refuse[refused] = f"550 5.1.1 <{refused}>: Recipient address rejected"

    page.goto(install.url + "/brief/hove/")
    page.fill("input[name=naam]", "Lotte Maes")
    page.fill("input[name=email]", resident)
    page.fill("textarea[name=persoonlijke_alinea]", "Hove kan meer doen voor wie hier aankomt.")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon mijn brief").click()
    assert refused in page.locator("#versturen").inner_text()
    with page.expect_navigation():
        page.locator("#versturen").get_by_role("button", name="Verstuur via e-mail").click()
    [confirmation] = install.wait_for_mail(resident)
    [link] = [url for url in links(confirmation) if "/brief/bevestig/" in url]
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn brief").click()

    # The server refuses the council's address: the coordinators and the resident are told.
    [alert] = install.wait_for_mail(COORDINATOR, about=refused)
    assert "Hove" in alert["Subject"]
    assert refused in body_text(alert)
    told = install.wait_for_mail(resident, count=3)  # confirmation, copy of the letter, notice
    notice = next(m for m in told if "niet verloren" in body_text(m))
    assert "Je hoeft niets te doen" in words(body_text(notice))
    assert install.mails(refused) == []

    # A second resident sees the warning before sending.
    page.goto(install.url + "/brief/hove/")
    page.fill("input[name=naam]", "Tom Claes")
    page.fill("input[name=email]", "tom@journeys.example")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon mijn brief").click()
    assert "Dit adres werkt op dit moment niet" in words(page.locator("#versturen").inner_text())
    assert_accessible(page)

    # The coordinator finds the address in the queue of addresses that do not work, fixes it.
    admin = coordinator_page
    admin.goto(install.url + "/beheer/letters/counciladdress/?werkt=nee")
    rows = admin.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert "Hove" in rows.first.inner_text()
    with admin.expect_navigation():
        rows.first.locator("th a").click()
    admin.fill("#id_email", fixed)
    admin.fill("#id_source", "telefonisch bevestigd door de coördinator")
    with admin.expect_navigation():
        admin.click("input[name=_save]")
    assert "brief wordt opnieuw verstuurd" in admin.locator(".messagelist").inner_text()

    [letter] = install.wait_for_mail(fixed)
    assert "Lotte Maes" in words(body_text(letter))
    admin.goto(install.url + "/beheer/letters/counciladdress/?werkt=nee")
    assert admin.locator("#result_list tbody tr").count() == 0
