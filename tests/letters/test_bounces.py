"""A council's address that does not work: its mail server refuses a letter for good (a real SMTP
server on loopback that answers 550 or 554), or a delivery status notification (RFC 3464) comes
back later and is fed to ``manage.py process_bounce``. The letter is kept and waits, the address
is parked, coordinators and the writer are told, and fixing the address sends the letters."""

import datetime
import io
import sqlite3
import sys

import pytest
from django.core.management import call_command
from django.utils import timezone
from post_office.models import STATUS, Email, Log

from solidair.letters.delivery.collective import collective_letter_send
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.models import CouncilAddress, LetterStatus, ResidentLetter
from solidair.municipalities.models import ContactOrigin
from solidair.operations.bounces import BOUNCED, PARTLY_REFUSED, REFUSED, bounce_address
from solidair.operations.health import outbox_counts
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.languages import translated
from tests.letters.collective_helpers import open_collective
from tests.letters.helpers import confirm_path, send
from tests.letters.letters_by_mail import MONDAY, at, letter_confirmed
from tests.lib.helpers import run_worker, worker_environment

pytestmark = pytest.mark.django_db

# From the reference data (the Organisatieportaal): no test address is set here.
COUNCIL = "info@aartselaar.be"
USER_UNKNOWN = "550 5.1.1 <info@aartselaar.be>: Recipient address rejected: User unknown"


@pytest.fixture
def aartselaar(db):
    place = municipality("Aartselaar")
    address = CouncilAddress.objects.get(municipality=place)
    assert (address.email, address.origin) == (COUNCIL, ContactOrigin.ORGANISATIEPORTAAL)
    return place


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def address_of(place) -> CouncilAddress:
    return CouncilAddress.objects.get(municipality=place)


def letter_sent(place, number: int, *, cc: bool = True, language: str = "nl-be") -> ResidentLetter:
    """A confirmed letter, dispatched at its slot on Monday (its confirmation mail delivered)."""
    letter = letter_confirmed(place, number=number, now=at(MONDAY, 8))
    ResidentLetter.objects.filter(pk=letter.pk).update(cc_resident=cc, language=language)
    assert outbox_flush() == 1  # the confirmation
    assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    return letter


def mails_since(smtp, count: int) -> list:
    return smtp.inbox.messages[count:]


