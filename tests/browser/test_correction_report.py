"""'Klopt er iets niet?' (the page in general) as a resident meets it, in Dutch and in French,
and as the coordinator who decides it in the back-office (a claim: test_claim_report.py)."""

import pytest

from solidair.operations.mail import outbox_flush

WORDS = {
    "": {
        "link": "Meld wat er niet klopt",
        "send": "Verstuur je melding",
        "required": "Dit veld is verplicht.",
        "thanks": "Bedankt voor je melding",
        "back": "Terug naar de pagina van Merelbeke-Melle",
    },
    "/fr": {
        "link": "Signalez ce qui ne va pas",
        "send": "Envoyer votre signalement",
        "required": "Ce champ est obligatoire.",
        "thanks": "Merci pour votre signalement",
        "back": "Retour à la page de Merelbeke-Melle",
    },
}


@pytest.mark.browser
@pytest.mark.parametrize("prefix", WORDS, ids=["nl", "fr"])
def test_a_resident_reports_and_a_coordinator_handles_it(
    page,
    site,
    smtp,
    settings,
    assert_accessible,
    prefix,
):
    from django.contrib.auth.models import User

    from solidair.membership.models import CorrectionReport

    settings.SITE_URL = site.url
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    words = WORDS[prefix]
    page.goto(site.url + prefix + "/gemeenten/merelbeke-melle/")
    with page.expect_navigation():
        page.get_by_role("link", name=words["link"]).click()
    assert page.url == site.url + prefix + "/gemeenten/merelbeke-melle/klopt-er-iets-niet/"
    assert_accessible(page)

    # Sent empty: the errors, accessible, and the address typed is kept.
    page.locator("#id_email").fill("lies@example.be")
    with page.expect_navigation():
        page.get_by_role("button", name=words["send"]).click()
    assert page.get_by_role("alert").is_visible()
    assert words["required"] in page.content()
    assert page.input_value("#id_email") == "lies@example.be"
    assert_accessible(page)

    page.locator("#id_message").fill("De buddywerking loopt sinds maart niet meer.")
    with page.expect_navigation():
        page.get_by_role("button", name=words["send"]).click()
    assert page.get_by_role("heading", level=1).inner_text() == words["thanks"]
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=words["back"]).click()
    assert page.url == site.url + prefix + "/gemeenten/merelbeke-melle/"

    report = CorrectionReport.objects.get()
    assert report.language == ("fr" if prefix else "nl-be")
    assert outbox_flush() == 2  # the coordinators, and the municipality's contact
    mails = dict(zip(map(tuple, smtp.inbox.envelopes), smtp.inbox.messages, strict=True))
    assert mails[("coordinatie@example.be",)]["Reply-To"] == "lies@example.be"
    assert "lies@example.be" not in str(mails[("sociale.dienst@example.be",)])

    # The coordinator finds it among the open reports and decides: corrected.
    User.objects.create_superuser("coordinator", "coordinator@example.be", "x-secret-9")
    page.goto(site.url + "/beheer/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "x-secret-9")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(site.url + "/beheer/membership/correctionreport/?status__exact=open")
    assert "De buddywerking loopt sinds maart niet meer." in page.content()
    page.goto(site.url + f"/beheer/membership/correctionreport/{report.pk}/change/")
    page.select_option("#id_outcome", "corrected")
    page.fill("#id_outcome_reason", "De pagina is aangepast.")
    with page.expect_navigation():
        page.click("input[name=_save]")
    report.refresh_from_db()
    assert (report.status, report.outcome) == ("handled", "corrected")
    assert report.handled_by.username == "coordinator"
    page.goto(site.url + "/beheer/membership/correctionreport/?status__exact=open")
    assert "De buddywerking loopt sinds maart niet meer." not in page.content()
