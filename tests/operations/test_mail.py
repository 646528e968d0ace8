"""The e-mail outbox against a real SMTP server on loopback (aiosmtpd, tests/lib/smtp.py)."""

import fcntl
import signal
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core import mail as django_mail
from django.core.management import call_command
from django.db import transaction
from django_tasks import TaskResultStatus, task
from post_office.models import STATUS, Email, Log

from solidair.operations.mail import mail_queue, mail_send, outbox_flush, retry_delay
from tests.lib.helpers import run_worker, time_passes, worker_environment, worker_outbox

pytestmark = pytest.mark.django_db


def letter(number: int = 1) -> Email:
    return mail_queue(
        to=[f"inwoner{number}@example.be"],
        subject=f"Brief {number} aan het college",
        text=f"Geacht college, brief {number}.",
    )


def test_a_queued_mail_is_delivered_as_written(smtp):
    email = mail_queue(
        to=["Griet Peeters <griet@example.be>", "college@gent.be"],
        cc=["secretariaat@gent.be"],
        reply_to=["inwoner@example.be"],
        subject="Brief aan het college van Sint-Niklaas — één",
        text="Geacht college,\n\nIk schrijf u als inwoner.",
        html="<p>Geacht college,</p><p>Ik schrijf u als <em>inwoner</em>.</p>",
        attachments={"brief.pdf": (b"%PDF-1.7 brief", "application/pdf")},
        headers={"X-Solidair": "brief"},
    )

    assert outbox_flush() == 1

    [message] = smtp.inbox.messages
    assert message["From"] == settings.DEFAULT_FROM_EMAIL
    assert message["To"] == "Griet Peeters <griet@example.be>, college@gent.be"
    assert message["Cc"] == "secretariaat@gent.be"
    assert message["Reply-To"] == "inwoner@example.be"
    # Django folds an encoded subject onto a second line; unfolded, it starts with a space.
    assert message["Subject"].strip() == "Brief aan het college van Sint-Niklaas — één"
    assert message["X-Solidair"] == "brief"
    assert message["Message-ID"] == email.message_id
    assert email.message_id.endswith("@solidairegemeenten.be>")
    assert sorted(smtp.inbox.envelopes[0]) == [
        "college@gent.be",
        "griet@example.be",
        "secretariaat@gent.be",
    ]
    assert message.get_body(("plain",)).get_content() == (
        "Geacht college,\n\nIk schrijf u als inwoner."
    )
    assert "<em>inwoner</em>" in message.get_body(("html",)).get_content()
    [attachment] = message.iter_attachments()
    assert attachment.get_filename() == "brief.pdf"
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_content() == b"%PDF-1.7 brief"
    email.refresh_from_db()
    assert email.status == STATUS.sent


def test_mail_send_renders_subject_and_body_in_the_language_and_queues_them():
    municipality = type("Municipality", (), {"name": "Gent", "name_nl": "Gent & Co <x>"})
    email = mail_send(
        "portal/change",
        to=["coordinatie@example.be"],
        context={
            "municipality": municipality,
            "summary": "Pagina's {% if %}",
            "object": "Gent",
            "lines": ["Naam: A → B"],
            "by": "contact@gent.be",
            "history_url": "https://example.be/geschiedenis",
        },
        language="fr",
        reply_to=["contact@gent.be"],
    )
    # Not HTML-escaped, one line, translated (the msgid is the one _() had in code).
    assert email.subject == "Portail\xa0: Gent & Co <x> — Pagina's {% if %}"
    assert email.message.startswith("Une modification a été apportée dans le portail pour Gent.")
    assert "- Naam: A → B\n" in email.message
    assert email.headers == {"Content-Language": "fr", "Reply-To": "contact@gent.be"}
    assert email.to == ["coordinatie@example.be"]


def test_nothing_is_sent_until_the_flush_runs(smtp):
    email = letter()
    time.sleep(0.2)
    assert smtp.inbox.messages == []
    email.refresh_from_db()
    assert email.status == STATUS.queued

    outbox_flush()
    assert len(smtp.inbox.messages) == 1


