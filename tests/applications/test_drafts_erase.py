"""Abandoned drafts are deleted after the promised term, with their personal data and PDF."""

import datetime
import logging

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from post_office.models import Email

from solidair.applications import privacy
from solidair.applications.models import Application, ApplicationCommitment, ApplicationContact
from solidair.applications.privacy import application_drafts_erase
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run
from tests.applications.helpers import (
    commitments_data,
    contacts_data,
    decision_data,
    fill,
    start,
    submitted,
    text_of,
)
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db

PERSONAL = ("Sam Peeters", "sam.peeters@kortrijk.be", "An De Smet", "an.desmet@kortrijk.be")


def draft_with_pdf(client, slug="kortrijk") -> Application:
    token = start(client, slug)
    base = f"/aansluiten/{token}"
    assert client.post(f"{base}/engagementen/", commitments_data()).status_code == 302
    for _version in range(2):  # a replaced PDF, then the current one
        upload = SimpleUploadedFile("besluit.pdf", pdf_bytes(), content_type="application/pdf")
        response = client.post(
            f"{base}/beslissing/", decision_data(decision_url="", decision_document=upload)
        )
        assert response.status_code == 302
    assert client.post(f"{base}/contactpersonen/", contacts_data()).status_code == 302
    return Application.objects.get(municipality__slug=slug)


def age(application: Application, days: int) -> None:
    stamp = timezone.now() - datetime.timedelta(days=days)
    Application.objects.filter(pk=application.pk).update(updated_at=stamp)


def history_rows(pk: int) -> list[str]:
    rows = [
        *Application.history.filter(id=pk).values(),
        *ApplicationContact.history.filter(application_id=pk).values(),
        *ApplicationCommitment.history.filter(application_id=pk).values(),
    ]
    return [str(value) for row in rows for value in row.values()]


def test_an_abandoned_draft_goes_with_its_parts_its_history_and_its_pdf(
    client, django_capture_on_commit_callbacks, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        draft = draft_with_pdf(client)
    start(client, "gent", email="other@gent.be")  # not abandoned: its mail stays
    assert Email.objects.filter(to__contains="sam.peeters").count() == 1
    document = draft.decision_document.name
    assert default_storage.exists(document)
    assert any(name in history_rows(draft.pk) for name in PERSONAL)
    age(draft, 91)

    with caplog.at_level(logging.INFO), django_capture_on_commit_callbacks(execute=True):
        summary = application_drafts_erase(now=timezone.now())

    assert summary == "1 abandoned application drafts deleted, 1 files"
    assert not Application.objects.filter(pk=draft.pk).exists()
    assert not ApplicationContact.objects.filter(application_id=draft.pk).exists()
    assert not ApplicationCommitment.objects.filter(application_id=draft.pk).exists()
    assert history_rows(draft.pk) == []
    assert not default_storage.exists(document)
    assert default_storage.listdir("private/applications")[1] == []  # the replaced PDF too
    assert not Email.objects.filter(to__contains="sam.peeters").exists()  # the link's mail
    assert Email.objects.filter(to__contains="other@gent.be").exists()
    for name in PERSONAL:
        assert name not in caplog.text
    # Idempotent: nothing more to do.
    assert application_drafts_erase(now=timezone.now()) == ""


def test_a_draft_touched_within_the_term_and_submitted_applications_stay(client, monkeypatch):
    recent = draft_with_pdf(client)
    age(recent, 89)
    application, _token = submitted(client, "gent")
    age(application, 400)
    assert application_drafts_erase(now=timezone.now()) == ""
    assert Application.objects.count() == 2
    assert any(name in history_rows(recent.pk) for name in PERSONAL)

    monkeypatch.setattr(privacy, "DRAFT_KEPT_DAYS", 30)
    assert application_drafts_erase(now=timezone.now()).startswith("1 abandoned")
    assert list(Application.objects.all()) == [application]


def test_any_change_restarts_the_term(client):
    token = start(client)
    draft = Application.objects.get()
    age(draft, 91)
    fill(client, token)  # the applicant came back
    assert application_drafts_erase(now=timezone.now()) == ""
    assert application_drafts_erase(now=timezone.now() + datetime.timedelta(days=91))


def test_it_is_a_periodic_job_and_takes_a_replaced_pdf_left_behind_too(
    client, tmp_path, django_capture_on_commit_callbacks
):
    # Without the commit callbacks, the replaced PDF stayed on disk: the history names it.
    age(draft_with_pdf(client), 100)
    assert len(default_storage.listdir("private/applications")[1]) == 2
    with django_capture_on_commit_callbacks(execute=True):
        results = periodic_run(only="application_drafts_erase", lockfile=str(tmp_path / "lock"))
    summary = "1 abandoned application drafts deleted, 2 files"
    assert results == {"application_drafts_erase": summary}
    assert not Application.objects.exists()
    assert default_storage.listdir("private/applications")[1] == []


def test_the_applicant_is_told_the_term_with_the_link(client, smtp):
    token = start(client)
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    assert "na 90 dagen zonder wijziging" in text_of(message)
    client.post("/aansluiten/link/", {"email": "sam.peeters@kortrijk.be", "website": ""})
    outbox_flush()
    assert "na 90 dagen zonder wijziging" in text_of(smtp.inbox.messages[-1])
    body = client.get(f"/aansluiten/{token}/").content.decode()
    assert "na 90 dagen zonder wijziging" in body