class TestRefusedAtSendingTime:
    def test_a_550_parks_the_address_keeps_the_letter_and_tells_everyone(
        self, smtp, aartselaar, settings
    ):
        letter = letter_sent(aartselaar, 1)
        smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
        before = len(smtp.inbox.messages)

        # The resident's copy (CC) is taken, the council's address refused: the flush goes on to
        # the coordinators' mail and the resident's, queued by the refusal.
        assert outbox_flush() == 3
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert letter.sent_at is None and letter.council_email == ""
        assert letter.bounced_at is not None
        assert Email.objects.get(pk=letter.council_mail_id).status == STATUS.sent
        log = Log.objects.get(email_id=letter.council_mail_id, exception_type=PARTLY_REFUSED)
        assert USER_UNKNOWN in log.message
        address = address_of(aartselaar)
        assert address.is_failing and USER_UNKNOWN in address.failure_reason

        copy, *told = mails_since(smtp, before)
        assert smtp.inbox.envelopes[before] == ["inwoner1@example.be"]
        assert copy["To"] == COUNCIL  # the resident's copy names where it should have gone
        envelopes = map(tuple, smtp.inbox.envelopes[before + 1 :])
        by_recipient = dict(zip(envelopes, told, strict=True))
        coordinators = by_recipient[tuple(settings.COORDINATOR_EMAILS)]
        assert coordinators["Subject"] == "Het adres van het college van Aartselaar werkt niet"
        text = " ".join(plain(coordinators).split())
        assert f"verstuurd naar {COUNCIL}" in text and USER_UNKNOWN in text
        assert f"/beheer/letters/counciladdress/{address.pk}/change/" in text
        assert "/beheer/letters/counciladdress/?werkt=nee" in text
        resident = by_recipient[("inwoner1@example.be",)]
        assert resident["Subject"] == "Je brief aan het college van Aartselaar kwam niet aan"
        text = " ".join(plain(resident).split())
        assert f"weigerde je brief aan {COUNCIL}" in text
        assert "Je brief is niet verloren: hij wacht bij ons." in text
        assert "Je krijgt dan een kopie, zoals je vroeg." in text
        assert "/brief/aartselaar/adres-voorstellen/" in text
        assert "/brief/mijn-gegevens/" in text
        # The mail to the resident names them: erasure finds it with the others.
        assert letter.mails.filter(subject=resident["Subject"]).exists()
        assert letter.mails.count() == 3  # the confirmation, the letter, the news

        # Not an outage: the health check does not count it.
        assert outbox_counts(now=timezone.now())["failed"] == 0

    def test_further_letters_wait_until_a_coordinator_fixes_the_address(
        self, smtp, aartselaar, client, coordinator
    ):
        first = letter_sent(aartselaar, 1, cc=False)
        smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
        outbox_flush()
        second = letter_confirmed(aartselaar, number=2, now=at(MONDAY, 10))
        assert letters_dispatch(now=at(MONDAY, 16)) == ""
        for letter in (first, second):
            letter.refresh_from_db()
            assert letter.status == LetterStatus.WAITING

        client.force_login(coordinator)
        queue = client.get("/beheer/letters/counciladdress/?werkt=nee").content.decode()
        assert "Aartselaar" in queue and "Hove" not in queue
        assert USER_UNKNOWN.replace("<", "&lt;").replace(">", "&gt;") in queue
        bounced = client.get(
            "/beheer/letters/residentletter/?bounced_at__isnull=False"
        ).content.decode()
        assert "Aartselaar" in bounced
        form = client.get(f"/beheer/letters/counciladdress/{address_of(aartselaar).pk}/change/")
        assert "Dit adres werkt niet." in form.content.decode()

        smtp.inbox.refuse = {}
        before = len(smtp.inbox.messages)
        response = client.post(
            f"/beheer/letters/counciladdress/{address_of(aartselaar).pk}/change/",
            {
                "municipality": aartselaar.pk,
                "email": "college@aartselaar.be",
                "source": "telefonisch bevestigd door het secretariaat",
                "last_verified": "2026-11-30",
                "queue_note": "",
            },
            follow=True,
        )
        assert "Het adres werkt weer: 2 brieven worden opnieuw verstuurd" in (
            response.content.decode()
        )
        address = address_of(aartselaar)
        assert not address.is_failing and address.failure_reason == ""
        assert address.origin == ContactOrigin.NETWORK
        assert address.history.first().history_user == coordinator

        for letter in (first, second):
            letter.refresh_from_db()
            assert letter.status == LetterStatus.WAITING
            assert (
                letters_dispatch(
                    now=max(letter.scheduled_for, at(MONDAY + datetime.timedelta(days=1), 9))
                )
                == "1 letters sent"
            )
        outbox_flush()
        to_council = [m for m in mails_since(smtp, before) if "inwoner" not in m["To"]]
        assert [m["To"] for m in to_council] == ["college@aartselaar.be"] * 2
        assert {m["Reply-To"] for m in to_council} == {"inwoner1@example.be", "inwoner2@example.be"}
        for letter in (first, second):
            letter.refresh_from_db()
            assert (letter.status, letter.council_email) == (
                LetterStatus.SENT,
                "college@aartselaar.be",
            )

    def test_a_resident_who_confirms_meanwhile_is_told_that_the_letter_waits(
        self, smtp, aartselaar, client
    ):
        letter_sent(aartselaar, 1, cc=False)
        smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
        outbox_flush()
        before = len(smtp.inbox.messages)
        assert send(client, slug="aartselaar", email="an@example.be").status_code == 302
        outbox_flush()
        [confirmation] = mails_since(smtp, before)
        page = client.post(confirm_path(confirmation)).content.decode()
        assert "Het adres van het college van Aartselaar werkt op dit moment niet." in " ".join(
            page.split()
        )
        letter = ResidentLetter.objects.get(email="an@example.be")
        assert letter.status == LetterStatus.WAITING
        assert letters_dispatch(now=letter.scheduled_for) == ""

    def test_the_reverified_action_sends_the_letters_again(
        self, smtp, aartselaar, client, coordinator
    ):
        letter = letter_sent(aartselaar, 1, cc=False)
        smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
        outbox_flush()
        smtp.inbox.refuse = {}
        client.force_login(coordinator)
        response = client.post(
            "/beheer/letters/counciladdress/",
            {"action": "reverified", "_selected_action": [address_of(aartselaar).pk]},
            follow=True,
        )
        assert "Het adres werkt weer: 1 brief wordt opnieuw verstuurd" in response.content.decode()
        address = address_of(aartselaar)
        assert not address.is_failing and address.last_verified == timezone.localdate()
        letter.refresh_from_db()
        assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
        outbox_flush()
        assert smtp.inbox.messages[-1]["To"] == COUNCIL

    def test_without_a_copy_the_mail_fails_at_once_and_is_not_retried(self, smtp, aartselaar):
        letter = letter_sent(aartselaar, 1, cc=False)
        smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
        assert outbox_flush() == 2  # the coordinators' mail and the resident's
        mail = Email.objects.get(pk=letter.council_mail_id)
        assert (mail.status, mail.number_of_retries) == (STATUS.failed, None)
        assert mail.logs.get().exception_type == REFUSED
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert address_of(aartselaar).is_failing
        assert outbox_counts(now=timezone.now())["failed"] == 0

    def test_a_554_to_the_whole_mail_is_refused_for_good_too(self, smtp, aartselaar):
        letter = letter_sent(aartselaar, 1, cc=False)
        smtp.inbox.refuse_data = "554 5.7.1 Message rejected as spam"
        outbox_flush()
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert "554 5.7.1 Message rejected as spam" in address_of(aartselaar).failure_reason

    def test_a_temporary_refusal_keeps_the_retry_and_the_address(self, smtp, aartselaar):
        letter = letter_sent(aartselaar, 1, cc=False)
        smtp.inbox.refuse = {COUNCIL: "450 4.2.1 Mailbox busy, try again later"}
        assert outbox_flush() == 0
        mail = Email.objects.get(pk=letter.council_mail_id)
        assert (mail.status, mail.number_of_retries) == (STATUS.requeued, 1)
        letter.refresh_from_db()
        assert letter.status == LetterStatus.SENT
        assert not address_of(aartselaar).is_failing

    def test_a_refused_copy_of_the_resident_leaves_the_council_alone(self, smtp, aartselaar):
        letter = letter_sent(aartselaar, 1)
        smtp.inbox.refuse = {"inwoner1@example.be": "550 5.1.1 No such user"}
        assert outbox_flush() == 1
        letter.refresh_from_db()
        assert letter.status == LetterStatus.SENT
        assert not address_of(aartselaar).is_failing
        assert smtp.inbox.envelopes[-1] == [COUNCIL]

    def test_the_resident_is_told_in_their_language(self, smtp, aartselaar):
        letter_sent(aartselaar, 1, cc=False, language="fr")
        smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
        outbox_flush()
        [resident] = [m for m in smtp.inbox.messages if m["To"] == "inwoner1@example.be"][-1:]
        assert resident["Content-Language"] == "fr"
        # Django folds an encoded subject; unfolded, it starts with a space.
        assert resident["Subject"].strip() == (
            translated("Je brief aan het college van %(name)s kwam niet aan", "fr")
            % {"name": "Aartselaar"}
        )
        assert "/fr/brief/aartselaar/adres-voorstellen/" in plain(resident)

    def test_a_collective_letters_initiator_is_told(self, smtp):
        letter = open_collective()  # to Hove, whose address is the reference data's
        assert letter.municipality.council_address.email == "informatie@hove.be"
        collective_letter_send(letter=letter)
        letter.refresh_from_db()
        outbox_flush()
        smtp.inbox.refuse = {"informatie@hove.be": "550 5.1.1 User unknown"}
        before = len(smtp.inbox.messages)
        assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
        outbox_flush()
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING and letter.bounced_at is not None
        [initiator] = [m for m in mails_since(smtp, before) if m["To"] == letter.initiator_email]
        assert "de gezamenlijke brief die je verstuurde" in " ".join(plain(initiator).split())