def test_django_send_mail_goes_through_the_outbox(smtp, settings):
    # pytest-django swaps EMAIL_BACKEND for locmem; put the project's back.
    settings.EMAIL_BACKEND = "solidair.operations.mail.OutboxBackend"
    message = django_mail.EmailMultiAlternatives(
        "Uw aanmelding",
        "Welkom in het netwerk.",
        to=["contact@leuven.be"],
        bcc=["archief@example.be"],
        reply_to=["netwerk@example.be"],
    )
    message.attach_alternative("<p>Welkom in het netwerk.</p>", "text/html")
    message.attach("lijst.csv", "gemeente;status\nLeuven;lid\n", "text/csv")
    assert message.send() == 1
    assert smtp.inbox.messages == []
    email = Email.objects.get()
    assert email.bcc == ["archief@example.be"]

    outbox_flush()

    [received] = smtp.inbox.messages
    assert received["Subject"] == "Uw aanmelding"
    assert received["Reply-To"] == "netwerk@example.be"
    assert received["Message-ID"] == email.message_id
    assert "Bcc" not in received
    assert "archief@example.be" in smtp.inbox.envelopes[0]
    assert received.get_body(("html",)).get_content().strip() == "<p>Welkom in het netwerk.</p>"
    [attachment] = received.iter_attachments()
    assert attachment.get_content() == "gemeente;status\nLeuven;lid\n"


def test_a_rolled_back_transaction_queues_nothing(smtp):
    with pytest.raises(RuntimeError), transaction.atomic():
        letter()
        raise RuntimeError("the request fails after queueing")

    assert not Email.objects.exists()
    assert outbox_flush() == 0
    assert smtp.inbox.messages == []


def test_one_flush_at_a_time(smtp, settings):
    letter()
    with open(settings.MAIL_LOCK_FILE, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)  # another worker is sending
        assert outbox_flush() == 0
    assert smtp.inbox.messages == []
    assert outbox_flush() == 1


def test_template_syntax_in_a_mail_is_sent_as_written(smtp):
    text = "Beste {{ naam }}, {# geen commentaar #} {% now 'Y' %} {% debug %}"
    mail_queue(to=["college@gent.be"], subject="{{ onderwerp }}", text=text, html=f"<p>{text}</p>")
    outbox_flush()
    [message] = smtp.inbox.messages
    assert message["Subject"] == "{{ onderwerp }}"
    assert message.get_body(("plain",)).get_content().strip() == text
    assert text in message.get_body(("html",)).get_content()


def test_one_flush_sends_over_one_connection_and_marks_each_mail_as_it_goes(smtp):
    emails = [letter(number) for number in range(5)]
    assert outbox_flush() == 5
    assert smtp.inbox.message_ids() == [email.message_id for email in emails]
    assert len(set(smtp.inbox.peers)) == 1
    assert set(Email.objects.values_list("status", flat=True)) == {STATUS.sent}


def test_a_mail_the_server_refuses_waits_and_the_next_ones_go(smtp):
    first = letter(1)
    # Not an address the server takes (aiosmtpd refuses an empty local part), nor Django's
    # validation: written as a queued row would be after an address was changed.
    refused = letter(2)
    Email.objects.filter(pk=refused.pk).update(to=["<>"])
    third = letter(3)

    assert outbox_flush() == 2
    assert smtp.inbox.message_ids() == [first.message_id, third.message_id]
    refused.refresh_from_db()
    assert refused.status == STATUS.requeued
    assert refused.number_of_retries == 1
    assert Log.objects.get(email=refused).status == STATUS.failed


def test_a_mail_is_refused_when_it_cannot_be_sent():
    with pytest.raises(ValueError, match="recipient"):
        mail_queue(to=[], subject="Brief", text="Tekst")
    with pytest.raises(ValueError, match="line break"):
        mail_queue(to=["college@gent.be"], subject="Brief\nBcc: iedereen@example.be", text="")
    with pytest.raises(Exception, match="Invalid email"):
        mail_queue(to=["geen adres"], subject="Brief", text="Tekst")
    assert not Email.objects.exists()


def test_while_the_smtp_server_is_down_the_mail_waits_and_keeps_its_message_id(smtp):
    email = letter()
    smtp.stop()

    assert outbox_flush() == 0
    email.refresh_from_db()
    assert email.status == STATUS.requeued
    assert email.number_of_retries == 1
    assert email.scheduled_time == pytest.approx(
        email.last_updated + retry_delay(1), abs=timedelta(seconds=2)
    )
    assert Log.objects.filter(email=email, status=STATUS.failed).count() == 1

    # Not due yet: another flush does not try again.
    assert outbox_flush() == 0
    assert Log.objects.filter(email=email).count() == 1

    # A second failure waits twice as long.
    time_passes()
    outbox_flush()
    email.refresh_from_db()
    assert email.number_of_retries == 2
    assert email.scheduled_time == pytest.approx(
        email.last_updated + timedelta(minutes=2), abs=timedelta(seconds=2)
    )

    smtp.start()
    assert outbox_flush() == 0  # still waiting for its retry time
    time_passes()
    assert outbox_flush() == 1
    assert outbox_flush() == 0
    assert smtp.inbox.message_ids() == [email.message_id]
    email.refresh_from_db()
    assert email.status == STATUS.sent


