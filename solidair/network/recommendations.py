"""Policy recommendations: the public list, the filters and the timeline of a recommendation."""

from dataclasses import dataclass

from solidair.network.models import (
    Meeting,
    Position,
    PositionHolder,
    Recommendation,
    RecommendationStep,
)


def recommendation_list(*, level: str = "", status: str = "", addressee: Position | None = None):
    """Published recommendations with their current status, newest meeting first."""
    qs = (
        Recommendation.objects.published()
        .with_status()
        .select_related("meeting", "addressee")
        .order_by("-meeting__starts_at", "position", "id")
    )
    if level:
        qs = qs.filter(level=level)
    if status:
        qs = qs.filter(status=status)
    if addressee is not None:
        qs = qs.filter(addressee=addressee)
    return qs


def recommendation_addressees():
    """The positions that published recommendations are addressed to (for the filter)."""
    return Position.objects.filter(recommendations__published=True).distinct().order_by("title")


@dataclass
class TimelineEntry:
    step: RecommendationStep
    holder: PositionHolder | None


def recommendation_timeline(recommendation: Recommendation) -> list[TimelineEntry]:
    """The steps in order, each with who held the addressed position on the step's date."""
    holders = list(recommendation.addressee.holders.all()) if recommendation.addressee else []

    def holder_on(day):
        current = [h for h in holders if h.start <= day and (h.end is None or h.end >= day)]
        return max(current, key=lambda h: h.start, default=None)

    return [TimelineEntry(step, holder_on(step.date)) for step in recommendation.steps.all()]


def recommendation_current_step(recommendation: Recommendation) -> RecommendationStep | None:
    """The latest step (by date, then by entry): the recommendation's status."""
    return recommendation.steps.order_by("-date", "-id").first()


def meeting_recommendations(meeting: Meeting):
    """The published recommendations formulated at a meeting, with their status."""
    return (
        recommendation_list()
        .filter(meeting=meeting)
        .prefetch_related("activities")
        .order_by("level", "position", "id")
    )
