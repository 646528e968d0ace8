"""'Klopt er iets niet?' as a resident meets it, in Dutch and in French, and as the coordinator
who handles it in the back-office."""

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
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    assert message["Reply-To"] == "lies@example.be"

    # The coordinator finds it among the open reports and marks it handled.
    User.objects.create_superuser("coordinator", "coordinator@example.be", "x-secret-9")
    page.goto(site.url + "/beheer/login/")
    page.fill("#id_username", "coordinator")
    page.fill("#id_password", "x-secret-9")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(site.url + "/beheer/membership/correctionreport/?status__exact=open")
    assert "De buddywerking loopt sinds maart niet meer." in page.content()
    page.locator(f"input[name=_selected_action][value='{report.pk}']").check()
    page.select_option("select[name=action]", "mark_handled")
    with page.expect_navigation():
        page.locator("button[name=index]").click()
    report.refresh_from_db()
    assert report.status == "handled"
    assert report.handled_by.username == "coordinator"
    page.goto(site.url + "/beheer/membership/correctionreport/?status__exact=open")
    assert "De buddywerking loopt sinds maart niet meer." not in page.content()
