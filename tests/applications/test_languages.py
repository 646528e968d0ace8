"""An applicant's mails in the language they used; the coordinators' mail in Dutch."""

import pytest
from django.urls import translate_url
from post_office.models import Email

from solidair.applications.models import Application
from solidair.operations.mail import outbox_flush
from tests.applications.helpers import APPLICANT, fill, text_of

pytestmark = pytest.mark.django_db

START = {
    "applicant_name": "Sam Peeters",
    "applicant_email": APPLICANT,
    "applicant_role": "Diensthoofd sociale dienst",
    "website": "",
}


def test_a_french_applicant_gets_french_mails_even_when_a_dutch_coordinator_decides(
    client, smtp, settings, coordinator
):
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    # The applicant starts on the French page (its URL prefix once the site has them).
    started = client.post(
        translate_url("/aansluiten/gemeente/kortrijk/", "fr"), START, HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert started.status_code == 302
    application = Application.objects.get()
    assert application.language == "fr"
    [link] = Email.objects.all()
    assert link.headers["Content-Language"] == "fr"
    assert "Courtrai" in link.subject

    # They go on in whatever language: the mails follow the language they started in.
    token = started["Location"].rstrip("/").split("/")[-2]
    fill(client, token)
    assert client.post(f"/aansluiten/{token}/indienen/").status_code == 302
    received = Email.objects.filter(to=[APPLICANT]).order_by("pk").last()
    assert received.headers["Content-Language"] == "fr"
    assert "Courtrai" in received.subject
    coordinators = Email.objects.get(to=["coordinatie@example.be"])
    assert coordinators.headers["Content-Language"] == "nl-be"
    assert "Kortrijk" in coordinators.subject and "Courtrai" not in coordinators.subject
    outbox_flush()
    smtp.inbox.messages.clear()

    # The coordinator works in the Dutch back-office.
    client.force_login(coordinator)
    client.post(
        f"/beheer/applications/application/{application.pk}/beoordelen/",
        {"decision": "reject", "message": "Er is nog geen beslissing."},
    )
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    assert message["Content-Language"] == "fr"
    assert "Courtrai" in message["Subject"]
    assert "Er is nog geen beslissing." in text_of(message)
