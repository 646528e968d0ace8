"""Follow-up: did the council answer? The writers' answers build the campaign timeline.

14 days after a letter (individual or collective) went out, ``letters_followup`` mails its
writer (the resident, or the collective letter's initiator) three links: *ja*, *nog niet*,
*nee*. Each opens a page that only shows the choice; its button (POST) records it, so a mail
scanner that opens links answers nothing. *Ja* comes with a short form: what the council said
(a ``CouncilResponse``, "gemeld door een inwoner" until a coordinator confirms it).
*Nog niet* asks again 14 days later, at most twice. A question left unanswered for 14 days, a
*ja* or a *nee* closes the follow-up; the writer's data is then erased 90 days after sending
(solidair.letters.delivery.privacy).
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from solidair.letters import mails
from solidair.letters.models import (
    LETTER_MODELS,
    CollectiveLetter,
    CouncilResponse,
    FollowUpAnswer,
    LetterStatus,
    ResidentLetter,
    ResponseSource,
)
from solidair.lib.i18n import in_language
from solidair.lib.tokens import key_new, link_key, link_token
from solidair.operations.pagecache import bump_content_version
from solidair.web.links import absolute_url

FOLLOWUP_AFTER = datetime.timedelta(days=14)
# The first question and, after "nog niet", at most two more.
FOLLOWUP_MAX_QUESTIONS = 3
FOLLOWUP_PURPOSE = "followup"
# A question is answered within its 14 days, or a few days later.
FOLLOWUP_MAX_AGE = datetime.timedelta(days=28)

# The answers as they appear in the links.
ANSWER_SLUGS = {
    "ja": FollowUpAnswer.YES,
    "nog-niet": FollowUpAnswer.NOT_YET,
    "nee": FollowUpAnswer.NO,
}

CouncilLetter = ResidentLetter | CollectiveLetter


@dataclass(frozen=True)
class ResponseInput:
    kind: str  # ResponseKind
    text: str = ""
    url: str = ""


def followup_lookup(*, token: str) -> CouncilLetter | None:
    """The letter whose open question this token answers; None otherwise (whatever the reason)."""
    key = link_key(token, purpose=FOLLOWUP_PURPOSE, max_age=FOLLOWUP_MAX_AGE)
    if not key:
        return None
    for model in LETTER_MODELS:
        letter = (
            model.objects.select_related("municipality")
            .filter(
                followup_key=key,
                status=LetterStatus.SENT,
                erased_at__isnull=True,
                followup_closed_at__isnull=True,
            )
            .first()
        )
        if letter is not None:
            return letter
    return None


def followup_ask(*, letter: CouncilLetter, now: datetime.datetime) -> None:
    """Mail the question (in the caller's transaction, the letter locked)."""
    letter.followup_key = key_new()
    letter.followup_asked += 1
    letter.followup_answer = ""
    letter.followup_due_at = now + FOLLOWUP_AFTER
    letter.save(
        update_fields=["followup_key", "followup_asked", "followup_answer", "followup_due_at"]
    )
    with in_language(letter.language):  # the links too
        token = link_token(letter.followup_key, purpose=FOLLOWUP_PURPOSE)
        links = {
            slug.replace("-", "_"): absolute_url(
                "letters:followup", kwargs={"token": token, "answer": slug}
            )
            for slug in ANSWER_SLUGS
        }
    mails.followup(letter, links=links)


def _close(letter: CouncilLetter, now: datetime.datetime) -> None:
    letter.followup_key = ""
    letter.followup_due_at = None
    letter.followup_closed_at = now
    letter.save(update_fields=["followup_key", "followup_due_at", "followup_closed_at"])


def letters_followup(*, now: datetime.datetime) -> str:
    """Periodic job: ask the questions that are due; close the follow-ups that are done."""
    asked = closed = 0
    for model in LETTER_MODELS:
        due = model.objects.filter(
            Q(followup_asked=0, sent_at__lte=now - FOLLOWUP_AFTER)
            | Q(followup_asked__gt=0, followup_due_at__lte=now),
            status=LetterStatus.SENT,
            erased_at__isnull=True,
            followup_closed_at__isnull=True,
        )
        for pk in due.order_by("pk").values_list("pk", flat=True):
            with transaction.atomic():
                letter = (
                    model.objects.select_for_update(skip_locked=True)
                    .select_related("municipality")
                    .filter(pk=pk, followup_closed_at__isnull=True, erased_at__isnull=True)
                    .first()
                )
                if letter is None:
                    continue
                first = letter.followup_asked == 0
                again = (
                    letter.followup_answer == FollowUpAnswer.NOT_YET
                    and letter.followup_asked < FOLLOWUP_MAX_QUESTIONS
                )
                if first or again:
                    followup_ask(letter=letter, now=now)
                    asked += 1
                elif letter.followup_due_at is not None and letter.followup_due_at <= now:
                    _close(letter, now)
                    closed += 1
    if not (asked or closed):
        return ""
    return f"{asked} follow-up questions sent, {closed} follow-ups closed"


def followup_answer(
    *,
    letter: CouncilLetter,
    answer: str,
    response: ResponseInput | None = None,
    now: datetime.datetime | None = None,
) -> CouncilResponse | None:
    """Record the writer's answer (the link is used up). With *ja* and what the council said,
    a ``CouncilResponse`` for the municipality's timeline."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = (
            type(letter)
            .objects.select_for_update()
            .filter(pk=letter.pk, followup_key=letter.followup_key, followup_closed_at=None)
            .exclude(followup_key="")
            .first()
        )
        if locked is None:
            return None
        locked.followup_answer = answer
        locked.followup_key = ""
        if answer == FollowUpAnswer.NOT_YET and locked.followup_asked < FOLLOWUP_MAX_QUESTIONS:
            # Asked again 14 days from now.
            locked.followup_due_at = now + FOLLOWUP_AFTER
        else:
            locked.followup_due_at = None
            locked.followup_closed_at = now
        locked.save(
            update_fields=[
                "followup_answer",
                "followup_key",
                "followup_due_at",
                "followup_closed_at",
            ]
        )
        created = None
        if answer == FollowUpAnswer.YES and response is not None:
            created = CouncilResponse.objects.create(
                municipality_id=locked.municipality_id,
                kind=response.kind,
                text=response.text,
                url=response.url,
                reported_on=timezone.localdate(now),
                source=ResponseSource.RESIDENT,
            )
        transaction.on_commit(bump_content_version)
    return created


def council_response_confirm(
    *, response: CouncilResponse, by, now: datetime.datetime | None = None
) -> bool:
    """A coordinator checked a resident's report: it no longer says "gemeld door een inwoner"."""
    if response.confirmed_at is not None:
        return False
    response.confirmed_at = now or timezone.now()
    response.confirmed_by = by
    response.save(update_fields=["confirmed_at", "confirmed_by"])
    transaction.on_commit(bump_content_version)
    return True
