"""A resident's letter sent by e-mail: confirmation, review, the council's queue.

1. ``resident_letter_create``: the resident asked to send; the letter is stored UNCONFIRMED and
   a mail with a confirmation link goes to the resident. One letter per address, municipality
   and 90 days (by ``email_digest``); an unconfirmed one is replaced by the new one.
2. ``resident_letter_confirm``: the resident used the link (a POST: mail scanners only GET). The
   letter is HELD for a coordinator when its own paragraph has a link, is long, or is nearly the
   same as another resident's (solidair.letters.delivery.review), else WAITING for its council's
   next free slot (solidair.letters.delivery.schedule).
3. ``letters_dispatch`` (dispatch.py) sends it when its slot comes, with
   ``resident_letter_message``: from the platform, Reply-To the resident, the resident in CC
   unless they unticked it, text + HTML, the PDF of the letter as the resident saw it.

Unconfirmed letters get one reminder after 24 hours and are deleted after 7 days, with their
mails (``resident_letters_remind``, ``resident_letters_expire``); the anonymous LetterCount
stays. Coordinators review held letters (solidair.letters.delivery.review, for every kind of
letter) and hold or release a council's queue (solidair.letters.delivery.schedule).
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from post_office.models import Email

from solidair.letters import mails
from solidair.letters.composing.content import Letter
from solidair.letters.composing.renderers.pdf import render_pdf_later
from solidair.letters.composing.renderers.text import render_text
from solidair.letters.composing.services import ResidentInput, dutch_date, kept, letter_build
from solidair.letters.delivery.addresses import council_address
from solidair.letters.delivery.dispatch import CouncilMessage
from solidair.letters.delivery.review import review_reason
from solidair.letters.delivery.schedule import council_letter_schedule
from solidair.letters.models import (
    CouncilAddress,
    CouncilLetter,
    LetterStatus,
    LetterTemplate,
    ResidentLetter,
)
from solidair.lib.i18n import in_dutch, in_language, language_current
from solidair.lib.tokens import email_digest, key_new, link_key, link_token
from solidair.municipalities.models import Municipality
from solidair.web.links import absolute_url

ADDRESS_PERIOD = datetime.timedelta(days=90)
REMIND_AFTER = datetime.timedelta(hours=24)
EXPIRE_AFTER = datetime.timedelta(days=7)
CONFIRM_PURPOSE = "confirm"


class SendRefused(Exception):
    """The letter cannot be sent; ``message`` says why, in Dutch, to the resident."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def confirm_url(letter: ResidentLetter) -> str:
    token = link_token(letter.confirm_key, purpose=CONFIRM_PURPOSE)
    return absolute_url("letters:confirm", kwargs={"token": token})


def _resident_input(letter: ResidentLetter) -> ResidentInput:
    return ResidentInput(
        name=letter.name,
        email=letter.email,
        phone=letter.phone,
        is_city=letter.is_city,
        personal_paragraph=letter.personal_paragraph,
        preferences=tuple(letter.preferences),
    )


def _letter_delete(letter: CouncilLetter) -> None:
    """Delete a letter and every outbox mail that names its writer."""
    Email.objects.filter(pk__in=list(letter.mails.values_list("pk", flat=True))).delete()
    letter.delete()


# --- Creating and confirming ---------------------------------------------------------------


def resident_letter_create(
    *,
    municipality: Municipality,
    resident: ResidentInput,
    letter: Letter,
    cc_resident: bool = True,
    now: datetime.datetime | None = None,
) -> ResidentLetter:
    """Store the letter the resident saw (``letter``) and mail them the confirmation link.

    Raises SendRefused when the council's address is unknown or this address already wrote
    to this council in the last 90 days.
    """
    now = now or timezone.now()
    address = council_address(municipality)
    if address is None:
        raise SendRefused(
            _("We kennen het e-mailadres van het college van %(name)s nog niet.")
            % {"name": municipality.name}
        )
    digest = email_digest(resident.email)
    with transaction.atomic():
        # One request at a time per municipality: two quick clicks make one letter.
        Municipality.objects.select_for_update().filter(pk=municipality.pk).first()
        earlier = ResidentLetter.objects.filter(
            municipality=municipality, email_digest=digest, created_at__gte=now - ADDRESS_PERIOD
        )
        if earlier.exclude(status=LetterStatus.UNCONFIRMED).exists():
            raise SendRefused(
                _(
                    "Met dit e-mailadres werd de voorbije 90 dagen al een brief naar het college "
                    "van %(name)s gestuurd. Eén brief per persoon houdt de actie geloofwaardig. "
                    "Je kan je brief wel downloaden en zelf versturen."
                )
                % {"name": municipality.name}
            )
        # The resident did not confirm an earlier one (lost the mail, or changed the letter):
        # this one replaces it, and the earlier link stops working.
        for old in earlier:
            _letter_delete(old)
        stored = ResidentLetter.objects.create(
            municipality=municipality,
            kind=letter.kind,
            template_version=letter.template_version,
            status=LetterStatus.UNCONFIRMED,
            created_at=now,
            name=resident.name,
            email=resident.email,
            phone=resident.phone,
            is_city=resident.is_city,
            personal_paragraph=resident.personal_paragraph,
            preferences=list(resident.preferences),
            cc_resident=cc_resident,
            email_digest=digest,
            confirm_key=key_new(),
            manage_key=key_new(),
            language=language_current(),
        )
        _confirmation_mail(letter=stored, address=address, reminder=False)
    return stored


