"""'Klopt dit niet?' on a claim, the whole way, by keyboard, in Dutch and in French: a resident
reports a practice, the municipality's contact replies in the portal, a coordinator decides in
the back-office, and the municipality's page shows the history. axe checks every public and
portal page on the way."""

import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from solidair.operations.mail import outbox_flush
from tests.browser.helpers import submit, tab_to
from tests.helpers import CONTACT_BACKEND, contact_user

CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture
REPLY_LINK = re.compile(r"https?://\S+/portaal/merelbeke-melle/meldingen/\d+/")

WORDS = {
    "": {
        "link": "Klopt dit niet? (Buddywerking voor nieuwkomers)",
        "chosen": "Je melding gaat over:",
        "thanks": "Bedankt voor je melding",
        "saved": "Bedankt! Jullie antwoord is bewaard.",
        "section": "Meldingen en hun uitkomst",
        "disagree": "De gemeente is het niet eens met de melding",
        "confirmed": "Bevestigd: het klopt wel",
    },
    "/fr": {
        "link": "Ce n'est pas correct ? (Buddywerking voor nieuwkomers)",
        "chosen": "Votre signalement concerne :",
        "thanks": "Merci pour votre signalement",
        "saved": "Merci ! Votre réponse a été enregistrée.",
        "section": "Signalements et leur issue",
        "disagree": "La commune n'est pas d'accord avec le signalement",
        "confirmed": "Confirmé : c'est correct",
    },
}


def sign_in(page, site, user) -> None:
    """The contact's session, as the sign-in link makes it (test_portal.py walks that link)."""
    client = Client()
    client.force_login(user, backend=CONTACT_BACKEND)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.url}]
    )


@pytest.mark.browser
@pytest.mark.parametrize("prefix", WORDS, ids=["nl", "fr"])
def test_a_report_on_a_practice_a_reply_a_decision_and_the_public_history(
    page, site, smtp, settings, assert_accessible, prefix
):
    from django.contrib.auth.models import User

    from solidair.membership.models import CorrectionReport

    settings.SITE_URL = site.url
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    words = WORDS[prefix]
    home = site.url + prefix + "/gemeenten/merelbeke-melle/"

    # 1. A resident finds "Klopt dit niet?" next to the practice, and reports.
    page.goto(home)
    link = page.get_by_role("link", name=words["link"])
    href = link.get_attribute("href")
    tab_to(page, f"a[href='{href}']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "over=initiative" in page.url
    assert words["chosen"] in page.content()
    assert "Buddywerking voor nieuwkomers" in page.locator("#id_claim option:checked").inner_text()
    assert_accessible(page)
    tab_to(page, "#id_message")
    page.keyboard.type("De buddywerking loopt sinds maart niet meer.")
    tab_to(page, "#id_source_url")
    page.keyboard.type("https://example.be/nieuws")
    tab_to(page, "#id_email")
    page.keyboard.type("lies@example.be")
    submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == words["thanks"]
    assert_accessible(page)
    report = CorrectionReport.objects.get()
    assert (report.claim_kind, report.claim_title) == (
        "initiative",
        "Buddywerking voor nieuwkomers",
    )
    assert outbox_flush() == 2  # the coordinators and the contact
    to_contact = next(
        m for m, e in zip(smtp.inbox.messages, smtp.inbox.envelopes, strict=True) if e == [CONTACT]
    )
    assert "lies@example.be" not in str(to_contact)
    reply_url = REPLY_LINK.search(to_contact.get_body(("plain",)).get_content()).group(0)

    # 2. The contact replies in the portal (the mailed link, in the resident's language here).
    sign_in(page, site, contact_user(CONTACT))
    page.goto(reply_url.replace(site.url, site.url + prefix))
    assert "De buddywerking loopt sinds maart niet meer." in page.content()
    assert "lies@example.be" not in page.content()
    assert_accessible(page)
    tab_to(page, "#id_position_0")  # the group of radios, then its second: disagree
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#id_position_1")
    tab_to(page, "#id_note")
    page.keyboard.type("De buddywerking loopt nog, met twaalf buddy's.")
    tab_to(page, "#id_evidence_url")
    page.keyboard.type("https://example.be/buddy")
    submit(page)
    assert words["saved"] in page.content()
    assert_accessible(page)
    report.refresh_from_db()
    assert report.reply_position == "disagree"
    page.context.clear_cookies()

    # 3. A coordinator decides in the back-office: the claim stands.
    User.objects.create_superuser("coordinator", "coordinator@example.be", "x-secret-9")
    page.goto(site.url + "/beheer/login/")
    tab_to(page, "#id_username")
    page.keyboard.type("coordinator")
    tab_to(page, "#id_password")
    page.keyboard.type("x-secret-9")
    submit(page, "input[type=submit]")
    page.goto(site.url + f"/beheer/membership/correctionreport/{report.pk}/change/")
    tab_to(page, "#id_outcome", limit=300)  # past the back-office's menus
    page.keyboard.type("bev")  # "bevestigd: het klopt wel"
    assert page.input_value("#id_outcome") == "confirmed"
    tab_to(page, "#id_outcome_reason", limit=300)
    page.keyboard.type("De buddywerking staat in het jaarverslag van 2026.")
    tab_to(page, "input[name=_save]", limit=300)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    report.refresh_from_db()
    assert (report.outcome, report.handled_by.username) == ("confirmed", "coordinator")

    # 4. Anyone sees the history on the municipality's page, never the reporter.
    page.context.clear_cookies()
    page.goto(home)
    section = page.get_by_role("region", name=words["section"])
    text = section.inner_text()
    for expected in (
        "Buddywerking voor nieuwkomers",
        "De buddywerking loopt sinds maart niet meer.",
        words["disagree"],
        "De buddywerking loopt nog, met twaalf buddy's.",
        words["confirmed"],
        "De buddywerking staat in het jaarverslag van 2026.",
    ):
        assert expected in text, expected
    assert "lies@example.be" not in page.content()
    assert_accessible(page)
