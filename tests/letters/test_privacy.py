"""Personal data kept only as promised: the privacy page, "my data", and the erasure job.

The last test proves it: after erasure, no name, address or phone number of the resident is
left in any table of the database (history and outbox included) or in any stored file.
"""

import datetime
import io
import json
import logging
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models
from post_office.models import Attachment, Email, Log
from pypdf import PdfReader

from solidair.letters.composing.renderers.pdf import render_pdf
from solidair.letters.composing.services import ResidentInput, letter_build
from solidair.letters.delivery.collective import collective_letter_send
from solidair.letters.delivery.dispatch import letters_dispatch, resident_mail_queue
from solidair.letters.delivery.followup import letters_followup
from solidair.letters.delivery.privacy import letters_erase, my_data_url, personal_data_erase
from solidair.letters.models import CollectiveLetter, CoSignature, LetterStatus, ResidentLetter
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.letters.collective_helpers import (
    SIGN,
    council_address,
    open_collective,
    path_of,
    sent_resident_letter,
    signature,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices_always_open")]

DAY = datetime.timedelta(days=1)
SENT = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
INVALID = "Deze link werkt niet meer"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def closed(letter, at):
    letter.followup_closed_at = at
    letter.save(update_fields=["followup_closed_at"])
    return letter


class TestPrivacyPage:
    def test_it_says_what_why_and_how_long_and_is_linked_everywhere(self, client):
        body = client.get("/brief/privacy/").content.decode()
        assert "Hoe we met je gegevens omgaan" in body
        assert "na 7 dagen" in body
        assert "90 dagen later" in body
        assert "tot 12 maanden nadat hij gestart werd" in body
        assert "Je gegevens zien en wissen" in body
        # The network's public address (NETWORK_CONTACT_EMAIL), in the text, not only the footer.
        assert body.count('href="mailto:info@solidairegemeenten.be"') == 2
        for page in ("/", "/brief/hove/", "/brief/hove/samen/"):
            assert 'href="/brief/privacy/"' in client.get(page).content.decode(), page


class TestMyData:
    @pytest.mark.parametrize("kind", ["resident", "collective", "signature"])
    def test_one_link_shows_the_data_and_erases_it_at_once(self, client, kind):
        letter = sent_resident_letter(SENT)
        collective = open_collective()
        record = {
            "resident": letter,
            "collective": collective,
            "signature": signature(collective, "Karim El Amrani", "karim@example.be"),
        }[kind]
        path = path_of(my_data_url(record))
        assert path.startswith("/brief/mijn-gegevens/")
        page = client.get(path).content.decode()
        assert "Jouw gegevens" in page
        name = getattr(record, "name", None) or record.initiator_name
        assert name in page
        assert "Wis mijn gegevens" in page
        record.refresh_from_db()
        assert record.erased_at is None  # opening the page changes nothing
        done = client.post(path, {"wissen": "1"}).content.decode()
        assert "Je gegevens zijn gewist" in done
        record.refresh_from_db()
        assert record.erased_at is not None
        assert all(getattr(record, field) == "" for field in record.PERSONAL_FIELDS)
        assert record.manage_key == ""
        gone = client.get(path)
        assert gone.status_code == 410 and INVALID in gone.content.decode()

    def test_erasing_an_open_collective_letter_withdraws_it_with_its_signatures(self, client):
        letter = open_collective()
        signed = signature(letter, "Karim El Amrani", "karim@example.be")
        client.post(path_of(my_data_url(letter)), {"wissen": "1"})
        letter.refresh_from_db()
        signed.refresh_from_db()
        assert letter.status == LetterStatus.REJECTED
        assert signed.erased_at is not None and signed.name == ""
        page = client.get(f"/brief/samen/{letter.share_key}/").content.decode()
        assert "de gegevens van de ondertekenaars zijn gewist" in page
        assert "Karim" not in page

    def test_erasure_is_idempotent(self):
        letter = sent_resident_letter(SENT)
        first = personal_data_erase(record=letter)
        assert (first.letters, first.signatures) == (1, 0)
        second = personal_data_erase(record=letter)
        assert (second.letters, second.mails) == (0, 0)


class TestErasureJob:
    def test_a_sent_letter_90_days_after_sending_once_the_follow_up_is_closed(self):
        letter = sent_resident_letter(SENT)
        assert letters_erase(now=SENT + 200 * DAY) == ""  # follow-up still open
        closed(letter, SENT + 28 * DAY)
        assert letters_erase(now=SENT + 89 * DAY) == ""
        summary = letters_erase(now=SENT + 90 * DAY)
        assert summary.startswith("1 letters, 0 signatures")
        letter.refresh_from_db()
        assert letter.erased_at == SENT + 90 * DAY
        assert letter.status == LetterStatus.SENT  # what stays is anonymous
        assert letters_erase(now=SENT + 91 * DAY) == ""

    def test_unconfirmed_letters_and_signatures_after_7_days(self):
        created = SENT
        unconfirmed = open_collective(created_at=created)
        unconfirmed.status = LetterStatus.UNCONFIRMED
        unconfirmed.save()
        letter = open_collective(email="o@example.be", created_at=created)
        pending = signature(
            letter, "Niet Bevestigd", "nb@example.be", confirmed=False, created_at=created
        )
        kept = signature(letter, "Wel Bevestigd", "wb@example.be", created_at=created)
        assert letters_erase(now=created + 6 * DAY) == ""
        assert letters_erase(now=created + 7 * DAY).startswith("1 letters, 1 signatures")
        for row in (unconfirmed, letter, pending, kept):
            row.refresh_from_db()
        assert unconfirmed.erased_at and pending.erased_at
        assert letter.erased_at is None and kept.erased_at is None and kept.name

    def test_an_open_collective_letter_keeps_its_signatories_12_months_at_most(self):
        letter = open_collective(created_at=SENT)
        signature(letter, "Karim El Amrani", "karim@example.be", created_at=SENT)
        assert letters_erase(now=SENT + 364 * DAY) == ""
        assert letters_erase(now=SENT + 365 * DAY).startswith("1 letters, 1 signatures")
        letter.refresh_from_db()
        assert letter.status == LetterStatus.REJECTED

    def test_a_sent_collective_letter_90_days_after_sending(self):
        letter = open_collective(created_at=SENT - 30 * DAY)
        signature(letter, "Karim El Amrani", "karim@example.be", created_at=SENT - 30 * DAY)
        letter.status, letter.sent_at, letter.signatory_count = LetterStatus.SENT, SENT, 2
        letter.save()
        closed(letter, SENT + 28 * DAY)
        assert letters_erase(now=SENT + 89 * DAY) == ""
        assert letters_erase(now=SENT + 90 * DAY).startswith("1 letters, 1 signatures")
        letter.refresh_from_db()
        assert letter.signatory_count == 2  # the anonymous count stays

    def test_it_logs_counts_never_names(self, caplog):
        closed(sent_resident_letter(SENT), SENT + 28 * DAY)
        with caplog.at_level(logging.INFO, logger="solidair.letters.delivery.privacy"):
            letters_erase(now=SENT + 90 * DAY)
        assert "1 letters" in caplog.text
        assert "Bram" not in caplog.text and "bram@" not in caplog.text


# --- The proof: nothing of the resident is left anywhere -------------------------------------

TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def database_dump() -> str:
    """Every text and JSON column of every table (history and outbox included), as text."""
    chunks = []
    for model in apps.get_models(include_auto_created=True):
        columns = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, (*TEXT_FIELDS, models.FileField))
        ]
        if not columns:
            continue
        for row in model._base_manager.values_list(*columns):
            chunks.append(f"{model._meta.db_table}: " + json.dumps(row, default=str))
    return "\n".join(chunks)


