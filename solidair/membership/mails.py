"""Membership's mails, one function per type: subject and body in ``templates/mail/membership/``."""

from django.conf import settings
from django.utils.translation import ngettext
from post_office.models import Email

from solidair.lib.i18n import DUTCH, in_language
from solidair.municipalities.models import Municipality
from solidair.operations.mail import mail_send


def checkin_question(*, to: str, context: dict) -> None:
    """To a contact person, in Dutch: is the membership's page still right (``reminder``: the
    how-manieth reminder, 0 for the question itself)? ``context`` as the body template wants
    it (``checkin``, ``municipality``, ``reminder``...)."""
    mail_send("membership/checkin_question", to=[to], context=context, language=DUTCH)


def checkins_flagged(*, checkins: list, admin: str) -> None:
    """To the coordinators, in Dutch: these members did not answer their check-in in time."""
    with in_language(DUTCH):
        # In code, not in subject.txt: blocktranslate would turn the msgid's %(count)d into
        # %(count)s, a new msgid for the translators.
        subject = ngettext(
            "Solidaire Gemeenten: %(count)d lid niet bevestigd",
            "Solidaire Gemeenten: %(count)d leden niet bevestigd",
            len(checkins),
        ) % {"count": len(checkins)}
    mail_send(
        "membership/checkins_flagged",
        to=list(settings.COORDINATOR_EMAILS),
        context={"subject": subject, "checkins": checkins, "admin": admin},
        language=DUTCH,
    )


def correction_report(
    *,
    municipality: Municipality,
    report,
    page_url: str,
    admin_url: str,
    kept_days: int,
    reply_to: str = "",
) -> Email:
    """To the coordinators, in Dutch: a visitor reports a mistake on a municipality's page;
    they answer the reporter (``reply_to``) when the reporter gave an address."""
    return mail_send(
        "membership/correction_report",
        to=list(settings.COORDINATOR_EMAILS),
        reply_to=[reply_to] if reply_to else None,
        context={
            "municipality": municipality,
            "report": report,
            "page_url": page_url,
            "admin_url": admin_url,
            "kept_days": kept_days,
        },
        language=DUTCH,
    )


def claim_change_proposed(*, to: str, change, link: str) -> None:
    """To a contact person, in Dutch: the coordinators want to change the municipality's page;
    answer in the portal (``link``) before the deadline."""
    mail_send(
        "membership/claim_change_proposed",
        to=[to],
        context={"change": change, "link": link},
        language=DUTCH,
    )


def correction_report_contact(
    *, to: str, municipality: Municipality, report, page_url: str, reply_url: str
) -> Email:
    """To a contact person of the municipality, in Dutch: a visitor reports that a claim on the
    municipality's page is not right; they can reply in the portal. Never the reporter's
    address: the coordinators answer the reporter."""
    return mail_send(
        "membership/correction_report_contact",
        to=[to],
        context={
            "municipality": municipality,
            "report": report,
            "page_url": page_url,
            "reply_url": reply_url,
        },
        language=DUTCH,
    )


def claim_change_replied(*, change, admin_url: str) -> None:
    """To the coordinators, in Dutch: the municipality answered, and the change is published."""
    mail_send(
        "membership/claim_change_replied",
        to=list(settings.COORDINATOR_EMAILS),
        context={"change": change, "admin_url": admin_url},
        language=DUTCH,
    )


def correction_report_replied(*, report, admin_url: str) -> Email | None:
    """To the coordinators, in Dutch: the municipality replied to a report; they decide."""
    if not settings.COORDINATOR_EMAILS:
        return None
    return mail_send(
        "membership/correction_report_replied",
        to=list(settings.COORDINATOR_EMAILS),
        context={"report": report, "municipality": report.municipality, "admin_url": admin_url},
        language=DUTCH,
    )


def plan_asked(*, to: str, plan, link: str) -> None:
    """To a contact person, in Dutch: a commitment lapsed; propose a plan in the portal."""
    mail_send(
        "membership/plan_asked", to=[to], context={"plan": plan, "link": link}, language=DUTCH
    )


def plan_proposed(*, plan, admin_url: str) -> None:
    """To the coordinators, in Dutch: a municipality proposed a plan; agree to it."""
    mail_send(
        "membership/plan_proposed",
        to=list(settings.COORDINATOR_EMAILS),
        context={"plan": plan, "admin_url": admin_url},
        language=DUTCH,
    )
