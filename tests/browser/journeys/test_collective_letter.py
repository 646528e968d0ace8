"""A French-speaking resident writes together with her neighbours: she starts a collective
letter in French, prints the poster whose QR code leads to the French share page, two neighbours
co-sign from it, and the letter with its three signatories reaches the council."""

import re

import pytest

from tests.browser.journeys.helpers import (
    IMAGE_LOADED,
    body_text,
    council_email,
    link_in,
    links,
    pdf_text,
    qr_modules,
    qr_of,
    words,
)


def submit(page, selector: str = "main button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.browser
def test_a_collective_letter_in_french_with_two_co_signers(
    install, browser, no_server_errors, assert_accessible
):
    council = council_email("34022")  # Kortrijk
    pages = []

    def resident(locale: str = "fr-BE"):
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(10_000)
        pages.append(context)
        return page

    claire = resident()
    claire.goto(install.url + "/fr/gemeenten/kortrijk/")
    with claire.expect_navigation():
        claire.locator("main a[href^='/fr/brief/']").first.click()
    with claire.expect_navigation():
        claire.locator("a[href$='/samen/']").click()
    assert claire.evaluate("document.documentElement.lang") == "fr"
    claire.fill("#id_naam", "Claire Dubois")
    claire.fill("#id_email", "claire@journeys.example")
    claire.fill("#id_postcode", "8500")
    claire.check("#id_naam_tonen")
    claire.fill(
        "#id_gezamenlijke_alinea",
        "Ensemble, nous demandons à Courtrai de rejoindre le réseau des communes solidaires.",
    )
    submit(claire)
    assert_accessible(claire)

    [confirmation] = install.wait_for_mail("claire@journeys.example")
    assert confirmation["Content-Language"] == "fr"
    claire.goto(link_in(confirmation, "/samen/bevestig/"))
    submit(claire)
    assert "/fr/brief/samen/beheer/" in claire.url
    [_, opened] = install.wait_for_mail("claire@journeys.example", count=2)
    [share] = [
        link for link in links(opened) if re.search(r"/fr/brief/samen/(?!beheer/)[^/]+/$", link)
    ]

    # The poster's QR code loads and is the code of the French share link.
    with claire.expect_navigation():
        claire.locator("a[href$='/affiche/']").click()
    qr = claire.locator("main img")
    assert qr.evaluate(IMAGE_LOADED)
    svg = claire.request.get(install.url + qr.get_attribute("src"))
    assert svg.ok and svg.headers["content-type"] == "image/svg+xml"
    assert qr_modules(svg.body()) == qr_of(share)
    assert_accessible(claire)

    # Two neighbours scan it and co-sign, in French.
    for name, email in [
        ("Karim El Amrani", "karim@journeys.example"),
        ("Sofie Maes", "sofie@journeys.example"),
    ]:
        neighbour = resident()
        neighbour.goto(share)
        neighbour.fill("#id_naam", name)
        neighbour.fill("#id_email", email)
        neighbour.fill("#id_postcode", "8500")
        neighbour.check("#id_woont_hier")
        neighbour.check("#id_naam_tonen")
        submit(neighbour)
        [mail] = install.wait_for_mail(email)
        assert mail["Content-Language"] == "fr"
        neighbour.goto(link_in(mail, "/samen/ondertekening/"))
        submit(neighbour)
        assert neighbour.evaluate("document.documentElement.lang") == "fr"
        assert_accessible(neighbour)

    claire.goto(share)
    main = words(claire.inner_text("main"))
    assert "Karim El Amrani" in main and "Sofie Maes" in main
    claire.goto(link_in(opened, "/samen/beheer/"))
    assert claire.locator("#count-title").inner_text().startswith("3 ")
    submit(claire, "button[name=versturen]")
    assert_accessible(claire)

    # The worker sends it to the council: the letter, the signatories, the PDF.
    [letter] = install.wait_for_mail(council)
    assert "claire@journeys.example" in letter["Reply-To"]
    text = words(body_text(letter))
    for name in ("Claire Dubois", "Karim El Amrani", "Sofie Maes"):
        assert name in text
    assert "karim@journeys.example" not in text  # names, never addresses
    assert "rejoindre le réseau des communes solidaires" in pdf_text(letter)
    for context in pages:
        context.close()
