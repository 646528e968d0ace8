"""A contact signs in with the link from a real mail, climbs a commitment's ladder with a date
and a link, and the public page shows it; axe checks the portal's editing pages, error states
included."""

import io

import pytest
from PIL import Image

from tests.browser.helpers import PORTAL, sign_in_by_mail


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "teal").save(out, format="PNG")
    return out.getvalue()


@pytest.mark.browser
def test_a_contact_climbs_the_ladder_of_a_commitment(page, site, smtp, settings, assert_accessible):
    settings.SITE_URL = site.url
    sign_in_by_mail(page, site, smtp)

    page.goto(site.url + PORTAL)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Werk 'Huisvesting' bij").click()
    assert "Engagement: Huisvesting" in page.get_by_role("heading", level=1).inner_text()
    assert_accessible(page)

    # An error state first: stopping one of three commitments is refused, with a way out.
    page.get_by_role("radio", name="stopgezet").check()
    page.get_by_label("Sinds wanneer gepauzeerd of stopgezet (datum)").fill("2025-05-01")
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaar het engagement").click()
    alert = page.get_by_role("alert")
    assert "Dan blijven er 2 actieve engagementen over." in alert.inner_text()
    assert page.get_by_role(
        "link", name="Vraag om het lidmaatschap te pauzeren", exact=True
    ).is_visible()
    assert_accessible(page)

    page.get_by_role("radio", name="lopend").check()
    page.get_by_label("Sinds wanneer gepauzeerd of stopgezet (datum)").fill("")
    page.locator("#id_rung4_reached").check()
    page.locator("#id_rung4_date").fill("2025-06-30")
    page.locator("#id_rung4_evidence_url").fill("https://example.be/woonbeleid")
    page.locator("#id_rung4_evidence_note").fill("Pagina Wonen van de gemeente")
    with page.expect_navigation():
        page.get_by_role("button", name="Bewaar het engagement").click()
    assert page.url == site.url + PORTAL
    assert page.get_by_role("status").inner_text() == "Het engagement is bewaard."
    assert_accessible(page)

    page.goto(site.url + "/gemeenten/merelbeke-melle/")
    card = page.locator(".commitment", has=page.get_by_role("heading", name="Huisvesting"))
    assert "zichtbaar voor inwoners" in card.inner_text()
    assert "30 juni 2025 · bewezen" in card.inner_text()
    evidence = card.get_by_role("link", name="Pagina Wonen van de gemeente")
    assert evidence.get_attribute("href") == "https://example.be/woonbeleid"
    assert_accessible(page)


@pytest.mark.browser
def test_the_editing_pages_are_accessible(page, site, smtp, settings, assert_accessible, tmp_path):
    settings.SITE_URL = site.url
    settings.MEDIA_ROOT = tmp_path / "media"
    sign_in_by_mail(page, site, smtp)
    for path in ("tekst/", "contacten/uitnodigen/", "engagementen/nieuw/", "pauzeren/"):
        page.goto(site.url + PORTAL + path)
        assert page.get_by_role("heading", level=1).is_visible()
        assert_accessible(page)

    # Removing a commitment below three: refused with an explanation.
    page.goto(site.url + PORTAL)
    with page.expect_navigation():
        page.get_by_role("link", name="Werk 'Opvangplaatsen' bij").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Dit engagement verwijderen").click()
    assert "kan je niet verwijderen" in page.get_by_role("alert").inner_text()
    assert_accessible(page)

    # An image without its description: refused, the rest kept.
    page.goto(site.url + PORTAL + "initiatieven/nieuw/")
    assert_accessible(page)
    page.get_by_label("Titel").fill("Taalcafé")
    page.get_by_label("Afbeelding", exact=True).set_input_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": png()}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Voeg het initiatief toe").click()
    assert "Beschrijf wat de afbeelding toont" in page.get_by_role("alert").inner_text()
    assert page.get_by_label("Titel").input_value() == "Taalcafé"
    assert_accessible(page)

    page.get_by_label("Afbeelding", exact=True).set_input_files(
        {"name": "foto.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_label("Beschrijving van de afbeelding").fill("Mensen rond een tafel")
    with page.expect_navigation():
        page.get_by_role("button", name="Voeg het initiatief toe").click()
    assert page.get_by_role("status").inner_text() == "Het initiatief is toegevoegd."
    with page.expect_navigation():
        page.get_by_role("link", name="Pas 'Taalcafé' aan").click()
    assert page.get_by_role("img", name="Mensen rond een tafel").is_visible()
    assert_accessible(page)