def dsn(
    *, to: str, recipient: str, message_id: str, action: str = "failed", status: str = "5.1.1"
) -> bytes:
    """A delivery status notification as Postfix writes one."""
    raw = (
        f"From: MAILER-DAEMON@mx.solidairegemeenten.be (Mail Delivery System)\n"
        f"To: {to}\n"
        "Subject: Undelivered Mail Returned to Sender\n"
        "Auto-Submitted: auto-replied\n"
        "MIME-Version: 1.0\n"
        'Content-Type: multipart/report; report-type=delivery-status; boundary="BOUNDARY"\n'
        "\n"
        "--BOUNDARY\n"
        "Content-Description: Notification\n"
        "Content-Type: text/plain; charset=us-ascii\n"
        "\n"
        "I'm sorry to have to inform you that your message could not\n"
        "be delivered to one or more recipients.\n"
        "\n"
        "--BOUNDARY\n"
        "Content-Description: Delivery report\n"
        "Content-Type: message/delivery-status\n"
        "\n"
        "Reporting-MTA: dns; mx.solidairegemeenten.be\n"
        "Arrival-Date: Mon, 30 Nov 2026 09:00:05 +0100 (CET)\n"
        "\n"
        f"Final-Recipient: rfc822; {recipient}\n"
        f"Original-Recipient: rfc822;{recipient}\n"
        f"Action: {action}\n"
        f"Status: {status}\n"
        "Remote-MTA: dns; mx.aartselaar.be\n"
        f"Diagnostic-Code: smtp; 550 5.1.1 <{recipient}>: Recipient address rejected:\n"
        "    User unknown in virtual mailbox table\n"
        "\n"
        "--BOUNDARY\n"
        "Content-Description: Undelivered Message Headers\n"
        "Content-Type: text/rfc822-headers\n"
        "\n"
        "From: Solidaire Gemeenten <noreply@solidairegemeenten.be>\n"
        f"To: {recipient}\n"
        f"Message-ID: {message_id}\n"
        "\n"
        "--BOUNDARY--\n"
    )
    return raw.encode()


