"""An applicant's mails in the language they used; the coordinators' mail in Dutch."""

import pytest
from django.contrib.auth.models import User
from post_office.models import Email

from solidair.lib.mail import outbox_flush
from tests.applications.conftest import APPLICANT, submitted, text_of

pytestmark = pytest.mark.django_db


def test_a_french_applicant_gets_french_mails_even_when_a_dutch_coordinator_decides(
    client, smtp, settings
):
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "fr"
    application, _token = submitted(client)
    assert application.language == "fr"

    mails = {tuple(email.to): email for email in Email.objects.order_by("pk")}
    to_applicant = [e for e in Email.objects.order_by("pk") if e.to == [APPLICANT]]
    assert {e.headers["Content-Language"] for e in to_applicant} == {"fr"}
    assert "Courtrai" in to_applicant[-1].subject  # "we received it", in French
    coordinators = mails[("coordinatie@example.be",)]
    assert coordinators.headers["Content-Language"] == "nl-be"
    assert "Kortrijk" in coordinators.subject and "Courtrai" not in coordinators.subject
    outbox_flush()
    smtp.inbox.messages.clear()

    # The coordinator works in the Dutch back-office.
    coordinator = User.objects.create_superuser("coordinator", "coordinator@example.be", "x-9")
    client.defaults.pop("HTTP_ACCEPT_LANGUAGE")
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
