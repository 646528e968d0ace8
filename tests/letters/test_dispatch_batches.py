"""The dispatch as the worker runs it: letters in batches, their PDFs made in render processes,
the cap counted within a batch, a failing letter not holding up the others (real SMTP)."""

import io
from collections import Counter

import pytest
from django.conf import settings
from django.db import connection
from post_office.models import Email
from pypdf import PdfReader

from solidair.letters.delivery import dispatch
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.models import LetterStatus, ResidentLetter
from solidair.lib import typst
from solidair.lib.typst import render_processes
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.letters.letters_by_mail import MONDAY, at, council, letter_confirmed

pytestmark = pytest.mark.django_db


def pdf_text(message) -> str:
    [attachment] = message.iter_attachments()
    assert attachment.get_content_type() == "application/pdf"
    reader = PdfReader(io.BytesIO(attachment.get_content()))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_letters_go_in_batches_with_pdfs_from_the_render_processes_within_the_cap(smtp):
    hove, edegem = municipality("Hove"), municipality("Edegem")
    council(hove)
    council(edegem)
    for number in range(25):
        letter_confirmed(hove, number=number, now=at(MONDAY, 8))
    for number in range(100, 120):
        letter_confirmed(edegem, number=number, now=at(MONDAY, 8))
    # A backlog: all 45 due at once, more than Hove's cap for the day, over several batches.
    ResidentLetter.objects.update(scheduled_for=at(MONDAY, 9))
    Email.objects.all().delete()  # the confirmations: only the letters matter here
    assert settings.COUNCIL_DAILY_CAP == 20
    assert dispatch.DISPATCH_BATCH < 45

    with render_processes(2):
        summary = letters_dispatch(now=at(MONDAY, 16, 59))
    assert summary == "40 letters sent, 5 postponed to the next free slot"
    late = ResidentLetter.objects.filter(status=LetterStatus.WAITING)
    assert [letter.name for letter in late.order_by("pk")] == [
        f"Inwoner {number}" for number in range(20, 25)
    ]
    assert all(letter.scheduled_for > at(MONDAY, 17) for letter in late)

    assert outbox_flush() == 40
    assert Counter(message["To"] for message in smtp.inbox.messages) == {
        "college@hove.be": 20,
        "college@edegem.be": 20,
    }
    for message in smtp.inbox.messages:
        # Each PDF is its own resident's letter, whichever process made it.
        number = message["Reply-To"].removeprefix("inwoner").removesuffix("@example.be")
        assert f"Inwoner {number}" in pdf_text(message)


def test_a_letter_that_cannot_be_queued_waits_and_the_others_of_its_batch_go(smtp, caplog):
    hove = municipality("Hove")
    council(hove)
    letters = [letter_confirmed(hove, number=number, now=at(MONDAY, 8)) for number in range(3)]
    # An address the outbox refuses (the resident in CC), as an old row might hold.
    ResidentLetter.objects.filter(pk=letters[1].pk).update(email="geen adres")
    ResidentLetter.objects.update(scheduled_for=at(MONDAY, 9))
    Email.objects.all().delete()

    assert letters_dispatch(now=at(MONDAY, 16, 59)) == "2 letters sent, 1 not sent"
    assert f"ResidentLetter {letters[1].pk} could not be queued" in caplog.text
    statuses = dict(ResidentLetter.objects.values_list("pk", "status"))
    assert statuses == {
        letters[0].pk: LetterStatus.SENT,
        letters[1].pk: LetterStatus.WAITING,
        letters[2].pk: LetterStatus.SENT,
    }
    assert ResidentLetter.objects.get(pk=letters[1].pk).council_mail is None
    assert outbox_flush() == 2
    assert [message["Reply-To"] for message in smtp.inbox.messages] == [
        "inwoner0@example.be",
        "inwoner2@example.be",
    ]


def test_the_pdfs_are_made_before_the_transaction_that_queues_the_letters(monkeypatch):
    """On SQLite a transaction that writes holds the whole database: every request of the web
    server that writes would wait while Typst works. So no PDF is made, nor waited for, within
    a transaction (the test's own aside)."""
    hove = municipality("Hove")
    council(hove)
    for number in range(3):
        letter_confirmed(hove, number=number, now=at(MONDAY, 8))
    ResidentLetter.objects.update(scheduled_for=at(MONDAY, 9))
    outside = len(connection.atomic_blocks)
    depths = []
    compile_pdf, result = typst.compile_pdf, typst.PdfLater.result

    def compile_watched(*args, **kwargs):
        depths.append(len(connection.atomic_blocks) - outside)
        return compile_pdf(*args, **kwargs)

    def result_watched(self):
        depths.append(len(connection.atomic_blocks) - outside)
        return result(self)

    monkeypatch.setattr(typst, "compile_pdf", compile_watched)
    monkeypatch.setattr(typst.PdfLater, "result", result_watched)
    assert letters_dispatch(now=at(MONDAY, 16, 59)) == "3 letters sent"
    # Made in this process (no render processes here), then waited for: none in a transaction.
    assert depths == [0] * 6
