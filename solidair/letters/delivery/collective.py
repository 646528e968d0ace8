"""Collective letters: one letter that residents of one municipality co-sign.

1. A resident starts it (``collective_letter_start``) and confirms their address by e-mail
   (``collective_letter_confirm``): it is then OPEN, with a public share page
   (``/brief/samen/<share_key>/``, also as a QR code) and a private manage link.
2. Others co-sign (``collective_letter_sign``); each signature counts once its address is
   confirmed (``co_signature_confirm``). One signature per address per letter.
3. The initiator sends it (``collective_letter_send``): WAITING, or HELD for review when its
   text needs it (solidair.letters.delivery.review). From then on nobody can sign.
4. ``letters_dispatch`` mails it to the council (``collective_letter_message``): the letter with
   the list of signatories (names and municipality, never addresses), also as a PDF.

The mails to the initiator and the signatories are in solidair.letters.mails: each is recorded
on the letter or signature it is about (erased with their data) and carries their my-data link
(solidair.letters.delivery.privacy).
"""

import datetime
import io
from dataclasses import dataclass

import segno
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from solidair.letters import mails
from solidair.letters.composing.content import Block, BulletList, Heading, Letter, Paragraph
from solidair.letters.composing.renderers.pdf import render_pdf_later
from solidair.letters.composing.renderers.text import render_text
from solidair.letters.composing.services import ResidentInput, letter_build
from solidair.letters.delivery.dispatch import CouncilMessage
from solidair.letters.delivery.review import review_reason
from solidair.letters.delivery.schedule import council_letter_schedule
from solidair.letters.models import (
    CollectiveLetter,
    CoSignature,
    CouncilAddress,
    LetterKind,
    LetterStatus,
    LetterTemplate,
)
from solidair.lib.i18n import in_dutch, in_language, language_current
from solidair.lib.tokens import email_digest, key_new, link_key, link_token
from solidair.membership.selectors import current_membership
from solidair.municipalities.models import Municipality
from solidair.operations.pagecache import bump_content_version
from solidair.web.links import absolute_url

CONFIRM_PURPOSE = "collective-confirm"
SIGNATURE_PURPOSE = "signature-confirm"
MANAGE_PURPOSE = "collective-manage"
# Unconfirmed letters and signatures are erased after 7 days: their links live as long.
CONFIRM_MAX_AGE = datetime.timedelta(days=7)
# The initiator manages the letter until its data is erased (at most 12 months + 90 days).
MANAGE_MAX_AGE = datetime.timedelta(days=500)

COUNCIL_CONTACT = "door te antwoorden op de e-mail waarmee deze brief verstuurd werd"


@dataclass(frozen=True)
class CollectiveInput:
    name: str
    email: str
    postal_code: str
    is_city: bool | None = None
    personal_paragraph: str = ""
    preferences: tuple[str, ...] = ()
    is_petition: bool = False
    show_name: bool = False


@dataclass(frozen=True)
class SignatureInput:
    name: str
    email: str
    postal_code: str
    lives_in_municipality: bool
    is_16_or_older: bool | None = None
    show_name: bool = False


class SigningClosed(Exception):
    """The letter takes no signatures (sent, withdrawn or not confirmed)."""


# --- Links ------------------------------------------------------------------------------------


def share_url(letter: CollectiveLetter) -> str:
    return absolute_url("letters:collective_detail", kwargs={"share_key": letter.share_key})


def manage_path(letter: CollectiveLetter) -> str:
    token = link_token(letter.manage_key, purpose=MANAGE_PURPOSE)
    return reverse("letters:collective_manage", kwargs={"token": token})


def manage_url(letter: CollectiveLetter) -> str:
    return absolute_url(manage_path(letter))


def share_qr_svg(letter: CollectiveLetter) -> bytes:
    """The share link as a QR code to print (SVG, scales without loss)."""
    code = segno.make(share_url(letter), error="m")
    out = io.BytesIO()
    code.save(
        out,
        kind="svg",
        scale=10,
        border=4,
        title=_("QR-code: onderteken de brief aan het bestuur van %(name)s")
        % {"name": letter.municipality.name},
        xmldecl=False,
    )
    return out.getvalue()


# --- Lookups (a token that does not fit gives None, whatever the reason) -----------------------