def test_the_wait_between_retries_doubles_up_to_an_hour():
    assert [retry_delay(n) for n in range(1, 11)] == [
        timedelta(minutes=minutes) for minutes in (1, 2, 4, 8, 16, 32, 60, 60, 60, 60)
    ]


def test_after_the_last_retry_a_mail_is_marked_failed_and_kept(smtp, settings):
    settings.POST_OFFICE = {**settings.POST_OFFICE, "MAX_RETRIES": 2}
    email = letter()
    smtp.stop()
    for _ in range(3):
        outbox_flush()
        time_passes()
    email.refresh_from_db()
    assert email.status == STATUS.failed
    assert Log.objects.filter(email=email, status=STATUS.failed).count() == 3


def test_200_letters_queued_while_the_server_is_down_are_each_delivered_once(smtp):
    emails = [letter(number) for number in range(200)]
    smtp.stop()
    assert outbox_flush() == 0
    assert Email.objects.filter(status=STATUS.requeued).count() == 200

    smtp.start()
    time_passes()
    sent = 0
    for _ in range(5):
        sent += outbox_flush()
        if not Email.objects.exclude(status=STATUS.sent).exists():
            break
    assert sent == 200

    received = smtp.inbox.message_ids()
    assert len(received) == 200
    assert len(set(received)) == 200
    assert set(received) == {email.message_id for email in emails}
    assert sorted(message["To"] for message in smtp.inbox.messages) == sorted(
        f"inwoner{number}@example.be" for number in range(200)
    )


@task()
def welcome_mail(address: str) -> None:
    mail_queue(to=[address], subject="Welkom", text="Welkom in het netwerk.")


@pytest.mark.django_db(transaction=True)
def test_run_worker_batch_runs_the_waiting_tasks_then_sends_their_mail(smtp):
    result = welcome_mail.enqueue("contact@leuven.be")
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        call_command("run_worker", "--batch", "--no-startup-delay", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
    result.refresh()
    assert result.status == TaskResultStatus.SUCCESSFUL
    assert [message["To"] for message in smtp.inbox.messages] == ["contact@leuven.be"]


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_batch_loses_nothing_and_sends_nothing_twice(
    smtp, tmp_path
):
    emails = [letter(number) for number in range(40)]
    env = worker_environment(tmp_path, smtp)
    smtp.inbox.delay = 0.02  # 20 ms per mail: the kill lands while a mail is in transit

    worker = run_worker(env, tmp_path, "--batch")
    smtp.inbox.kill_pid, smtp.inbox.kill_at = worker.pid, 15
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == -signal.SIGKILL, output
    assert len(smtp.inbox.messages) == 14
    statuses = [status for status, _ in worker_outbox(env)]
    assert statuses.count(STATUS.sent) == 14
    assert statuses.count(STATUS.queued) == 26

    worker = run_worker(env, tmp_path, "--batch")
    output, _ = worker.communicate(timeout=60)
    assert worker.returncode == 0, output

    received = smtp.inbox.message_ids()
    assert len(received) == 40
    assert set(received) == {email.message_id for email in emails}
    assert worker_outbox(env) == [(STATUS.sent, email.message_id) for email in emails]


@pytest.mark.django_db(transaction=True)
def test_the_worker_delivers_within_seconds_and_stops_on_sigterm(smtp, tmp_path):
    email = letter()
    env = worker_environment(tmp_path, smtp)
    worker = run_worker(env, tmp_path, "--mail-interval", "0.5")
    try:
        # Seconds on a quiet machine; the deadline leaves room for a loaded CI machine, where
        # starting Django alone can take longer than the mail interval many times over.
        deadline = time.monotonic() + 60
        while not smtp.inbox.messages and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        worker.send_signal(signal.SIGTERM)
        output, _ = worker.communicate(timeout=30)
    assert smtp.inbox.message_ids() == [email.message_id], output
    assert worker.returncode == 0, output
    assert worker_outbox(env) == [(STATUS.sent, email.message_id)]
