"""The meetings' mails to a registrant, one function per type: subject and body in
``templates/mail/network/``, in the registrant's language. ``context`` holds what
``meetings._mail`` builds in that language (the links, the hours an offer or a confirmation
waits); ``calendar`` is the meeting as an iCalendar text, attached."""

from solidair.lib.i18n import DUTCH
from solidair.network.models import Registration
from solidair.operations.mail import mail_send


def _send(name: str, registration: Registration, *, context: dict, calendar: str = "") -> None:
    mail_send(
        f"network/{name}",
        to=[registration.email],
        context={"registration": registration, "meeting": registration.meeting, **context},
        language=registration.language,
        attachments=(
            {"bijeenkomst.ics": (calendar.encode(), "text/calendar")} if calendar else None
        ),
    )


def confirm_email(registration: Registration, *, context: dict) -> None:
    """To an anonymous registrant: confirm the address to be registered."""
    _send("confirm_email", registration, context=context)


def registered(registration: Registration, *, context: dict, calendar: str) -> None:
    """The registrant has a place."""
    _send("registered", registration, context=context, calendar=calendar)


def waiting(registration: Registration, *, context: dict) -> None:
    """The meeting is full: the registrant is on the waiting list."""
    _send("waiting", registration, context=context)


def offered(registration: Registration, *, context: dict) -> None:
    """A place is free for the first on the waiting list, to confirm in time."""
    _send("offered", registration, context=context)


def lapsed(registration: Registration, *, context: dict) -> None:
    """The offer was not confirmed in time: the place went to the next."""
    _send("lapsed", registration, context=context)


def reminder(registration: Registration, *, context: dict, calendar: str) -> None:
    """The meeting is soon."""
    _send("reminder", registration, context=context, calendar=calendar)


def changed(registration: Registration, *, context: dict, calendar: str) -> None:
    """The meeting's time or place changed; the new calendar item replaces the old one."""
    _send("changed", registration, context=context, calendar=calendar)


def introduction_asked(*, to: list[str], context: dict) -> None:
    """To the contacts of the municipality that asked for an introduction, in Dutch: whom to
    contact. ``context``: ``introduction``, ``requester``, ``asking_public`` and
    ``asked_public`` (each side's public contacts)."""
    if to:
        mail_send("network/introduction_asked", to=to, context=context, language=DUTCH)


def introduction_received(*, to: list[str], context: dict, reply_to: str = "") -> None:
    """To the contacts of the member asked to help, in Dutch: who would like to learn from
    them, and how to reach them (a reply goes to the person who asked)."""
    if to:
        mail_send(
            "network/introduction_received",
            to=to,
            context=context,
            language=DUTCH,
            reply_to=[reply_to] if reply_to else None,
        )