def _confirmation_mail(*, letter: ResidentLetter, address: CouncilAddress, reminder: bool) -> None:
    """Mail the confirmation link (solidair.letters.mails.confirm), in the resident's language."""
    with in_language(letter.language):  # the link too
        mails.confirm(
            letter,
            council_email=address.email,
            confirm_url=confirm_url(letter),
            reminder=reminder,
            days=EXPIRE_AFTER.days,
        )


def resident_letter_for_token(token: str) -> ResidentLetter | None:
    """The unconfirmed letter a confirmation link is for; None for any link that does not work
    (never valid, used, expired, deleted): the caller answers all of them the same."""
    key = link_key(token, purpose=CONFIRM_PURPOSE, max_age=EXPIRE_AFTER)
    if key is None:
        return None
    return (
        ResidentLetter.objects.filter(confirm_key=key, status=LetterStatus.UNCONFIRMED)
        .select_related("municipality")
        .first()
    )


def resident_letter_confirm(
    *, token: str, now: datetime.datetime | None = None
) -> ResidentLetter | None:
    """Confirm the letter of a confirmation link (once); None when the link does not work."""
    now = now or timezone.now()
    letter = resident_letter_for_token(token)
    if letter is None:
        return None
    reason = review_reason(letter=letter, now=now)  # reads other letters: before the lock
    with transaction.atomic():
        letter = ResidentLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.UNCONFIRMED or not letter.confirm_key:
            return None  # a second click at the same moment
        letter.confirmed_at = now
        letter.confirm_key = ""
        if reason:
            letter.status = LetterStatus.HELD
            letter.held_reason = reason
        else:
            letter.status = LetterStatus.WAITING
            letter.scheduled_for = council_letter_schedule(letter=letter, now=now)
        letter.save(
            update_fields=["confirmed_at", "confirm_key", "status", "held_reason", "scheduled_for"]
        )
    return letter


# --- The message to the council -------------------------------------------------------------


def resident_letter_build(*, letter: ResidentLetter, today: datetime.date | None = None) -> Letter:
    """The letter as the resident saw it: their details, the template version they saw,
    the network's data as it is now, dated the day it goes out."""
    template = kept(
        ("template", letter.kind, letter.template_version),
        LetterTemplate.objects.filter(kind=letter.kind, version=letter.template_version).first,
    )
    return letter_build(
        municipality=letter.municipality,
        resident=_resident_input(letter),
        template=template,
        today=today,
    )


def resident_letter_message(*, letter: ResidentLetter) -> CouncilMessage:
    """The mail that takes a resident's letter to their council (MESSAGE_BUILDERS): in Dutch,
    the language of Flemish councils, whatever the resident's language."""
    with in_dutch():
        return _resident_letter_message(letter=letter)


def _resident_letter_message(*, letter: ResidentLetter) -> CouncilMessage:
    content = resident_letter_build(letter=letter)
    place = letter.municipality.name_nl
    context = {
        "letter": content,
        "name": letter.name,
        "email": letter.email,
        "place": place,
        "confirmed_on": dutch_date(timezone.localdate(letter.confirmed_at or timezone.now())),
        "site_url": settings.SITE_URL,
    }
    return CouncilMessage(
        subject=_("Brief van %(name)s, inwoner, aan het college van %(place)s")
        % {"name": letter.name, "place": place},
        text=render_text(content)
        + render_to_string("letters/mail/council_letter_footer.txt", context),
        html=render_to_string("letters/mail/council_letter.html", context),
        reply_to=[letter.email],
        cc=[letter.email] if letter.cc_resident else [],
        attachments={
            f"brief-{letter.municipality.slug}.pdf": (render_pdf_later(content), "application/pdf")
        },
    )


# --- Reminders and expiry (periodic jobs) ---------------------------------------------------


def resident_letters_remind(*, now: datetime.datetime) -> str:
    """Periodic job: one reminder to residents who did not confirm within 24 hours."""
    due = ResidentLetter.objects.filter(
        status=LetterStatus.UNCONFIRMED,
        reminder_sent_at=None,
        created_at__lte=now - REMIND_AFTER,
        created_at__gt=now - EXPIRE_AFTER,
    )
    reminded = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            letter = (
                ResidentLetter.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=LetterStatus.UNCONFIRMED, reminder_sent_at=None)
                .select_related("municipality")
                .first()
            )
            address = letter and council_address(letter.municipality)
            if letter is None or address is None or not letter.confirm_key:
                continue
            _confirmation_mail(letter=letter, address=address, reminder=True)
            letter.reminder_sent_at = now
            letter.save(update_fields=["reminder_sent_at"])
            reminded += 1
    return f"{reminded} reminders sent" if reminded else ""


def resident_letters_expire(*, now: datetime.datetime) -> str:
    """Periodic job: delete letters left unconfirmed for 7 days, with their mails."""
    deleted = 0
    expired = ResidentLetter.objects.filter(
        status=LetterStatus.UNCONFIRMED, created_at__lte=now - EXPIRE_AFTER
    )
    for pk in expired.values_list("pk", flat=True):
        with transaction.atomic():
            letter = (
                ResidentLetter.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=LetterStatus.UNCONFIRMED)
                .first()
            )
            if letter is not None:
                _letter_delete(letter)
                deleted += 1
    return f"{deleted} unconfirmed letters deleted" if deleted else ""
