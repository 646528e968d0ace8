"""Sending letters to councils: one path for individual and collective letters.

A confirmed (and, where needed, reviewed) letter has status WAITING. The periodic job
``letters_dispatch`` sends each waiting letter whose ``scheduled_for`` has come: it asks the
letter's kind for its message (``MESSAGE_BUILDERS``), queues it in the outbox to the council's
address, and marks the letter SENT, in the same transaction. The outbox then delivers it, with
retries; nothing is lost or sent twice (solidair.operations.mail).

Letters go in batches of ``DISPATCH_BATCH``. First, outside any transaction, the batch's
messages are built (the network's data read once for the batch) and their PDFs made side by side
(in the worker's render processes, solidair.lib.typst.render_processes). Then one short
transaction locks the letters, checks that each one still waits for the same address, and
queues each one and marks it sent in a savepoint of its own. So no write lock is held while
Typst works: on SQLite, web requests that write wait only for the queueing. A letter that fails
(a PDF Typst refuses, an address the outbox refuses) is logged and stays waiting; the others go.

Every mail that names a resident is recorded on the letter or signature it is about (``mails``):
the letter to its council by ``resident_mail_queue``, the mails to residents by
solidair.letters.mails. Erasure deletes exactly those.
"""

import datetime
import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import import_string
from post_office.models import Email

from solidair.letters.composing.services import live_data_kept
from solidair.letters.delivery.schedule import (
    council_letter_schedule,
    council_sent_today,
    office_open,
)
from solidair.letters.models import (
    LETTER_MODELS,
    CollectiveLetter,
    CouncilAddress,
    CouncilLetter,
    LetterStatus,
    ResidentLetter,
)
from solidair.lib.i18n import DUTCH
from solidair.lib.typst import PdfLater
from solidair.operations.mail import mail_queue
from solidair.operations.pagecache import bump_content_version

logger = logging.getLogger(__name__)

# Letters sent in one transaction. Their PDFs are made side by side while the worker builds the
# next message, before the transaction; a larger batch keeps the render processes busier, but
# makes the transaction that queues them longer.
DISPATCH_BATCH = 16

# How each kind of letter becomes a mail to its council: dotted path of
# ``builder(*, letter) -> CouncilMessage``.
MESSAGE_BUILDERS = {
    "letters.residentletter": "solidair.letters.delivery.sending.resident_letter_message",
    "letters.collectiveletter": "solidair.letters.delivery.collective.collective_letter_message",
}


@dataclass(frozen=True)
class CouncilMessage:
    subject: str
    text: str
    html: str
    reply_to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    # file name -> (content, MIME type); the letter as PDF at least, perhaps still being made.
    attachments: dict[str, tuple[bytes | PdfLater, str]] = field(default_factory=dict)


def resident_mail_queue(*, about: Model, **mail: object) -> Email:
    """``mail_queue(**mail)``, remembered on ``about`` (a letter or a signature) for erasure."""
    email = mail_queue(**mail)
    about.mails.add(email)
    return email


def council_message(*, letter: ResidentLetter | CollectiveLetter) -> CouncilMessage:
    return import_string(MESSAGE_BUILDERS[letter._meta.label_lower])(letter=letter)


def council_letter_send(
    *, letter: ResidentLetter | CollectiveLetter, now: datetime.datetime | None = None
) -> Email | None:
    """Queue ``letter`` to its council and mark it sent; None when it cannot go now (no
    address, the council's queue is held or its address does not work, or the letter is no
    longer waiting)."""
    emails = council_letters_send(letters=[letter], now=now or timezone.now(), failing="raise")
    return emails[0] if emails else None


def council_letters_send(
    *,
    letters: Sequence[ResidentLetter | CollectiveLetter],
    now: datetime.datetime,
    failing: str = "log",
) -> list[Email]:
    """Queue each of ``letters`` (of one model) to its council and mark it sent; return the
    mails queued. Skipped: letters with no council address, a held queue or an address that
    does not work (solidair.letters.delivery.bounces), letters no longer waiting. A letter whose
    message cannot be made or queued stays waiting: logged (``failing="log"``) or raised
    (``"raise"``: the whole batch rolls back)."""
    if not letters:
        return []
    ready = _messages_made(letters, failing=failing)
    return _messages_queued(type(letters[0]), ready, now=now, failing=failing)


# A letter, its council's address when its message was made, and the message with its PDFs.
Ready = tuple[CouncilLetter, CouncilAddress, CouncilMessage]


def _messages_made(letters: Sequence[CouncilLetter], *, failing: str) -> list[Ready]:
    """The messages of the letters still waiting, their PDFs made: read and built outside any
    transaction, so that no write lock is held while Typst works (with SQLite, every other
    writer, the web server's included, would wait for it)."""
    model = type(letters[0])
    with live_data_kept():
        waiting = list(
            model.objects.filter(pk__in=[letter.pk for letter in letters])
            .filter(status=LetterStatus.WAITING)
            .select_related("municipality")
            .order_by("scheduled_for", "pk")
        )
        addresses = _council_addresses(waiting)
        building = []
        # First every message, so that the PDFs are being made while the next ones are built.
        for letter in waiting:
            address = addresses.get(letter.municipality_id)
            if address is None or not address.letters_may_go:
                continue
            try:
                building.append((letter, address, council_message(letter=letter)))
            except Exception:
                if failing == "raise":
                    raise
                logger.exception("No message for %s %s.", model.__name__, letter.pk)
    ready = []
    for letter, address, message in building:
        try:
            ready.append((letter, address, _pdfs_made(message)))
        except Exception:
            if failing == "raise":
                raise
            logger.exception("No PDF for %s %s.", model.__name__, letter.pk)
    return ready