def collective_letter_by_confirm_token(token: str) -> CollectiveLetter | None:
    key = link_key(token, purpose=CONFIRM_PURPOSE, max_age=CONFIRM_MAX_AGE)
    if not key:
        return None
    return CollectiveLetter.objects.filter(
        confirm_key=key, status=LetterStatus.UNCONFIRMED, erased_at__isnull=True
    ).first()


def collective_letter_by_manage_token(token: str) -> CollectiveLetter | None:
    key = link_key(token, purpose=MANAGE_PURPOSE, max_age=MANAGE_MAX_AGE)
    if not key:
        return None
    return (
        CollectiveLetter.objects.select_related("municipality")
        .filter(manage_key=key, erased_at__isnull=True)
        .exclude(status=LetterStatus.UNCONFIRMED)
        .first()
    )


def co_signature_by_confirm_token(token: str) -> CoSignature | None:
    key = link_key(token, purpose=SIGNATURE_PURPOSE, max_age=CONFIRM_MAX_AGE)
    if not key:
        return None
    return (
        CoSignature.objects.select_related("letter__municipality")
        .filter(
            confirm_key=key,
            confirmed_at__isnull=True,
            erased_at__isnull=True,
            letter__status=LetterStatus.OPEN,
        )
        .first()
    )


# --- Reads --------------------------------------------------------------------------------------


def confirmed_signatures(letter: CollectiveLetter):
    return letter.signatures.filter(confirmed_at__isnull=False, erased_at__isnull=True)


def signatory_count(letter: CollectiveLetter) -> int:
    """The initiator and every confirmed co-signatory; once sent, as it was sent."""
    if letter.status in (LetterStatus.SENT, LetterStatus.WAITING, LetterStatus.HELD):
        return letter.signatory_count
    if letter.erased_at is not None or letter.status == LetterStatus.UNCONFIRMED:
        return 0
    return 1 + confirmed_signatures(letter).count()


def public_signatory_names(letter: CollectiveLetter) -> list[str]:
    """Names shown on the share page: only of those who agreed."""
    names = [letter.initiator_name] if letter.show_initiator_name and letter.initiator_name else []
    names += [
        name
        for name in confirmed_signatures(letter)
        .filter(show_name=True)
        .order_by("confirmed_at", "pk")
        .values_list("name", flat=True)
        if name
    ]
    return names


def signatory_names(letter: CollectiveLetter) -> list[str]:
    """Every signatory's name, for the council: the initiator first, then in order of signing."""
    names = [letter.initiator_name] if letter.initiator_name else []
    names += list(
        confirmed_signatures(letter).order_by("confirmed_at", "pk").values_list("name", flat=True)
    )
    return [name for name in names if name]


# --- Workflow -----------------------------------------------------------------------------------


def collective_letter_start(
    *,
    municipality: Municipality,
    details: CollectiveInput,
    now: datetime.datetime | None = None,
) -> CollectiveLetter:
    """Create the letter and mail its initiator a link to confirm their address."""
    now = now or timezone.now()
    membership = current_membership(municipality)
    kind = LetterKind.MEMBER if membership and membership.is_active else LetterKind.JOIN
    with transaction.atomic():
        letter = CollectiveLetter.objects.create(
            municipality=municipality,
            kind=kind,
            template_version=LetterTemplate.objects.current(kind).version,
            status=LetterStatus.UNCONFIRMED,
            created_at=now,
            share_key=key_new(),
            confirm_key=key_new(),
            manage_key=key_new(),
            initiator_name=details.name,
            initiator_email=details.email,
            initiator_postal_code=details.postal_code,
            show_initiator_name=details.show_name,
            is_city=details.is_city,
            personal_paragraph=details.personal_paragraph,
            preferences=list(details.preferences),
            is_petition=details.is_petition,
            email_digest=email_digest(details.email),
            language=language_current(),
        )
        token = link_token(letter.confirm_key, purpose=CONFIRM_PURPOSE)
        mails.collective_confirm(
            letter,
            link=absolute_url("letters:collective_confirm", kwargs={"token": token}),
            days=CONFIRM_MAX_AGE.days,
        )
    return letter


