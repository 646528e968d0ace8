"""A resident who knows the name of their district or village finds their municipality, writes to
its council and the letter arrives at the council's address from the reference data."""

import pytest

from tests.browser.journeys.helpers import body_text, council_email, links, pdf_text, words


@pytest.mark.browser
def test_a_resident_of_deurne_writes_to_antwerpen(
    install, page, no_server_errors, assert_accessible
):
    council = council_email("11002")  # Antwerpen, from the Organisatieportaal
    resident = "deurne.bewoner@journeys.example"

    page.goto(install.url + "/")
    page.get_by_role("searchbox").first.fill("Deurne")
    with page.expect_navigation():
        page.get_by_role("searchbox").first.press("Enter")
    # Deurne is a district of Antwerpen and a village of Diest: the resident chooses.
    assert "Bedoelde je" in page.content()
    choice = page.get_by_role("link", name="Antwerpen", exact=True)
    assert "Deurne (2100) hoort bij Antwerpen" in words(page.inner_text("main"))
    assert page.get_by_role("link", name="Veurne", exact=True).count() == 0
    assert_accessible(page)
    with page.expect_navigation():
        choice.click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Antwerpen")
    assert "Deurne (2100) hoort bij Antwerpen" in words(page.inner_text("main"))

    with page.expect_navigation():
        page.get_by_role("link", name="Schrijf een brief aan het bestuur van Antwerpen").click()
    page.fill("input[name=naam]", "Sam Janssens")
    page.fill("input[name=email]", resident)
    page.fill(
        "textarea[name=persoonlijke_alinea]",
        "Ik woon al twintig jaar in Deurne en zie elke dag hoe buren nieuwkomers helpen.",
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Toon mijn brief").click()

    section = page.locator("#versturen")
    assert f"via {council} — adres uit het Organisatieportaal, december 2023" in words(
        section.inner_text()
    )
    assert_accessible(page)
    with page.expect_navigation():
        section.get_by_role("button", name="Verstuur via e-mail").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mailbox"

    [confirmation] = install.wait_for_mail(resident)
    [link] = [url for url in links(confirmation) if "/brief/bevestig/" in url]
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn brief").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt, je brief is bevestigd"
    assert "Antwerpen" in page.inner_text("main")

    # The worker delivers it at the council's next slot (at any hour in this install).
    [letter] = install.wait_for_mail(council)
    assert letter["To"] == council
    assert resident in letter["Reply-To"]
    text = words(body_text(letter))
    assert "Sam Janssens" in text
    assert "zie elke dag hoe buren nieuwkomers helpen" in text
    pdf = pdf_text(letter)
    assert "Sam Janssens" in pdf and "nieuwkomers helpen" in pdf


@pytest.mark.browser
def test_a_french_speaking_resident_of_fouron_writes_to_voeren(
    install, browser, no_server_errors, assert_accessible
):
    council = council_email("73109")  # Voeren
    resident = "fouron@journeys.example"
    context = browser.new_context(locale="fr-BE", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)

    page.goto(install.url + "/fr/")
    page.get_by_role("searchbox").first.fill("fouron saint martin")
    with page.expect_navigation():
        page.get_by_role("searchbox").first.press("Enter")
    # One municipality: the answer is certain, and the page says how the name leads there.
    assert page.url.startswith(install.url + "/fr/gemeenten/voeren/")
    assert "Fouron-Saint-Martin" in words(page.inner_text("main"))
    assert_accessible(page)

    page.goto(install.url + "/fr/brief/voeren/")
    page.fill("input[name=naam]", "Marie Dubois")
    page.fill("input[name=email]", resident)
    page.fill("textarea[name=persoonlijke_alinea]", "J'habite les Fourons depuis toujours.")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]").last.click()
    section = page.locator("#versturen")
    assert council in section.inner_text()
    assert "Organisatieportaal" in section.inner_text()
    with page.expect_navigation():
        section.locator("button[type=submit]").click()

    [confirmation] = install.wait_for_mail(resident)
    [link] = [url for url in links(confirmation) if "/bevestig/" in url]
    assert "/fr/" in link
    page.goto(link)
    with page.expect_navigation():
        page.locator("main form[method=post] button[type=submit]").click()
    assert_accessible(page)

    [letter] = install.wait_for_mail(council)
    assert "Marie Dubois" in pdf_text(letter)
    assert "J'habite les Fourons depuis toujours." in words(body_text(letter))
    context.close()
