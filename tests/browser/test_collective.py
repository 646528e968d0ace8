"""Writing together in a browser: a resident starts a collective letter, a second resident
co-signs with the link from the captured mail, and the share page counts both; axe checks
every page on the way (start, share page, co-sign form with errors, privacy, my data)."""

import io
import re

import pytest
import segno

from solidair.operations.mail import outbox_flush
from tests.languages import translated

LINK = re.compile(r"https?://\S+")


def link_in(message, fragment: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(link for link in LINK.findall(text) if fragment in link)


def submit(page, selector: str = "main button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.browser
def test_two_residents_write_together(page, site, smtp, settings, assert_accessible):
    settings.SITE_URL = site.url  # mailed links point at the live server
    settings.RATELIMIT_ENABLE = False
    settings.LETTER_FORM_MIN_SECONDS = 0  # a script types faster than the form allows a person

    # From the letter page to the collective letter.
    page.goto(site.url + "/brief/hove/")
    with page.expect_navigation():
        page.get_by_role("link", name="Schrijf samen met andere inwoners").click()
    assert page.url == site.url + "/brief/hove/samen/"
    assert_accessible(page)

    page.fill("#id_naam", "Griet Vermeulen")
    page.fill("#id_email", "griet@example.be")
    page.fill("#id_postcode", "2540")
    page.check("#id_naam_tonen")
    page.fill("#id_gezamenlijke_alinea", "Samen vragen we een warme opvang in Hove.")
    submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Kijk in je mailbox"
    assert_accessible(page)

    # The initiator confirms with the link from her mail; the manage page opens.
    assert outbox_flush() == 1
    page.goto(link_in(smtp.inbox.messages[-1], "/samen/bevestig/"))
    assert_accessible(page)
    submit(page)
    assert "/brief/samen/beheer/" in page.url
    assert "1 ondertekenaar" in page.get_by_role("heading", level=2).first.inner_text()
    assert_accessible(page)
    share = page.locator("section[aria-labelledby=share-title] a").first.get_attribute("href")
    assert share.startswith(site.url + "/brief/samen/")

    # A second resident opens the share page and makes a mistake first.
    other = page.context.new_page()
    other.set_default_timeout(5_000)
    other.goto(share)
    assert "1 inwoner ondertekende" in other.content()
    assert_accessible(other)
    other.fill("#id_naam", "Karim El Amrani")
    other.fill("#id_email", "karim@example.be")
    other.fill("#id_postcode", "9000")
    submit(other)
    assert other.get_by_role("alert").is_visible()
    assert "9000 is geen postcode van Hove." in other.content()
    assert "Enkel inwoners van Hove kunnen deze brief ondertekenen." in other.content()
    assert other.input_value("#id_naam") == "Karim El Amrani"
    assert_accessible(other)

    other.fill("#id_postcode", "2540")
    other.check("#id_woont_hier")
    other.check("#id_naam_tonen")
    submit(other)
    assert other.get_by_role("heading", level=1).inner_text() == "Kijk in je mailbox"

    # Two mails went out since: the initiator's share links, and Karim's confirmation.
    assert outbox_flush() == 2
    karim = next(m for m in smtp.inbox.messages if m["To"] == "karim@example.be")
    other.goto(link_in(karim, "/samen/ondertekening/"))
    assert_accessible(other)
    submit(other)
    assert "De brief heeft nu 2 ondertekenaars." in other.content()
    assert_accessible(other)

    other.goto(share)
    assert "2 inwoners ondertekenden" in other.content()
    assert "Karim El Amrani" in other.content()
    assert "karim@example.be" not in other.content()

    # The privacy page, from the footer, and Karim's own data.
    other.get_by_role("link", name="Privacy").click()
    other.wait_for_url(site.url + "/brief/privacy/")
    assert_accessible(other)
    other.goto(link_in(karim, "/mijn-gegevens/"))
    assert "karim@example.be" in other.content()
    assert_accessible(other)
    submit(other)
    assert other.get_by_role("heading", level=1).inner_text() == "Je gegevens zijn gewist"
    assert_accessible(other)
    other.goto(share)
    assert "1 inwoner ondertekende" in other.content()


@pytest.mark.browser
def test_a_writer_reports_the_councils_answer(page, site, smtp, settings, assert_accessible):
    """The follow-up mail's *ja* link, the form with an error, then the public timeline."""
    import datetime

    from django.utils import timezone

    from solidair.letters.delivery.followup import letters_followup
    from tests.letters.collective_helpers import sent_resident_letter

    settings.SITE_URL = site.url
    settings.RATELIMIT_ENABLE = False
    sent = timezone.now() - datetime.timedelta(days=15)
    sent_resident_letter(sent)
    assert letters_followup(now=timezone.now()).startswith("1 follow-up")
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    page.goto(link_in(message, "/ja/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Heeft het bestuur geantwoord?"
    assert_accessible(page)
    page.fill("#id_link", "geen link")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert_accessible(page)
    page.get_by_label("Zet het lidmaatschap op de agenda").check()
    page.fill("#id_link", "")
    submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt voor je antwoord"
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Naar de pagina van Hove").click()
    assert "gemeld door een inwoner" in page.content()
    assert "1 inwoner stuurde een brief" in page.content()
    assert_accessible(page)


# An image that the browser loaded and drew (a broken image has naturalWidth 0).
IMAGE_LOADED = "img => img.complete && img.naturalWidth > 0"


def qr_modules(svg: bytes) -> str:
    return re.search(rb'<path[^>]* d="([^"]+)"', svg).group(1).decode()


def qr_of(url: str) -> str:
    """The QR code of ``url`` as the site draws it: the same modules decode to ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=4, xmldecl=False)
    return qr_modules(out.getvalue())


@pytest.mark.browser
def test_a_collective_letter_in_french_with_its_qr_code_and_two_co_signers(
    browser,
    site,
    smtp,
    settings,
    assert_accessible,
):
    """A French-speaking resident (a French browser, the French pages) starts the letter,
    prints the poster, whose QR code loads and leads to the French share page; two neighbours
    co-sign from it; she sends the letter."""
    from solidair.letters.models import CollectiveLetter, LetterStatus
    from tests.letters.collective_helpers import council_address

    settings.SITE_URL = site.url
    settings.RATELIMIT_ENABLE = False
    settings.LETTER_FORM_MIN_SECONDS = 0
    council_address()

    def french_page(locale: str = "fr-BE"):
        """A new browser (its own cookies) whose language is ``locale``."""
        context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
        page = context.new_page()
        page.set_default_timeout(5_000)
        return page

    page = french_page()
    page.goto(site.url + "/fr/brief/hove/")
    with page.expect_navigation():
        page.locator("a[href='/fr/brief/hove/samen/']").click()
    assert page.evaluate("document.documentElement.lang") == "fr"
    page.fill("#id_naam", "Claire Dubois")
    page.fill("#id_email", "claire@example.be")
    page.fill("#id_postcode", "2540")
    page.check("#id_naam_tonen")
    page.fill("#id_gezamenlijke_alinea", "Ensemble, nous demandons un accueil chaleureux.")
    submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == translated(
        "Kijk in je mailbox", "fr"
    )

    assert outbox_flush() == 1
    confirmation = smtp.inbox.messages[-1]
    assert confirmation["Content-Language"] == "fr"
    page.goto(link_in(confirmation, "/samen/bevestig/"))
    submit(page)
    assert "/fr/brief/samen/beheer/" in page.url
    assert_accessible(page)
    assert outbox_flush() == 1  # the links to share and to manage the letter
    opened = smtp.inbox.messages[-1]
    letter = CollectiveLetter.objects.get()
    share = f"{site.url}/fr/brief/samen/{letter.share_key}/"
    qr = page.locator("section[aria-labelledby=share-title] img")
    assert qr.get_attribute("src") == f"/fr/brief/samen/{letter.share_key}/qr.svg"
    assert qr.evaluate(IMAGE_LOADED)

    # The poster: its QR code loads, and is the code of the French share link.
    with page.expect_navigation():
        page.locator("a[href$='/affiche/']").click()
    assert page.url == f"{share}affiche/"
    poster_qr = page.locator("main img")
    assert poster_qr.evaluate(IMAGE_LOADED)
    svg = page.request.get(site.url + poster_qr.get_attribute("src"))
    assert svg.ok and svg.headers["content-type"] == "image/svg+xml"
    assert qr_modules(svg.body()) == qr_of(share)
    assert share in page.locator("main").inner_text()
    assert_accessible(page)
    # Whatever the browser's language: the French poster in a Dutch or English browser, the
    # Dutch poster in this French one.
    for locale in ("nl-BE", "en-GB"):
        other = french_page(locale)
        other.goto(f"{share}affiche/")
        assert other.locator("main img").evaluate(IMAGE_LOADED), locale
        other.context.close()
    page.goto(f"{site.url}/brief/samen/{letter.share_key}/affiche/")
    assert page.locator("main img").evaluate(IMAGE_LOADED)

    # Two neighbours scan the code (the share link) and co-sign.
    neighbours = [("Karim El Amrani", "karim@example.be"), ("Sofie Maes", "sofie@example.be")]
    for name, email in neighbours:
        neighbour = french_page()
        neighbour.goto(share)
        neighbour.fill("#id_naam", name)
        neighbour.fill("#id_email", email)
        neighbour.fill("#id_postcode", "2540")
        neighbour.check("#id_woont_hier")
        neighbour.check("#id_naam_tonen")
        submit(neighbour)
        assert outbox_flush() == 1
        mail = smtp.inbox.messages[-1]
        assert mail["To"] == email and mail["Content-Language"] == "fr"
        neighbour.goto(link_in(mail, "/samen/ondertekening/"))
        assert "/fr/brief/samen/ondertekening/" in neighbour.url
        submit(neighbour)
        assert neighbour.evaluate("document.documentElement.lang") == "fr"
        assert_accessible(neighbour)
        neighbour.context.close()

    page.goto(share)
    assert "Karim El Amrani" in page.content() and "Sofie Maes" in page.content()
    assert link_in(opened, f"/samen/{letter.share_key}/") == share  # what the QR code says
    page.goto(link_in(opened, "/samen/beheer/"))
    assert page.locator("#count-title").inner_text().startswith("3 ")
    submit(page, "button[name=versturen]")
    letter.refresh_from_db()
    assert (letter.status, letter.signatory_count) == (LetterStatus.WAITING, 3)
    assert page.get_by_role("status").inner_text() == translated(
        "Deze brief is klaar en vertrekt binnenkort naar het bestuur. Ondertekenen kan niet meer.",
        "fr",
    )
    assert_accessible(page)