def collective_letter_confirm(
    *, token: str, now: datetime.datetime | None = None
) -> CollectiveLetter | None:
    """Open the letter for signatures; None when the link does not (or no longer) fit."""
    now = now or timezone.now()
    found = collective_letter_by_confirm_token(token)
    if found is None:
        return None
    with transaction.atomic():
        letter = CollectiveLetter.objects.select_for_update().get(pk=found.pk)
        if letter.status != LetterStatus.UNCONFIRMED or letter.confirm_key != found.confirm_key:
            return None
        letter.status = LetterStatus.OPEN
        letter.confirmed_at = now
        letter.confirm_key = ""
        letter.save(update_fields=["status", "confirmed_at", "confirm_key"])
        with in_language(letter.language):  # the links too
            mails.collective_open(
                letter, share_url=share_url(letter), manage_url=manage_url(letter)
            )
    return letter


def collective_letter_sign(
    *,
    letter: CollectiveLetter,
    details: SignatureInput,
    now: datetime.datetime | None = None,
) -> None:
    """Ask the signatory to confirm by e-mail. An address that already signed gets a mail
    saying so instead (or a new confirmation link, if it never confirmed): the page that
    follows is the same either way, so nobody learns who signed."""
    now = now or timezone.now()
    digest = email_digest(details.email)
    with transaction.atomic():
        letter = CollectiveLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.OPEN or letter.erased_at is not None:
            raise SigningClosed
        if digest == letter.email_digest:
            mails.signature_known(
                letter, to=details.email, share_url=share_url(letter), initiator=True
            )
            return
        signature = letter.signatures.filter(email_digest=digest).first()
        if signature is not None and signature.confirmed_at is not None:
            mails.signature_known(
                signature, to=details.email, share_url=share_url(letter), initiator=False
            )
            return
        if signature is None:
            signature = CoSignature(letter=letter, manage_key=key_new(), email_digest=digest)
        signature.name = details.name
        signature.email = details.email
        signature.postal_code = details.postal_code
        signature.lives_in_municipality = details.lives_in_municipality
        signature.is_16_or_older = details.is_16_or_older if letter.is_petition else None
        signature.show_name = details.show_name
        signature.created_at = now
        signature.confirm_key = key_new()
        signature.language = language_current()
        signature.save()
        token = link_token(signature.confirm_key, purpose=SIGNATURE_PURPOSE)
        mails.signature_confirm(
            signature,
            link=absolute_url("letters:signature_confirm", kwargs={"token": token}),
            days=CONFIRM_MAX_AGE.days,
            share_url=share_url(letter),
        )


def co_signature_confirm(*, token: str, now: datetime.datetime | None = None) -> CoSignature | None:
    """Count the signature; None when the link does not (or no longer) fit."""
    now = now or timezone.now()
    found = co_signature_by_confirm_token(token)
    if found is None:
        return None
    with transaction.atomic():
        # Lock the letter: sending it and confirming a signature do not cross.
        letter = CollectiveLetter.objects.select_for_update().get(pk=found.letter_id)
        signature = CoSignature.objects.select_for_update().get(pk=found.pk)
        if (
            letter.status != LetterStatus.OPEN
            or signature.confirmed_at is not None
            or signature.confirm_key != found.confirm_key
            or not signature.confirm_key
        ):
            return None
        signature.confirmed_at = now
        signature.confirm_key = ""
        signature.save(update_fields=["confirmed_at", "confirm_key"])
    return signature


def collective_letter_send(
    *, letter: CollectiveLetter, now: datetime.datetime | None = None
) -> CollectiveLetter:
    """The initiator sends it: no more signatures; it waits for ``letters_dispatch``, or for a
    coordinator's review first when its text needs one."""
    now = now or timezone.now()
    if letter.status != LetterStatus.OPEN or letter.erased_at is not None:
        return letter
    reason = review_reason(letter=letter, now=now)  # reads other letters: before the lock
    with transaction.atomic():
        letter = CollectiveLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.status != LetterStatus.OPEN or letter.erased_at is not None:
            return letter
        letter.signatory_count = 1 + confirmed_signatures(letter).count()
        letter.held_reason = reason
        letter.status = LetterStatus.HELD if letter.held_reason else LetterStatus.WAITING
        # The council's queue: its next free slot within the daily cap and office hours (a held
        # letter gets its slot when a coordinator approves it).
        letter.scheduled_for = (
            council_letter_schedule(letter=letter, now=now)
            if letter.status == LetterStatus.WAITING
            else None
        )
        letter.save(update_fields=["signatory_count", "held_reason", "status", "scheduled_for"])
        transaction.on_commit(bump_content_version)
    return letter


