"""The letters' notification mails, one function per type: subject and body in
``templates/mail/letters/``.

A mail to a resident about a letter or a signature (``about``) is written in the language they
used on the site (``about.language``), its links to their data too, and is recorded on
``about`` (``mails``), so that erasure deletes it with their data. The coordinators' mails are
in Dutch. Links that hold a token (``confirm_url``, ``share_url``...) are made by the caller.

The letter itself, the mail that takes it to its council (``CouncilMessage``, with its HTML and
PDF), is not a notification: it is built in solidair.letters.delivery (``templates/letters/mail/``).
"""

from django.conf import settings
from django.utils import timezone
from post_office.models import Email

from solidair.letters.composing.services import dutch_date
from solidair.letters.delivery.privacy import my_data_url
from solidair.letters.models import (
    CollectiveLetter,
    CoSignature,
    CouncilAddress,
    CouncilAddressSuggestion,
    CouncilLetter,
    ResidentLetter,
)
from solidair.lib.i18n import DUTCH, in_dutch, in_language
from solidair.operations.mail import mail_send
from solidair.web.links import absolute_url


def _to_resident(name: str, about: CouncilLetter | CoSignature, *, to: str, context: dict) -> Email:
    """Queue ``letters/<name>`` to ``to`` in ``about.language`` and record it on ``about``."""
    email = mail_send(f"letters/{name}", to=[to], context=context, language=about.language)
    about.mails.add(email)
    return email


# --- To a resident about their own letter ----------------------------------------------------


def confirm(
    letter: ResidentLetter, *, council_email: str, confirm_url: str, reminder: bool, days: int
) -> Email:
    """To a resident who asked to send their letter by e-mail: the link to confirm it
    (``reminder``: the one reminder, a day later); unconfirmed, it is deleted after ``days``."""
    with in_language(letter.language):
        return _to_resident(
            "confirm",
            letter,
            to=letter.email,
            context={
                "letter": letter,
                "place": letter.municipality.name,
                "council_email": council_email,
                "confirm_url": confirm_url,
                "my_data_url": my_data_url(letter),
                "reminder": reminder,
                "days": days,
            },
        )


def bounced(letter: CouncilLetter, *, to: str, refused_address: str) -> Email:
    """To a letter's writer (``to``: the resident, or a collective letter's initiator): the
    council's mail server refused it at ``refused_address``; it waits for a working address."""
    with in_language(letter.language):
        return _to_resident(
            "bounced",
            letter,
            to=to,
            context={
                "place": letter.municipality.name,
                "refused_address": refused_address,
                "collective": isinstance(letter, CollectiveLetter),
                "copy": getattr(letter, "cc_resident", False),
                "suggest_url": absolute_url(
                    "letters:suggest_address", kwargs={"slug": letter.municipality.slug}
                ),
                "my_data_url": my_data_url(letter),
            },
        )


def rejected(letter: CouncilLetter, *, to: str) -> Email:
    """To a letter's writer (``to``): a coordinator reviewed the held letter and did not send it."""
    with in_language(letter.language):
        return _to_resident(
            "rejected",
            letter,
            to=to,
            context={"place": letter.municipality.name, "my_data_url": my_data_url(letter)},
        )


def followup(letter: CouncilLetter, *, links: dict[str, str]) -> Email:
    """To a letter's writer, 14 days after it went (and again after "nog niet"): did the
    council answer? ``links``: one per answer (``ja``, ``nog_niet``, ``nee``)."""
    with in_language(letter.language):
        return _to_resident(
            "followup",
            letter,
            to=letter.writer_email,
            context={
                "letter": letter,
                "municipality": letter.municipality,
                "is_collective": isinstance(letter, CollectiveLetter),
                "links": links,
                "again": letter.followup_asked > 1,
                "my_data_url": my_data_url(letter),
                "privacy_url": absolute_url("letters:privacy"),
            },
        )


# --- To the initiator and the signatories of a collective letter -----------------------------


def _collective(
    name: str, about: CollectiveLetter | CoSignature, *, to: str, context: dict
) -> Email:
    """A collective letter's mail, with the footer's links to the resident's data."""
    letter = about if isinstance(about, CollectiveLetter) else about.letter
    with in_language(about.language):
        return _to_resident(
            name,
            about,
            to=to,
            context={
                "municipality": letter.municipality,
                "my_data_url": my_data_url(about),
                "privacy_url": absolute_url("letters:privacy"),
                **context,
            },
        )


def collective_confirm(letter: CollectiveLetter, *, link: str, days: int) -> Email:
    """To the initiator who started a collective letter: the link to confirm their address
    (it works ``days`` days)."""
    return _collective(
        "collective_confirm",
        letter,
        to=letter.initiator_email,
        context={"link": link, "days": days},
    )


def collective_open(letter: CollectiveLetter, *, share_url: str, manage_url: str) -> Email:
    """To the initiator, once they confirmed: the letter is open; the link to share and the
    private link to manage it."""
    return _collective(
        "collective_open",
        letter,
        to=letter.initiator_email,
        context={"share_url": share_url, "manage_url": manage_url},
    )


def signature_confirm(signature: CoSignature, *, link: str, days: int, share_url: str) -> Email:
    """To a resident who signed a collective letter: the link to confirm their signature
    (it works ``days`` days)."""
    return _collective(
        "signature_confirm",
        signature,
        to=signature.email,
        context={"link": link, "days": days, "share_url": share_url},
    )


def signature_known(
    about: CollectiveLetter | CoSignature, *, to: str, share_url: str, initiator: bool
) -> Email:
    """To an address that signs a collective letter again (``about``: the letter when it is the
    initiator's, their confirmed signature otherwise): it already counts, once."""
    return _collective(
        "signature_known",
        about,
        to=to,
        context={"share_url": share_url, "initiator": initiator},
    )


# --- To the coordinators -----------------------------------------------------------------------


def suggestion(suggestion: CouncilAddressSuggestion) -> Email:
    """To the coordinators, in Dutch: a resident proposes an address for a council, to review."""
    with in_dutch():
        return mail_send(
            "letters/suggestion",
            to=list(settings.COORDINATOR_EMAILS),
            context={
                "suggestion": suggestion,
                "review_url": absolute_url("admin:letters_counciladdresssuggestion_changelist")
                + "?status__exact=pending",
            },
            language=DUTCH,
        )


def address_failing(address: CouncilAddress) -> Email:
    """To the coordinators, in Dutch, once: the council's mail server refused a letter for good;
    its letters wait until the address is fixed or verified again."""
    with in_dutch():
        return mail_send(
            "letters/address_failing",
            to=list(settings.COORDINATOR_EMAILS),
            context={
                "address": address,
                "place": address.municipality.name_nl,
                "since": dutch_date(timezone.localdate(address.failing_since)),
                "change_url": absolute_url(
                    "admin:letters_counciladdress_change", args=[address.pk]
                ),
                "queue_url": absolute_url("admin:letters_counciladdress_changelist") + "?werkt=nee",
            },
            language=DUTCH,
        )
