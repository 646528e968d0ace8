"""Reads for the campaign timeline (public) and the campaigns summary (back-office).

Counts only: the timeline never shows who wrote. A resident's report of what the council did
shows its kind at once, marked "gemeld door een inwoner"; its text and link only once a
coordinator confirmed it (they could name someone).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, TruncMonth

from solidair.letters.models import (
    CollectiveLetter,
    CouncilResponse,
    FollowUpAnswer,
    LetterStatus,
    ResidentLetter,
)
from solidair.municipalities.models import Municipality


@dataclass
class TimelineMonth:
    month: datetime.date
    letters: int = 0  # individual letters sent
    collective_letters: int = 0
    signatories: int = 0  # of those collective letters
    answers: int = 0  # writers who reported that the council answered
    no_answers: int = 0  # writers who reported that it did not
    responses: list[CouncilResponse] = field(default_factory=list)

    @property
    def writers(self) -> int:
        return self.letters + self.signatories


@dataclass
class CampaignTimeline:
    months: list[TimelineMonth]

    @property
    def letters(self) -> int:
        return sum(m.letters for m in self.months)

    @property
    def collective_letters(self) -> int:
        return sum(m.collective_letters for m in self.months)

    @property
    def writers(self) -> int:
        return sum(m.writers for m in self.months)

    def __bool__(self) -> bool:
        return bool(self.months)


def _month(value: datetime.date | datetime.datetime) -> datetime.date:
    day = value.date() if isinstance(value, datetime.datetime) else value
    return day.replace(day=1)


def campaign_timeline(municipality: Municipality) -> CampaignTimeline:
    """What residents of ``municipality`` did and what its council answered, by month, newest
    first."""
    months: dict[datetime.date, TimelineMonth] = {}

    def at(value) -> TimelineMonth:
        key = _month(value)
        return months.setdefault(key, TimelineMonth(month=key))

    sent = Q(municipality=municipality, status=LetterStatus.SENT)
    for row in (
        ResidentLetter.objects.filter(sent)
        .annotate(m=TruncMonth("sent_at"))
        .values("m")
        .annotate(n=Count("pk"))
    ):
        at(row["m"]).letters += row["n"]
    for row in (
        CollectiveLetter.objects.filter(sent)
        .annotate(m=TruncMonth("sent_at"))
        .values("m")
        .annotate(n=Count("pk"), people=Sum("signatory_count"))
    ):
        month = at(row["m"])
        month.collective_letters += row["n"]
        month.signatories += row["people"] or 0
    for model in (ResidentLetter, CollectiveLetter):
        answered = (
            model.objects.filter(
                sent,
                followup_answer__in=[FollowUpAnswer.YES, FollowUpAnswer.NO],
                followup_closed_at__isnull=False,
            )
            .annotate(m=TruncMonth("followup_closed_at"))
            .values("m", "followup_answer")
            .annotate(n=Count("pk"))
        )
        for row in answered:
            month = at(row["m"])
            if row["followup_answer"] == FollowUpAnswer.YES:
                month.answers += row["n"]
            else:
                month.no_answers += row["n"]
    for response in CouncilResponse.objects.filter(municipality=municipality, published=True):
        at(response.reported_on).responses.append(response)
    return CampaignTimeline(months=[months[key] for key in sorted(months, reverse=True)])


def _count(model, **filters) -> Subquery:
    rows = (
        model.objects.filter(municipality=OuterRef("pk"), **filters)
        .order_by()
        .values("municipality")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def campaigns_summary(queryset):
    """Municipalities annotated with their campaign's figures (the back-office's list)."""
    signatories = (
        CollectiveLetter.objects.filter(municipality=OuterRef("pk"), status=LetterStatus.SENT)
        .order_by()
        .values("municipality")
        .annotate(n=Sum("signatory_count"))
        .values("n")
    )
    return queryset.annotate(
        letters_sent=_count(ResidentLetter, status=LetterStatus.SENT),
        letters_waiting=_count(
            ResidentLetter, status__in=[LetterStatus.WAITING, LetterStatus.HELD]
        ),
        collective_open=_count(CollectiveLetter, status=LetterStatus.OPEN),
        collective_sent=_count(CollectiveLetter, status=LetterStatus.SENT),
        signatories=Coalesce(Subquery(signatories, output_field=IntegerField()), 0),
        answers_yes=_count(ResidentLetter, followup_answer=FollowUpAnswer.YES)
        + _count(CollectiveLetter, followup_answer=FollowUpAnswer.YES),
        responses=_count(CouncilResponse, published=True),
        responses_unconfirmed=_count(
            CouncilResponse, published=True, confirmed_at__isnull=True, source="resident"
        ),
    )


def campaigns_active(queryset):
    """Only the municipalities where residents wrote or a council answered."""
    return campaigns_summary(queryset).filter(
        Q(letters_sent__gt=0)
        | Q(letters_waiting__gt=0)
        | Q(collective_open__gt=0)
        | Q(collective_sent__gt=0)
        | Q(responses__gt=0)
    )