def council_address_known(letter: CollectiveLetter) -> bool:
    return CouncilAddress.objects.filter(municipality_id=letter.municipality_id).exists()


# --- The letter and the council's mail -----------------------------------------------------------


def collective_letter_build(
    *, letter: CollectiveLetter, today: datetime.date | None = None, public: bool = False
) -> Letter:
    """The letter with its list of signatories (names and municipality; no address).

    ``public``: as the share page shows it, with only the names of those who agreed.
    In Dutch whatever the language of the page, as every letter to a council.
    """
    with in_dutch():
        return _collective_letter_build(letter=letter, today=today, public=public)


def _collective_letter_build(
    *, letter: CollectiveLetter, today: datetime.date | None, public: bool
) -> Letter:
    municipality = letter.municipality
    place = municipality.name_nl
    if public:
        return _public_build(letter, today)
    names = signatory_names(letter)
    template = LetterTemplate.objects.filter(
        kind=letter.kind, version=letter.template_version
    ).first()
    resident = ResidentInput(
        name=letter.initiator_name,
        email="",
        is_city=letter.is_city,
        personal_paragraph=letter.personal_paragraph,
        preferences=tuple(letter.preferences or ()),
        contact=COUNCIL_CONTACT,
    )
    signature = letter.initiator_name
    if len(names) > 1:
        signature = f"{letter.initiator_name}, namens {len(names)} inwoners van {place}"
    intro = f"Deze brief werd ondertekend door {len(names)} inwoners van {place}."
    if letter.is_petition:
        intro += (
            " Het is een verzoekschrift aan de gemeenteraad: alle ondertekenaars verklaarden in "
            f"{place} te wonen en 16 jaar of ouder te zijn."
        )
    else:
        intro += f" Alle ondertekenaars verklaarden in {place} te wonen."
    appendix: tuple[Block, ...] = (
        Heading(f"Ondertekenaars ({len(names)})"),
        Paragraph((intro,)),
        BulletList(tuple((f"{name} ({place})",) for name in names)),
    )
    return letter_build(
        municipality=municipality,
        resident=resident,
        template=template,
        today=today,
        signature=signature,
        appendix=appendix,
    )


def _public_build(letter: CollectiveLetter, today: datetime.date | None) -> Letter:
    place = letter.municipality.name_nl
    count = signatory_count(letter)
    shown = public_signatory_names(letter)
    blocks: list[Block] = [Heading(f"Ondertekenaars ({count})")]
    if shown:
        blocks.append(BulletList(tuple((f"{name} ({place})",) for name in shown)))
    if count > len(shown):
        blocks.append(Paragraph((f"en {count - len(shown)} inwoners die hun naam niet tonen.",)))
    template = LetterTemplate.objects.filter(
        kind=letter.kind, version=letter.template_version
    ).first()
    return letter_build(
        municipality=letter.municipality,
        resident=ResidentInput(
            name="",
            email="",
            is_city=letter.is_city,
            personal_paragraph=letter.personal_paragraph,
            preferences=tuple(letter.preferences or ()),
            contact=COUNCIL_CONTACT,
        ),
        template=template,
        today=today,
        signature=f"De ondertekenaars, inwoners van {place}",
        appendix=tuple(blocks),
    )


def collective_letter_message(*, letter: CollectiveLetter) -> CouncilMessage:
    """The mail to the council (registered in solidair.letters.delivery.dispatch
    .MESSAGE_BUILDERS), in Dutch whatever the language of the initiator and the signatories."""
    with in_dutch():
        return _collective_letter_message(letter=letter)


def _collective_letter_message(*, letter: CollectiveLetter) -> CouncilMessage:
    content = collective_letter_build(letter=letter)
    count = len(signatory_names(letter))
    place = letter.municipality.name_nl
    context = {"letter": content, "count": count, "place": place, "is_petition": letter.is_petition}
    return CouncilMessage(
        subject=f"Brief van {count} inwoners van {place} aan het college van burgemeester "
        "en schepenen",
        text=render_to_string("letters/mail/collective_council.txt", context)
        + "\n"
        + render_text(content),
        html=render_to_string("letters/mail/collective_council.html", context),
        reply_to=[letter.initiator_email] if letter.initiator_email else [],
        attachments={
            f"brief-{count}-inwoners-{letter.municipality.slug}.pdf": (
                render_pdf_later(content),
                "application/pdf",
            )
        },
    )