def process_bounce(monkeypatch, raw: bytes, *args: str) -> str:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(raw)))
    out = io.StringIO()
    call_command("process_bounce", *args, stdout=out)
    return out.getvalue()


class TestBounce:
    @pytest.fixture(autouse=True)
    def _bounce_address(self, settings):
        settings.BOUNCE_ADDRESS = "bounces@solidairegemeenten.be"

    def test_each_mail_goes_out_with_its_own_signed_envelope_sender(
        self, smtp, aartselaar, settings
    ):
        letter = letter_sent(aartselaar, 1)
        assert outbox_flush() == 1
        mail = Email.objects.get(pk=letter.council_mail_id)
        sender = smtp.inbox.senders[-1]
        assert sender == bounce_address(mail)
        assert sender.startswith(f"bounces+{mail.pk}-") and sender.endswith(
            "@solidairegemeenten.be"
        )
        assert (
            smtp.inbox.messages[-1]["From"] == "Solidaire Gemeenten <noreply@solidairegemeenten.be>"
        )

    def test_a_bounce_parks_the_address_and_keeps_the_letter(self, smtp, aartselaar, monkeypatch):
        letter = letter_sent(aartselaar, 1)
        outbox_flush()
        mail = Email.objects.get(pk=letter.council_mail_id)
        before = len(smtp.inbox.messages)
        raw = dsn(to=smtp.inbox.senders[-1], recipient=COUNCIL, message_id="<other@example>")
        output = process_bounce(monkeypatch, raw)
        assert f"email #{mail.pk}: refused for good by 1 recipient(s)" in output
        assert COUNCIL not in output  # addresses stay out of the MTA's log

        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING and letter.bounced_at is not None
        address = address_of(aartselaar)
        assert address.is_failing
        assert "User unknown in virtual mailbox table" in address.failure_reason
        assert Log.objects.get(email=mail, exception_type=BOUNCED)
        assert outbox_flush() == 2
        subjects = {m["Subject"] for m in mails_since(smtp, before)}
        assert subjects == {
            "Het adres van het college van Aartselaar werkt niet",
            "Je brief aan het college van Aartselaar kwam niet aan",
        }

        # The same bounce again (an MTA that delivered it twice): nothing more happens.
        process_bounce(monkeypatch, raw)
        assert outbox_flush() == 0
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING

    def test_the_mta_may_give_the_envelope_recipient_instead_of_headers(
        self, smtp, aartselaar, monkeypatch
    ):
        letter = letter_sent(aartselaar, 1)
        outbox_flush()
        verp = smtp.inbox.senders[-1]
        raw = dsn(to="bounces@solidairegemeenten.be", recipient=COUNCIL, message_id="<x@y>")
        process_bounce(monkeypatch, raw, "--recipient", verp)
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING

    def test_without_verp_the_original_message_id_finds_the_mail(
        self, smtp, aartselaar, monkeypatch, settings
    ):
        settings.BOUNCE_ADDRESS = ""
        letter = letter_sent(aartselaar, 1)
        outbox_flush()
        assert smtp.inbox.senders[-1] == "noreply@solidairegemeenten.be"
        message_id = Email.objects.get(pk=letter.council_mail_id).message_id
        raw = dsn(to="noreply@solidairegemeenten.be", recipient=COUNCIL, message_id=message_id)
        process_bounce(monkeypatch, raw)
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert address_of(aartselaar).is_failing

    @pytest.mark.parametrize(
        "change",
        [
            {"to": "bounces+{pk}-0000000000000000@solidairegemeenten.be"},  # forged signature
            {"recipient": "iemand.anders@example.be"},  # not a recipient of that mail
            {"action": "delayed", "status": "4.4.1"},  # not a failure
        ],
        ids=["forged-signature", "other-recipient", "delayed"],
    )
    def test_what_does_not_prove_a_failure_changes_nothing(
        self, smtp, aartselaar, monkeypatch, change
    ):
        letter = letter_sent(aartselaar, 1)
        outbox_flush()
        values = {"to": smtp.inbox.senders[-1], "recipient": COUNCIL, "message_id": "<x@y>"}
        values |= {k: v.format(pk=letter.council_mail_id) for k, v in change.items()}
        process_bounce(monkeypatch, dsn(**values))
        letter.refresh_from_db()
        assert letter.status == LetterStatus.SENT
        assert not address_of(aartselaar).is_failing

    def test_an_auto_reply_is_ignored(self, smtp, aartselaar, monkeypatch):
        letter_sent(aartselaar, 1)
        outbox_flush()
        reply = (
            f"To: {smtp.inbox.senders[-1]}\nSubject: Afwezig\nAuto-Submitted: auto-replied\n\n"
            "Ik ben afwezig tot maandag.\n"
        ).encode()
        assert "not a delivery status notification" in process_bounce(monkeypatch, reply)
        assert not address_of(aartselaar).is_failing

    def test_an_empty_input_is_refused_with_the_exit_status_for_bad_data(self, monkeypatch):
        with pytest.raises(SystemExit) as exit_status:
            process_bounce(monkeypatch, b"")
        assert exit_status.value.code == 65

    def test_a_late_bounce_for_an_address_changed_since_sends_the_letter_to_the_new_one(
        self, smtp, aartselaar, monkeypatch, coordinator
    ):
        from solidair.letters.delivery.addresses import council_address_save

        letter = letter_sent(aartselaar, 1, cc=False)
        outbox_flush()
        verp = smtp.inbox.senders[-1]
        address = address_of(aartselaar)
        address.email = "college@aartselaar.be"
        council_address_save(address=address, changed={"email"}, by=coordinator)
        process_bounce(monkeypatch, dsn(to=verp, recipient=COUNCIL, message_id="<x@y>"))
        assert not address_of(aartselaar).is_failing
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
        outbox_flush()
        assert smtp.inbox.messages[-1]["To"] == "college@aartselaar.be"


