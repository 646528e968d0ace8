"""Sending letters to councils: one path for individual and collective letters.

A confirmed (and, where needed, reviewed) letter has status WAITING. The periodic job
``letters_dispatch`` sends each waiting letter whose ``scheduled_for`` has come: it asks the
letter's kind for its message (``MESSAGE_BUILDERS``), queues it in the outbox to the council's
address, and marks the letter SENT, all in one transaction. The outbox then delivers it, with
retries; nothing is lost or sent twice (solidair.lib.mail).

Every mail that names a resident is queued with ``resident_mail_queue``, which records it on the
letter or signature (``mails``): erasure deletes exactly those.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.module_loading import import_string
from post_office.models import Email

from solidair.letters.models import CollectiveLetter, CouncilAddress, LetterStatus, ResidentLetter
from solidair.letters.schedule import council_letter_may_go, council_letter_schedule
from solidair.lib.i18n import DUTCH
from solidair.lib.mail import mail_queue
from solidair.lib.pagecache import bump_content_version

# How each kind of letter becomes a mail to its council: dotted path of
# ``builder(*, letter) -> CouncilMessage``.
MESSAGE_BUILDERS = {
    "letters.residentletter": "solidair.letters.sending.resident_letter_message",
    "letters.collectiveletter": "solidair.letters.collective.collective_letter_message",
}
LETTER_MODELS = (ResidentLetter, CollectiveLetter)


@dataclass(frozen=True)
class CouncilMessage:
    subject: str
    text: str
    html: str
    reply_to: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    # file name -> (content, MIME type); the letter as PDF at least.
    attachments: dict[str, tuple[bytes, str]] = field(default_factory=dict)


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
    address, the council's queue is held, or the letter is no longer waiting)."""
    now = now or timezone.now()
    with transaction.atomic():
        letter = type(letter).objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.WAITING:
            return None
        address = CouncilAddress.objects.filter(municipality_id=letter.municipality_id).first()
        if address is None or address.queue_held:
            return None
        message = council_message(letter=letter)
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
        # The municipality's campaign timeline counts letters sent (whole-page cache).
        transaction.on_commit(bump_content_version)
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
    ``COUNCIL_DAILY_CAP`` a day (solidair.letters.schedule). A due letter that may not go now
    after all (offices closed, the day's cap reached: a backlog after a pause or a released
    queue) moves to the next free slot instead. Letters to a held queue wait where they are.
    """
    sent = postponed = 0
    for model in LETTER_MODELS:
        due = model.objects.filter(status=LetterStatus.WAITING).exclude(scheduled_for__gt=now)
        for letter in due.order_by("scheduled_for", "pk"):
            if not council_letter_may_go(letter=letter, now=now):
                postponed += council_letter_postpone(letter=letter, now=now)
            elif council_letter_send(letter=letter, now=now) is not None:
                sent += 1
    parts = [f"{sent} letters sent"] if sent else []
    if postponed:
        parts.append(f"{postponed} postponed to the next free slot")
    return ", ".join(parts)
