"""The portal's mails, one function per type: subject and body in ``templates/mail/portal/``."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser

from solidair.municipalities.models import Municipality
from solidair.operations.mail import mail_send
from solidair.web.links import absolute_url


def sign_in_link(*, to: str, link: str, minutes: int, language: str) -> None:
    """The one-time link to sign in to the portal."""
    mail_send(
        "portal/sign_in_link",
        to=[to],
        context={"link": link, "minutes": minutes},
        language=language,
    )


def welcome(
    *, to: str, name: str, municipality: Municipality, sign_in_url: str, language: str
) -> None:
    """To a colleague who became a contact person on an invitation."""
    mail_send(
        "portal/welcome",
        to=[to],
        context={"name": name, "municipality": municipality, "sign_in_url": sign_in_url},
        language=language,
    )


def decision(
    *, to: AbstractBaseUser | None, municipality: Municipality, decision: str, language: str
) -> None:
    """To the contact who asked (when they still have an account with an address): what the
    coordinators decided; they answer the coordinators. ``language``: the one they asked in."""
    address = (getattr(to, "email", "") or "").strip()
    if not address:
        return
    mail_send(
        "portal/decision",
        to=[address],
        reply_to=list(settings.COORDINATOR_EMAILS),
        context={
            "municipality": municipality,
            "decision": " ".join(decision.split()),
            "portal_url": absolute_url("portal:municipality", kwargs={"slug": municipality.slug}),
        },
        language=language,
    )


def request(
    *,
    kind: str,
    intro: str,
    municipality: Municipality,
    by: str,
    lines: list[str],
    admin_url: str,
    language: str,
) -> None:
    """To the coordinators: a contact asks something (``kind``: "invitation" or "pause")."""
    mail_send(
        "portal/request",
        to=list(settings.COORDINATOR_EMAILS),
        context={
            "kind": kind,
            # One line, as the subject must be (the name as typed may hold a line break).
            "municipality_name": " ".join(municipality.name_nl.split()),
            "intro": intro,
            "municipality": municipality,
            "by": by,
            "lines": lines,
            "admin_url": admin_url,
        },
        language=language,
    )


def change(
    *,
    municipality: Municipality,
    summary: str,
    object: str,
    lines: list[str],
    by: str,
    history_url: str,
    language: str,
) -> None:
    """To the coordinators: what a contact changed in the portal."""
    mail_send(
        "portal/change",
        to=list(settings.COORDINATOR_EMAILS),
        context={
            "municipality": municipality,
            "summary": summary,
            "object": object,
            "lines": lines,
            "by": by,
            "history_url": history_url,
        },
        language=language,
    )
