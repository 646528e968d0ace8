"""A resident sends their letter by e-mail: confirms with the link from a real mail, and the
council's inbox receives it; axe checks every page on the way."""

import re

import pytest

from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.models import CouncilAddress, ResidentLetter
from solidair.operations.mail import outbox_flush

LINK = re.compile(r"https?://\S+/brief/bevestig/[\w:-]+/")


def fill_letter(page, site, slug: str, email: str) -> None:
    page.goto(f"{site.url}/brief/{slug}/")
    page.fill("#id_naam", "An Peeters")
    page.fill("#id_email", email)
    page.fill("#id_persoonlijke_alinea", "Ik woon hier al twintig jaar.")
    with page.expect_navigation():
        page.click("button:has-text('Toon mijn brief')")


@pytest.mark.browser
def test_a_resident_sends_a_letter_that_reaches_the_council(
    page,
    site,
    smtp,
    settings,
    assert_accessible,
):
    from tests.factories import council_address_set, municipality

    settings.SITE_URL = site.url  # the mailed link points at the live server
    settings.LETTER_FORM_MIN_SECONDS = 0
    council_address_set(
        municipality("Hove"), "college@hove.be", source="https://www.hove.be/contact"
    )

    fill_letter(page, site, "hove", "an@example.be")
    section = page.locator("#versturen")
    assert (
        "naar het college van burgemeester en schepenen van Hove, via college@hove.be"
        in " ".join(section.inner_text().split())
    )
    assert page.is_checked("#id_kopie")
    assert_accessible(page)

    with page.expect_navigation():
        section.get_by_role("button", name="Verstuur via e-mail").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mailbox"
    assert_accessible(page)

    # The live server runs in a thread of this process: deliver its outbox from here.
    assert outbox_flush() == 1
    [confirmation] = smtp.inbox.messages
    assert smtp.inbox.envelopes == [["an@example.be"]]
    link = LINK.search(confirmation.get_body(("plain",)).get_content()).group(0)
    assert link.startswith(site.url)

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig je brief"
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Verstuur mijn brief").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt, je brief is bevestigd"
    assert "vertrekt naar het college van burgemeester en schepenen van Hove" in page.content()
    assert_accessible(page)

    letter = ResidentLetter.objects.get()
    assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
    assert outbox_flush() == 1
    message = smtp.inbox.messages[-1]
    assert sorted(smtp.inbox.envelopes[-1]) == ["an@example.be", "college@hove.be"]
    assert message["To"] == "college@hove.be"
    assert message["Reply-To"] == "an@example.be"
    [attachment] = message.iter_attachments()
    assert attachment.get_content().startswith(b"%PDF")

    # The link worked once.
    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet meer"
    assert_accessible(page)

    # A second letter from the same address to the same council is refused, clearly.
    fill_letter(page, site, "hove", "an@example.be")
    with page.expect_navigation():
        page.locator("#versturen").get_by_role("button", name="Verstuur via e-mail").click()
    alert = page.locator("#send-error")
    assert "de voorbije 90 dagen al een brief" in alert.inner_text()
    assert "Ik woon hier al twintig jaar." in page.locator("article.letter").inner_text()
    assert_accessible(page)


@pytest.mark.browser
def test_without_a_council_address_a_resident_can_suggest_one(
    page, site, settings, assert_accessible
):
    settings.LETTER_FORM_MIN_SECONDS = 0
    # Pajottegem (merged in 2025): the reference data has no address for it yet.
    fill_letter(page, site, "pajottegem", "an@example.be")
    assert "We kennen het e-mailadres van het college van Pajottegem nog niet." in page.content()
    assert page.get_attribute("a[href^='mailto:']", "href").startswith("mailto:?subject=")
    assert_accessible(page)

    with page.expect_navigation():
        page.click("a[href='/brief/pajottegem/adres-voorstellen/']")
    assert_accessible(page)
    page.fill("#id_voorstel_email", "geen adres")
    with page.expect_navigation():
        page.click("button:has-text('Stel dit adres voor')")
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.fill("#id_voorstel_email", "college@pajottegem.be")
    with page.expect_navigation():
        page.click("button:has-text('Stel dit adres voor')")
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt voor je voorstel"
    assert_accessible(page)


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "prefix", "slug", "name", "council", "month"),
    [
        ("nl-be", "", "aartselaar", "Aartselaar", "info@aartselaar.be", "december 2023"),
        ("fr", "/fr", "antwerpen", "Anvers", "info@antwerpen.be", "décembre 2023"),
    ],
    ids=["nl", "fr"],
)
def test_a_letter_reaches_the_council_at_the_address_of_the_reference_data(
    page,
    site,
    smtp,
    settings,
    assert_accessible,
    language,
    prefix,
    slug,
    name,
    council,
    month,
):
    """From a fresh install's reference data (the Organisatieportaal), with no address typed."""
    from tests.languages import translated

    def t(text: str) -> str:
        return translated(text, language) if prefix else text

    settings.SITE_URL = site.url
    settings.LETTER_FORM_MIN_SECONDS = 0
    address = CouncilAddress.objects.get(municipality__slug=slug)
    assert (address.email, address.origin) == (council, "organisatieportaal")

    # The municipality's page: the official website, phone and e-mail, with their source.
    page.goto(f"{site.url}{prefix}/gemeenten/{slug}/")
    contact = page.locator("section[aria-labelledby='general-contact-title']")
    assert council in contact.inner_text()
    assert "Organisatieportaal" in contact.inner_text() and month in contact.inner_text()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role(
            "link", name=t("Schrijf een brief aan het bestuur van %(name)s") % {"name": name}
        ).click()
    page.fill("#id_naam", "An Peeters")
    page.fill("#id_email", "an@example.be")
    page.fill("#id_persoonlijke_alinea", "Ik woon hier al twintig jaar.")
    with page.expect_navigation():
        page.get_by_role("button", name=t("Toon mijn brief")).click()
    section = page.locator("#versturen")
    source = t("adres uit het Organisatieportaal, %(month)s") % {"month": month}
    assert f"{council} — {source}" in " ".join(section.inner_text().split())
    assert_accessible(page)

    with page.expect_navigation():
        section.get_by_role("button", name=t("Verstuur via e-mail")).click()
    assert page.get_by_role("heading", level=1).inner_text() == t("Kijk in je mailbox")
    assert outbox_flush() == 1
    confirmation = smtp.inbox.messages[-1]
    assert confirmation["Content-Language"] == language
    link = LINK.search(confirmation.get_body(("plain",)).get_content()).group(0)
    page.goto(link)
    with page.expect_navigation():
        page.get_by_role("button", name=t("Verstuur mijn brief")).click()
    assert_accessible(page)

    # The worker's dispatch at the letter's slot, and its outbox.
    letter = ResidentLetter.objects.get()
    assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
    assert outbox_flush() == 1
    message = smtp.inbox.messages[-1]
    assert sorted(smtp.inbox.envelopes[-1]) == sorted(["an@example.be", council])
    assert message["To"] == council
    assert "Ik woon hier al twintig jaar." in message.get_body(("plain",)).get_content()
