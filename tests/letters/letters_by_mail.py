"""Helpers for tests of letters sent by e-mail: letters made and confirmed at a given time."""

import datetime
from zoneinfo import ZoneInfo

from solidair.letters.composing.services import ResidentInput, letter_build
from solidair.letters.delivery.sending import resident_letter_confirm, resident_letter_create
from solidair.letters.models import CouncilAddress, ResidentLetter
from solidair.lib.tokens import link_token
from solidair.municipalities.models import Municipality
from tests.factories import council_address_set

BRUSSELS = ZoneInfo("Europe/Brussels")
MONDAY = datetime.date(2026, 11, 30)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=BRUSSELS)


def council(place: Municipality, email: str | None = None) -> CouncilAddress:
    return council_address_set(place, email or f"college@{place.slug}.be")


def letter_created(
    place: Municipality, *, number: int, now: datetime.datetime, paragraph: str = ""
) -> ResidentLetter:
    resident = ResidentInput(
        name=f"Inwoner {number}",
        email=f"inwoner{number}@example.be",
        personal_paragraph=paragraph,
    )
    return resident_letter_create(
        municipality=place,
        resident=resident,
        letter=letter_build(municipality=place, resident=resident),
        now=now,
    )


def letter_confirmed(
    place: Municipality, *, number: int, now: datetime.datetime, paragraph: str = ""
) -> ResidentLetter:
    letter = letter_created(place, number=number, now=now, paragraph=paragraph)
    token = link_token(letter.confirm_key, purpose="confirm")
    confirmed = resident_letter_confirm(token=token, now=now)
    assert confirmed is not None
    return confirmed