@pytest.mark.django_db(transaction=True)
def test_the_worker_parks_the_address_and_delivers_the_news(smtp, tmp_path, reference_data):
    """The whole path in the worker process: its dispatch, its outbox, the refusal, the mails."""
    place = municipality("Aartselaar")
    now = timezone.now()
    letter = letter_confirmed(place, number=1, now=now)
    ResidentLetter.objects.filter(pk=letter.pk).update(
        scheduled_for=now - datetime.timedelta(minutes=1), cc_resident=False
    )
    Email.objects.all().delete()  # the confirmation
    env = {
        **worker_environment(tmp_path, smtp),
        "COUNCIL_OFFICE_DAYS": "1,2,3,4,5,6,7",
        "COUNCIL_OFFICE_HOURS": "00:00-24:00",
    }
    smtp.inbox.refuse = {COUNCIL: USER_UNKNOWN}
    worker = run_worker(env, tmp_path, "--batch")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output
    subjects = sorted(m["Subject"] for m in smtp.inbox.messages)
    assert subjects == [
        "Het adres van het college van Aartselaar werkt niet",
        "Je brief aan het college van Aartselaar kwam niet aan",
    ]
    query_letter = "SELECT status, sent_at, bounced_at FROM letters_residentletter"
    query_address = (
        "SELECT failing_since, failure_reason FROM letters_counciladdress a "
        "JOIN municipalities_municipality m ON m.id = a.municipality_id "
        "WHERE m.name_nl = 'Aartselaar'"
    )
    rows = _worker_rows(env, query_letter), _worker_rows(env, query_address)
    [(status, sent_at, bounced_at)], [(failing_since, reason)] = rows
    assert (status, sent_at) == (LetterStatus.WAITING, None) and bounced_at is not None
    assert failing_since is not None and USER_UNKNOWN in reason


def _worker_rows(env: dict[str, str], query: str) -> list[tuple]:
    from django.db import connection

    if connection.vendor == "sqlite":
        database = sqlite3.connect(env["SQLITE_PATH"])
        try:
            return database.execute(query).fetchall()
        finally:
            database.close()
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()