def _pdfs_made(message: CouncilMessage) -> CouncilMessage:
    """The message with its attachments' bytes (waiting for the PDFs being made)."""
    attachments = {
        name: (content.result() if isinstance(content, PdfLater) else content, mimetype)
        for name, (content, mimetype) in message.attachments.items()
    }
    return replace(message, attachments=attachments)


def _messages_queued(
    model: type[CouncilLetter], ready: list[Ready], *, now: datetime.datetime, failing: str
) -> list[Email]:
    """Queue the ready messages and mark their letters sent, in one short transaction. Each
    letter is locked and checked again: one that stopped waiting meanwhile (sent by another
    worker, withdrawn, erased) or whose council's address changed, was held or stopped working is
    left as it is (a changed address: its next run makes the message again)."""
    emails: list[Email] = []
    if not ready:
        return emails
    with transaction.atomic():
        still_waiting = set(
            model.objects.select_for_update()
            .filter(pk__in=[letter.pk for letter, _address, _message in ready])
            .filter(status=LetterStatus.WAITING)
            .values_list("pk", flat=True)
        )
        addresses = _council_addresses([letter for letter, _address, _message in ready])
        for letter, made_for, message in ready:
            address = addresses.get(letter.municipality_id)
            if (
                letter.pk not in still_waiting
                or address is None
                or not address.letters_may_go
                or address.email != made_for.email
            ):
                continue
            try:
                with transaction.atomic():
                    emails.append(_council_mail_queue(letter, address, message, now))
            except Exception:
                if failing == "raise":
                    raise
                logger.exception("%s %s could not be queued.", model.__name__, letter.pk)
        if emails:
            # The municipality's campaign timeline counts letters sent (whole-page cache).
            transaction.on_commit(bump_content_version)
    return emails


def _council_addresses(letters: Sequence[CouncilLetter]) -> dict[int, CouncilAddress]:
    places = {letter.municipality_id for letter in letters}
    return {
        address.municipality_id: address
        for address in CouncilAddress.objects.filter(municipality_id__in=places)
    }


def _council_mail_queue(
    letter: ResidentLetter | CollectiveLetter,
    address: CouncilAddress,
    message: CouncilMessage,
    now: datetime.datetime,
) -> Email:
    email = resident_mail_queue(
        about=letter,
        to=[address.email],
        subject=message.subject,
        text=message.text,
        html=message.html,
        reply_to=message.reply_to,
        cc=message.cc,
        attachments=message.attachments,
        language=DUTCH,  # the builders render it in Dutch
    )
    letter.status = LetterStatus.SENT
    letter.sent_at = now
    letter.council_email = address.email
    letter.council_mail = email
    letter.save(update_fields=["status", "sent_at", "council_email", "council_mail"])
    return email


def council_letter_postpone(
    *, letter: ResidentLetter | CollectiveLetter, now: datetime.datetime
) -> bool:
    """Move a waiting letter to its council's next free slot; False if it is no longer waiting."""
    with transaction.atomic():
        locked = type(letter).objects.select_for_update().get(pk=letter.pk)
        if locked.status != LetterStatus.WAITING:
            return False
        locked.scheduled_for = council_letter_schedule(letter=locked, now=now)
        locked.save(update_fields=["scheduled_for"])
    return True


def letters_dispatch(*, now: datetime.datetime) -> str:
    """Periodic job: send the waiting letters whose time has come.

    ``scheduled_for`` spreads a council's letters over its office hours, at most
    ``COUNCIL_DAILY_CAP`` a day (solidair.letters.delivery.schedule). A due letter that may not go
    now after all (offices closed, the day's cap reached: a backlog after a pause or a released
    queue) moves to the next free slot instead. Letters to a held queue, or to a council whose
    address is unknown or does not work, wait where they are.
    """
    sent = postponed = failed = 0
    for model in LETTER_MODELS:
        due = list(
            model.objects.filter(status=LetterStatus.WAITING)
            .exclude(scheduled_for__gt=now)
            .order_by("scheduled_for", "pk")
        )
        for start in range(0, len(due), DISPATCH_BATCH):
            going, late = _may_go(due[start : start + DISPATCH_BATCH], now=now)
            emails = council_letters_send(letters=going, now=now)
            sent += len(emails)
            if len(emails) < len(going):
                # Not sent: those still waiting (a letter withdrawn or erased meanwhile is not).
                failed += model.objects.filter(
                    pk__in=[letter.pk for letter in going], status=LetterStatus.WAITING
                ).count()
            for letter in late:
                postponed += council_letter_postpone(letter=letter, now=now)
    parts = [f"{sent} letters sent"] if sent else []
    if postponed:
        parts.append(f"{postponed} postponed to the next free slot")
    if failed:
        parts.append(f"{failed} not sent")
    return ", ".join(parts)


def _may_go(
    letters: Sequence[CouncilLetter], *, now: datetime.datetime
) -> tuple[list[CouncilLetter], list[CouncilLetter]]:
    """The letters that may go now, in order, and those that must move to a later slot
    (offices closed, or the council's cap for today reached, counting the earlier ones of the
    batch). Letters to a held queue, an unknown address or one that does not work are in
    neither: they wait."""
    if not office_open(now):
        return [], list(letters)
    addresses = _council_addresses(letters)
    sent_today: Counter[int] = Counter()
    going, late = [], []
    for letter in letters:
        place = letter.municipality_id
        address = addresses.get(place)
        if address is None or not address.letters_may_go:
            continue
        if place not in sent_today:
            sent_today[place] = council_sent_today(municipality_id=place, now=now)
        if sent_today[place] < settings.COUNCIL_DAILY_CAP:
            going.append(letter)
            sent_today[place] += 1
        else:
            late.append(letter)
    return going, late
