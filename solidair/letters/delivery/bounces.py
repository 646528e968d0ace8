"""A letter the council's mail server refused for good, and the address that does not work.

The outbox (solidair.operations.mail) reports a refusal at sending time (5xx to RCPT TO or
DATA), and ``manage.py process_bounce`` one that comes back later as a delivery status
notification (solidair.operations.bounces); both call ``council_mail_refused``
(``settings.MAIL_REFUSED_HANDLERS``).
When the council's own address is among the refused ones:

- the address is marked failing (when, the server's reason) and the coordinators get one mail
  (``council_address_failing_mark``); its letters wait until a coordinator saves a new or
  re-verified address (solidair.letters.delivery.addresses), and the dispatch skips it meanwhile;
- the letter is kept and goes back to the queue: WAITING, not counted as sent, ``bounced_at``
  set; it goes again, to the fixed address, with the others;
- its writer (the resident, or a collective letter's initiator) is told by mail, in their
  language, what happens next.

A refusal reported twice (the server's answer, then its bounce) changes nothing the second
time; one that names only the resident's copy (CC) leaves the council's address alone; one for
an address that was changed since leaves the new address alone and sends the letter to it.
"""

import datetime

from django.db import transaction
from post_office.models import Email

from solidair.letters import mails
from solidair.letters.delivery.addresses import council_address_failing_mark
from solidair.letters.delivery.schedule import council_letter_schedule
from solidair.letters.models import (
    LETTER_MODELS,
    CouncilAddress,
    LetterStatus,
)
from solidair.operations.pagecache import bump_content_version


def council_mail_refused(*, email: Email, refused: dict[str, str], now: datetime.datetime) -> None:
    """``email`` will never reach the addresses of ``refused`` (address → the server's reason):
    if it carried a letter to its council's address, see the module docstring."""
    for model in LETTER_MODELS:
        letter = (
            model.objects.select_for_update()
            .filter(council_mail=email)
            .select_related("municipality")
            .first()
        )
        if letter is not None:
            break
    else:
        return  # not a letter to a council
    reasons = {address.lower(): reason for address, reason in refused.items()}
    reason = reasons.get(letter.council_email.lower())
    if reason is None or letter.status != LetterStatus.SENT:
        return  # only the resident's copy, or reported before
    address = (
        CouncilAddress.objects.select_for_update()
        .filter(municipality_id=letter.municipality_id)
        .first()
    )
    same_address = address is not None and address.email.lower() == letter.council_email.lower()
    if same_address:
        council_address_failing_mark(address=address, reason=reason, now=now)
    refused_address = letter.council_email
    letter.status = LetterStatus.WAITING
    letter.sent_at = None
    letter.council_email = ""
    letter.bounced_at = now
    if not same_address:
        # A coordinator changed the address since the letter went: it goes to the new one.
        letter.scheduled_for = council_letter_schedule(letter=letter, now=now)
    letter.save(update_fields=["status", "sent_at", "council_email", "bounced_at", "scheduled_for"])
    writer = letter.writer_email
    if writer:
        mails.bounced(letter, to=writer, refused_address=refused_address)
    # The municipality's campaign timeline counts letters sent (whole-page cache).
    transaction.on_commit(bump_content_version)
