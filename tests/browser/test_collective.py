"""Writing together in a browser: a resident starts a collective letter, a second resident
co-signs with the link from the captured mail, and the share page counts both; axe checks
every page on the way (start, share page, co-sign form with errors, privacy, my data)."""

import re

import pytest

from solidair.lib.mail import outbox_flush
from tests.lib.conftest import smtp  # noqa: F401  (the real SMTP server)

LINK = re.compile(r"https?://\S+")


def link_in(message, fragment: str) -> str:
    text = message.get_body(("plain",)).get_content()
    return next(link for link in LINK.findall(text) if fragment in link)


def submit(page, selector: str = "main button[type=submit]") -> None:
    with page.expect_navigation():
        page.click(selector)


@pytest.mark.browser
def test_two_residents_write_together(page, site, smtp, settings, assert_accessible):  # noqa: F811
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
def test_a_writer_reports_the_councils_answer(page, site, smtp, settings, assert_accessible):  # noqa: F811
    """The follow-up mail's *ja* link, the form with an error, then the public timeline."""
    import datetime

    from django.utils import timezone

    from solidair.letters.followup import letters_followup
    from tests.letters.together import sent_resident_letter

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
