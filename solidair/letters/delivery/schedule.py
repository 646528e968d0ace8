"""When a council gets its letters: at most ``COUNCIL_DAILY_CAP`` a day, over office hours.

A confirmed letter gets the next free *slot* of its council (``scheduled_for``): slots lie
``office hours / cap`` apart (24 minutes for 09:00–17:00 and 20 letters), on office days only,
and at most ``cap`` fall on one day. A council that gets many letters at once therefore receives
them one by one over the following office days instead of all in one morning. The dispatch job
checks the cap again when it sends (``council_letter_may_go``), so a backlog (a held queue
released, a worker that was down) never floods an inbox either.

Times are computed in ``COUNCIL_TIME_ZONE`` (Europe/Brussels), so summer time is respected.
A coordinator can hold a council's queue (``council_queue_hold``) and release it
(``council_queue_release``): its letters then get new slots, as new ones would.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from solidair.letters.models import (
    LETTER_MODELS,
    CollectiveLetter,
    CouncilAddress,
    LetterStatus,
    ResidentLetter,
)


def _minutes(value: str) -> int:
    hours, _, minutes = value.strip().partition(":")
    return int(hours) * 60 + int(minutes or 0)


def office_hours() -> tuple[int, int]:
    """Opening and closing time, in minutes after midnight (``"09:00-17:00"``)."""
    opening, _, closing = settings.COUNCIL_OFFICE_HOURS.partition("-")
    start, end = _minutes(opening), _minutes(closing)
    if not 0 <= start < end <= 24 * 60:
        raise ValueError(f"COUNCIL_OFFICE_HOURS is not a range of the day: {opening}-{closing}")
    return start, end


def slot_interval() -> datetime.timedelta:
    start, end = office_hours()
    return datetime.timedelta(minutes=end - start) / settings.COUNCIL_DAILY_CAP


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.COUNCIL_TIME_ZONE)


def _day_bounds(moment: datetime.datetime) -> tuple[datetime.datetime, datetime.datetime]:
    """Start and end of the local day of ``moment``, as aware datetimes."""
    local = moment.astimezone(_zone())
    start = datetime.datetime.combine(local.date(), datetime.time(), tzinfo=_zone())
    end = datetime.datetime.combine(
        local.date() + datetime.timedelta(days=1), datetime.time(), tzinfo=_zone()
    )
    return start, end


def _at(day: datetime.date, minutes: int) -> datetime.datetime:
    naive = datetime.datetime.combine(day, datetime.time()) + datetime.timedelta(minutes=minutes)
    return naive.replace(tzinfo=_zone())


def office_open(moment: datetime.datetime) -> bool:
    local = moment.astimezone(_zone())
    start, end = office_hours()
    minutes = local.hour * 60 + local.minute + local.second / 60
    return local.isoweekday() in settings.COUNCIL_OFFICE_DAYS and start <= minutes < end


def office_time(moment: datetime.datetime) -> datetime.datetime:
    """``moment`` if the offices are open then, else the next opening."""
    if office_open(moment):
        return moment
    start, end = office_hours()
    day = moment.astimezone(_zone()).date()
    for _ in range(8):
        opening = _at(day, start)
        if day.isoweekday() in settings.COUNCIL_OFFICE_DAYS and moment < _at(day, end):
            return max(opening, moment)
        day += datetime.timedelta(days=1)
    raise ValueError("COUNCIL_OFFICE_DAYS has no day on which the offices open.")


def _slots_taken(municipality_id: int, since: datetime.datetime, exclude: Model | None) -> list:
    """The moments of every letter to this council from ``since`` on: sent or scheduled."""
    taken: list[datetime.datetime] = []
    for model in LETTER_MODELS:
        letters = model.objects.filter(municipality_id=municipality_id)
        if exclude is not None and isinstance(exclude, model):
            letters = letters.exclude(pk=exclude.pk)
        taken += letters.filter(status=LetterStatus.WAITING, scheduled_for__gte=since).values_list(
            "scheduled_for", flat=True
        )
        taken += letters.filter(status=LetterStatus.SENT, sent_at__gte=since).values_list(
            "sent_at", flat=True
        )
    return sorted(taken)


def council_letter_schedule(
    *, letter: ResidentLetter | CollectiveLetter, now: datetime.datetime
) -> datetime.datetime:
    """The next free slot of the letter's council (see the module docstring); not saved."""
    cap = settings.COUNCIL_DAILY_CAP
    today, _ = _day_bounds(now)
    taken = _slots_taken(letter.municipality_id, today, exclude=letter)
    candidate = now if not taken else max(now, taken[-1] + slot_interval())
    while True:
        candidate = office_time(candidate)
        day_start, day_end = _day_bounds(candidate)
        if sum(day_start <= moment < day_end for moment in taken) < cap:
            return candidate
        candidate = day_end


def council_queue_reschedule(*, municipality_id: int, now: datetime.datetime) -> int:
    """Give every waiting letter to this council a new slot from ``now`` on, in the order they
    were confirmed, as new ones would get (a released queue, a fixed address: not all at
    once); return how many. Call inside a transaction."""
    waiting = []
    for model in LETTER_MODELS:
        letters = model.objects.select_for_update().filter(
            municipality_id=municipality_id, status=LetterStatus.WAITING
        )
        waiting += list(letters)
        letters.update(scheduled_for=None)
    waiting.sort(key=lambda letter: (letter.confirmed_at or letter.created_at, letter.pk))
    for letter in waiting:
        letter.scheduled_for = council_letter_schedule(letter=letter, now=now)
        letter.save(update_fields=["scheduled_for"])
    return len(waiting)


def council_sent_today(*, municipality_id: int, now: datetime.datetime) -> int:
    """How many letters went to this council on the local day of ``now``."""
    day_start, day_end = _day_bounds(now)
    return sum(
        model.objects.filter(
            municipality_id=municipality_id,
            status=LetterStatus.SENT,
            sent_at__gte=day_start,
            sent_at__lt=day_end,
        ).count()
        for model in LETTER_MODELS
    )


def council_letter_may_go(
    *, letter: ResidentLetter | CollectiveLetter, now: datetime.datetime
) -> bool:
    """May a letter to this council go out now: offices open, and under today's cap?"""
    if not office_open(now):
        return False
    sent_today = council_sent_today(municipality_id=letter.municipality_id, now=now)
    return sent_today < settings.COUNCIL_DAILY_CAP


# --- Holding a council's queue --------------------------------------------------------------


def council_queue_hold(*, address: CouncilAddress, note: str = "", by: AbstractBaseUser) -> None:
    """Keep every confirmed letter to this council waiting until the queue is released."""
    address.queue_held = True
    address.queue_note = note[:300]
    address._history_user = by
    address.save(update_fields=["queue_held", "queue_note", "updated_at"])


def council_queue_release(
    *, address: CouncilAddress, by: AbstractBaseUser, now: datetime.datetime | None = None
) -> int:
    """Let the council's letters go again, spread over the next office days as new ones
    would be (not all at once); return how many are waiting."""
    now = now or timezone.now()
    with transaction.atomic():
        address.queue_held = False
        address.queue_note = ""
        address._history_user = by
        address.save(update_fields=["queue_held", "queue_note", "updated_at"])
        return council_queue_reschedule(municipality_id=address.municipality_id, now=now)