def media_dump(root: Path) -> str:
    chunks = []
    for path in root.rglob("*") if root.exists() else ():
        if path.is_file():
            data = path.read_bytes()
            chunks.append(data.decode("latin-1"))
            if data.startswith(b"%PDF"):
                reader = PdfReader(io.BytesIO(data))
                chunks.append(" ".join(page.extract_text() for page in reader.pages))
    return "\n".join(chunks)


def traces(text: str, *needles: str) -> list[str]:
    return [needle for needle in needles if needle.lower() in text.lower()]


def test_after_erasure_nothing_of_the_residents_remains_anywhere(
    client,
    smtp,
    settings,
    django_capture_on_commit_callbacks,
):
    """A resident's letter and a collective letter go the whole way (sent, delivered,
    followed up), then their writers' and signatories' data is erased; a dump of every
    table and every stored file no longer holds any of their names, addresses or phones."""
    council_address()
    # An individual letter as the sending flow leaves it: its mail to the council with a PDF.
    letter = sent_resident_letter(
        SENT, name="Bram Janssens", email="bram@example.be", phone="0470 12 34 56"
    )
    content = letter_build(
        municipality=municipality("Hove"),
        resident=ResidentInput(
            name="Bram Janssens", email="bram@example.be", phone="0470 12 34 56"
        ),
    )
    resident_mail_queue(
        about=letter,
        to=["college@hove.example.be"],
        cc=["bram@example.be"],
        reply_to=["bram@example.be"],
        subject="Brief van Bram Janssens",
        text="Bram Janssens, 0470 12 34 56",
        attachments={"brief.pdf": (render_pdf(content), "application/pdf")},
    )
    # A collective letter with two co-signatories, sent through the dispatch job.
    collective = open_collective(
        name="Griet Vermeulen", email="griet@example.be", created_at=SENT - 5 * DAY
    )
    signature(collective, "Karim El Amrani", "karim@example.be", created_at=SENT - 4 * DAY)
    karim = CoSignature.objects.get()
    client.post(
        f"/brief/samen/{collective.share_key}/",
        {**SIGN, "naam": "Sofie Maes", "email": "sofie@example.be", "naam_tonen": ""},
    )
    collective_letter_send(letter=collective, now=SENT)
    # Its slot in the council's queue (tests/letters/test_queue.py tests the schedule).
    CollectiveLetter.objects.filter(pk=collective.pk).update(scheduled_for=SENT)
    with django_capture_on_commit_callbacks(execute=True):
        assert letters_dispatch(now=SENT) == "1 letters sent"
    # The follow-up question to both writers.
    assert letters_followup(now=SENT + 14 * DAY).startswith("2 follow-up")
    # The SMTP server is down once: every mail gets a failure in the log, then goes out.
    smtp.stop()
    assert outbox_flush() == 0
    assert Log.objects.count() == 5  # Bram's letter, Sofie's confirmation, council, 2 questions
    smtp.start()
    Email.objects.update(scheduled_time=None)
    assert outbox_flush() == 5
    files = [Path(a.file.path) for a in Attachment.objects.all()]
    assert len(files) == 2 and all(f.exists() for f in files)

    people = (
        "Bram Janssens",
        "bram@example.be",
        "0470 12 34 56",
        "0470123456",
        "Griet Vermeulen",
        "griet@example.be",
        "Karim El Amrani",
        "karim@example.be",
        "Sofie Maes",
        "sofie@example.be",
    )
    before = database_dump()
    # The dump does find them (the phone as typed; the compact form is only searched after).
    assert traces(before, *people) == [p for p in people if p != "0470123456"]

    # Karim erases his data himself; the job erases the rest when their time has come.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(my_data_url(karim)), {"wissen": "1"})
    for row in (letter, collective):
        row.refresh_from_db()
    assert letters_followup(now=SENT + 28 * DAY).startswith("0 follow-up questions sent, 2")
    with django_capture_on_commit_callbacks(execute=True):
        summary = letters_erase(now=SENT + 90 * DAY)
    # Griet's letter takes Sofie's (unconfirmed) signature with it; Karim's was erased already.
    assert summary.startswith("2 letters, 1 signatures")

    after = database_dump()
    assert traces(after, *people) == [], [
        line for line in after.splitlines() if traces(line, *people)
    ]
    assert not Email.objects.exists() and not Log.objects.exists()
    assert not Attachment.objects.exists()
    assert not any(f.exists() for f in files)
    assert traces(media_dump(Path(settings.MEDIA_ROOT)), *people) == []
    # Only anonymous figures stay.
    assert ResidentLetter.objects.get().status == LetterStatus.SENT
    assert CollectiveLetter.objects.get().signatory_count == 2
    assert "1 inwoner stuurde een brief" in client.get("/gemeenten/hove/").content.decode()


def test_a_name_erased_from_a_sent_letter_leaves_its_cached_page(
    client, django_capture_on_commit_callbacks
):
    letter = open_collective(show_initiator_name=True)
    karim = signature(letter, "Karim El Amrani", "karim@example.be", show_name=True)
    collective_letter_send(letter=letter)
    share = f"/brief/samen/{letter.share_key}/"
    assert "Karim El Amrani" in client.get(share).content.decode()  # cached: no form any more
    with django_capture_on_commit_callbacks(execute=True):
        client.post(path_of(my_data_url(karim)), {"wissen": "1"})
    page = client.get(share).content.decode()
    assert "Karim El Amrani" not in page
    letter.refresh_from_db()
    assert letter.signatory_count == 1  # not yet sent: he will not be in the council's mail
