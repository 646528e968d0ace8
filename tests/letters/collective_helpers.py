"""Helpers for the tests of collective letters, follow-up and personal data."""

import datetime
import re
from email.message import EmailMessage
from urllib.parse import urlsplit

from django.utils import timezone

from solidair.letters.forms.common import form_started_value
from solidair.letters.models import (
    CollectiveLetter,
    CoSignature,
    CouncilAddress,
    LetterKind,
    LetterStatus,
    ResidentLetter,
)
from solidair.lib.tokens import email_digest, key_new
from tests.factories import council_address_set, municipality

COUNCIL = "college@hove.example.be"
LINK = re.compile(r"https?://\S+")

START = {
    "begonnen": form_started_value(),
    "naam": "Griet Vermeulen",
    "email": "griet@example.be",
    "postcode": "2540",
    "bestuur": "gemeente",
    "gezamenlijke_alinea": "Wij willen dat Hove solidair is.",
    "keuze_1": "",
    "keuze_2": "",
    "keuze_3": "",
    "naam_tonen": "on",
}

SIGN = {
    "begonnen": form_started_value(),
    "naam": "Karim El Amrani",
    "email": "karim@example.be",
    "postcode": "2540",
    "woont_hier": "on",
    "naam_tonen": "on",
}


def council_address(name: str = "Hove", email: str = COUNCIL) -> CouncilAddress:
    return council_address_set(municipality(name), email, source="https://www.hove.be/contact")


def text_of(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def links_in(message: EmailMessage) -> list[str]:
    return LINK.findall(text_of(message))


def path_of(link: str) -> str:
    return urlsplit(link).path


def link_to(message: EmailMessage, fragment: str) -> str:
    """The path of the first link in ``message`` whose address contains ``fragment``."""
    return next(path_of(link) for link in links_in(message) if fragment in link)


def open_collective(
    name: str = "Griet Vermeulen",
    email: str = "griet@example.be",
    *,
    created_at: datetime.datetime | None = None,
    **fields,
) -> CollectiveLetter:
    """A confirmed collective letter for Hove, open for signatures."""
    now = created_at or timezone.now()
    return CollectiveLetter.objects.create(
        municipality=municipality("Hove"),
        kind=LetterKind.JOIN,
        template_version=1,
        status=LetterStatus.OPEN,
        created_at=now,
        confirmed_at=now,
        share_key=key_new(),
        manage_key=key_new(),
        initiator_name=name,
        initiator_email=email,
        initiator_postal_code="2540",
        email_digest=email_digest(email),
        **{"personal_paragraph": "Wij willen dat Hove solidair is.", **fields},
    )


def signature(
    letter: CollectiveLetter,
    name: str,
    email: str,
    *,
    confirmed: bool = True,
    created_at: datetime.datetime | None = None,
    show_name: bool = False,
) -> CoSignature:
    now = created_at or timezone.now()
    return CoSignature.objects.create(
        letter=letter,
        name=name,
        email=email,
        postal_code="2540",
        lives_in_municipality=True,
        show_name=show_name,
        created_at=now,
        confirmed_at=now if confirmed else None,
        confirm_key="" if confirmed else key_new(),
        manage_key=key_new(),
        email_digest=email_digest(email),
    )


def sent_resident_letter(
    sent_at: datetime.datetime,
    *,
    name: str = "Bram Janssens",
    email: str = "bram@example.be",
    phone: str = "0470 12 34 56",
    place: str = "Hove",
) -> ResidentLetter:
    """An individual letter as the sending flow leaves it once it went out."""
    return ResidentLetter.objects.create(
        municipality=municipality(place),
        kind=LetterKind.JOIN,
        template_version=1,
        status=LetterStatus.SENT,
        created_at=sent_at - datetime.timedelta(hours=1),
        confirmed_at=sent_at - datetime.timedelta(minutes=30),
        sent_at=sent_at,
        council_email=COUNCIL,
        name=name,
        email=email,
        phone=phone,
        personal_paragraph=f"Ik ben {name} en woon graag in {place}.",
        manage_key=key_new(),
        email_digest=email_digest(email),
    )
