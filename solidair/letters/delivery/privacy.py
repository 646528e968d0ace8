"""Residents' personal data, kept only as long as the privacy page (/brief/privacy/) says.

Personal data of letters sent by e-mail lives in the columns each model lists in
``PERSONAL_FIELDS`` and in the outbox mails it lists in ``mails`` (solidair.letters.models).
``personal_data_erase`` blanks those columns, clears the row's link keys, deletes those mails
with their delivery logs and attachments (files included), and sets ``erased_at``. What stays
is anonymous: municipality, dates, status, number of signatories, the follow-up's answer.

When (``letters_erase``, a periodic job):
- a letter that went out: 90 days after sending, once its follow-up questions are closed;
- a letter or co-signature never confirmed: after 7 days (unconfirmed individual letters are
  deleted by solidair.letters.delivery.sending);
- a collective letter that was not sent: 12 months after it was started, with its signatories
  (a sent one keeps them until its own 90 days, whichever comes first);
- a rejected letter: 7 days after the review.
And at once, when the resident asks on their "my data" page (``letters:my_data``).
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import STATUS, Attachment, Email

from solidair.letters.models import CollectiveLetter, CoSignature, LetterStatus, ResidentLetter
from solidair.lib.tokens import link_key, link_token
from solidair.operations.pagecache import bump_content_version
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)

KEPT_AFTER_SENDING = datetime.timedelta(days=90)
KEPT_UNCONFIRMED = datetime.timedelta(days=7)
KEPT_AFTER_REJECTION = datetime.timedelta(days=7)
KEPT_OPEN_COLLECTIVE = datetime.timedelta(days=365)

MY_DATA_PURPOSE = "manage"
# Longer than any data is kept: the link works as long as there is something to see.
MY_DATA_MAX_AGE = datetime.timedelta(days=500)

PersonalRecord = ResidentLetter | CollectiveLetter | CoSignature
RECORD_MODELS = (ResidentLetter, CollectiveLetter, CoSignature)
KEY_FIELDS = ("confirm_key", "manage_key", "followup_key")
UNSENT = (LetterStatus.UNCONFIRMED, LetterStatus.OPEN, LetterStatus.HELD, LetterStatus.WAITING)


def my_data_url(record: PersonalRecord) -> str:
    """The link in every mail to a resident: see your data, erase it."""
    token = link_token(record.manage_key, purpose=MY_DATA_PURPOSE)
    return absolute_url("letters:my_data", kwargs={"token": token})


def my_data_lookup(*, token: str) -> PersonalRecord | None:
    """The letter or signature a my-data token belongs to; None for any token that does not
    (forged, expired, erased): the caller answers the same page for all of them."""
    key = link_key(token, purpose=MY_DATA_PURPOSE, max_age=MY_DATA_MAX_AGE)
    if not key:
        return None
    for model in RECORD_MODELS:
        record = model.objects.filter(manage_key=key, erased_at__isnull=True).first()
        if record is not None:
            return record
    return None


@dataclass
class Erased:
    """What an erasure did, in counts (the log never names anyone)."""

    letters: int = 0
    signatures: int = 0
    mails: int = 0
    files: int = 0
    withdrawn: int = 0  # letters that had not gone out and never will

    def add(self, other: "Erased") -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def summary(self) -> str:
        return (
            f"{self.letters} letters, {self.signatures} signatures, {self.mails} mails, "
            f"{self.files} files erased; {self.withdrawn} unsent letters withdrawn"
        )


@dataclass
class _Pending:
    mail_ids: set[int] = field(default_factory=set)


def personal_data_erase(*, record: PersonalRecord, now: datetime.datetime | None = None) -> Erased:
    """Erase one resident's personal data (and, for a collective letter, its signatories').

    Idempotent: an erased row is left as it is. A letter that has not gone out is withdrawn
    (it cannot be sent without its writer). The outbox mails naming the resident are deleted,
    even a mail to the council that is still waiting: the resident asked for it.
    """
    now = now or timezone.now()
    erased = Erased()
    pending = _Pending()
    with transaction.atomic():
        record = type(record).objects.select_for_update().get(pk=record.pk)
        if record.erased_at is not None:
            return erased
        if isinstance(record, CoSignature):
            letter = CollectiveLetter.objects.select_for_update().get(pk=record.letter_id)
            if record.confirmed_at and letter.status in (LetterStatus.HELD, LetterStatus.WAITING):
                # Counted when the initiator sent it, but not in the mail that will go.
                letter.signatory_count = max(letter.signatory_count - 1, 1)
                letter.save(update_fields=["signatory_count"])
            _signature_blank(record, now, pending)
            erased.signatures += 1
            # The council's copy names every signatory: once delivered, it is not needed.
            if letter.council_mail_id:
                delivered = Email.objects.filter(pk=letter.council_mail_id, status=STATUS.sent)
                pending.mail_ids.update(delivered.values_list("pk", flat=True))
        else:
            if record.status in UNSENT:
                record.status = LetterStatus.REJECTED
                record.held_reason = _("ingetrokken: persoonsgegevens gewist")
                erased.withdrawn += 1
            _letter_blank(record, now, pending)
            erased.letters += 1
            if isinstance(record, CollectiveLetter):
                for signature in record.signatures.filter(erased_at__isnull=True):
                    _signature_blank(signature, now, pending)
                    erased.signatures += 1
        erased.mails, erased.files = _mails_delete(pending.mail_ids)
        if not isinstance(record, ResidentLetter):
            # A collective letter's public page may show a name that is now gone (page cache).
            transaction.on_commit(bump_content_version)
    logger.info("Personal data erased: %s.", erased.summary())
    return erased


def _blank(record: PersonalRecord, now: datetime.datetime, pending: _Pending) -> list[str]:
    pending.mail_ids.update(record.mails.values_list("pk", flat=True))
    changed = []
    for name in (*record.PERSONAL_FIELDS, *KEY_FIELDS):
        if hasattr(record, name):
            setattr(record, name, "")
            changed.append(name)
    record.erased_at = now
    return [*changed, "erased_at"]


def _letter_blank(
    letter: ResidentLetter | CollectiveLetter, now: datetime.datetime, pending: _Pending
) -> None:
    changed = _blank(letter, now, pending)
    letter.save(update_fields=[*changed, "status", "held_reason"])


def _signature_blank(signature: CoSignature, now: datetime.datetime, pending: _Pending) -> None:
    signature.save(update_fields=_blank(signature, now, pending))


def _mails_delete(mail_ids: set[int]) -> tuple[int, int]:
    """Delete these outbox mails, their logs (cascade) and their attachments with the files."""
    if not mail_ids:
        return 0, 0
    files = 0
    for attachment in Attachment.objects.filter(emails__in=mail_ids).distinct():
        if attachment.emails.exclude(pk__in=mail_ids).exists():
            continue  # shared with a mail that stays (never the case for residents' mails)
        if attachment.file:
            name, storage = attachment.file.name, attachment.file.storage
            transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
            files += 1
        attachment.delete()
    mails = Email.objects.filter(pk__in=mail_ids).delete()[1].get("post_office.Email", 0)
    return mails, files


def _due_letters(model, now: datetime.datetime) -> QuerySet:
    due = Q(
        status=LetterStatus.SENT,
        sent_at__lte=now - KEPT_AFTER_SENDING,
        followup_closed_at__isnull=False,
    ) | Q(status=LetterStatus.REJECTED, created_at__lte=now - KEPT_AFTER_REJECTION) & (
        Q(reviewed_at__isnull=True) | Q(reviewed_at__lte=now - KEPT_AFTER_REJECTION)
    )
    if model is CollectiveLetter:
        due |= Q(status=LetterStatus.UNCONFIRMED, created_at__lte=now - KEPT_UNCONFIRMED)
        due |= Q(created_at__lte=now - KEPT_OPEN_COLLECTIVE)
    return model.objects.filter(due, erased_at__isnull=True)


def letters_erase(*, now: datetime.datetime) -> str:
    """Periodic job: erase what has been kept as long as promised. Counts only in its summary."""
    erased = Erased()
    for model in (ResidentLetter, CollectiveLetter):
        for letter in _due_letters(model, now).order_by("pk"):
            erased.add(personal_data_erase(record=letter, now=now))
    unconfirmed = CoSignature.objects.filter(
        erased_at__isnull=True, confirmed_at__isnull=True, created_at__lte=now - KEPT_UNCONFIRMED
    )
    for signature in unconfirmed.order_by("pk"):
        erased.add(personal_data_erase(record=signature, now=now))
    if not (erased.letters or erased.signatures):
        return ""
    return erased.summary()


def personal_data_shown(record: PersonalRecord) -> list[tuple[str, str]]:
    """What the my-data page shows: every personal field, labelled, as stored."""
    rows = []
    for name in record.PERSONAL_FIELDS:
        if name == "email_digest":
            continue  # derived from the address, erased with it; not readable
        field_ = record._meta.get_field(name)
        rows.append((str(field_.verbose_name), getattr(record, name)))
    return rows
