"""Atom feeds of new members, new good practices and recommendation updates (Django's
syndication framework)."""

import datetime
from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from solidair.initiatives.models import Initiative
from solidair.membership.models import Membership
from solidair.network.models import Recommendation, RecommendationStep, StepStatus
from solidair.web.languages import reverse_with_language

FEED_SIZE = 30


def _midday(day: datetime.date) -> datetime.datetime:
    # A date of decision has no time; noon keeps it on the same day in every time zone nearby.
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


class NewMembersFeed(Feed):
    feed_type = Atom1Feed
    title = _("Solidaire Gemeenten: nieuwe leden")
    subtitle = _("Steden en gemeenten die toetraden tot het netwerk.")
    link = reverse_lazy("municipalities:directory")

    def feed_url(self) -> str:
        return reverse_with_language("opendata:feed_members")

    def items(self):
        return (
            Membership.objects.active()
            .select_related("municipality")
            .order_by("-member_since", "-created_at")[:FEED_SIZE]
        )

    def item_title(self, item: Membership) -> str:
        return str(
            _("%(name)s is een Solidaire %(kind)s")
            % {"name": item.municipality.name, "kind": item.municipality.kind_label}
        )

    def item_description(self, item: Membership) -> str:
        if item.member_since:
            return str(_("Lid sinds %(date)s.") % {"date": item.member_since.strftime("%d-%m-%Y")})
        return str(_("Lid van vóór 2025; de datum wordt nog bevestigd."))

    def item_link(self, item: Membership) -> str:
        return item.municipality.get_absolute_url()

    def item_guid(self, item: Membership) -> str:
        return f"tag:solidairegemeenten.be,2025:membership/{item.pk}"

    item_guid_is_permalink = False

    def item_pubdate(self, item: Membership) -> datetime.datetime:
        return _midday(item.member_since) if item.member_since else item.created_at

    def item_updateddate(self, item: Membership) -> datetime.datetime:
        return item.updated_at


class NewPracticesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Solidaire Gemeenten: nieuwe goede praktijken")
    subtitle = _("Initiatieven van de leden voor mensen op de vlucht.")
    link = reverse_lazy("initiatives:list")

    def feed_url(self) -> str:
        return reverse_with_language("opendata:feed_practices")

    def items(self):
        return (
            Initiative.objects.published()
            .select_related("municipality")
            .order_by("-created_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item: Initiative) -> str:
        return f"{item.municipality.name}: {item.title}"

    def item_description(self, item: Initiative) -> str:
        return item.summary

    def item_link(self, item: Initiative) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Initiative) -> datetime.datetime:
        return item.created_at

    def item_updateddate(self, item: Initiative) -> datetime.datetime:
        return item.updated_at


@dataclass(frozen=True)
class RecommendationUpdate:
    """A recommendation formulated, or a step of its timeline."""

    guid: str
    title: str
    description: str
    link: str
    published: datetime.datetime
    updated: datetime.datetime


def recommendation_updates(limit: int = FEED_SIZE) -> list[RecommendationUpdate]:
    """The newest events of published recommendations: each one formulated, each step."""
    recommendations = Recommendation.objects.published().order_by("-created_at", "-pk")[:limit]
    steps = (
        RecommendationStep.objects.filter(recommendation__published=True)
        .select_related("recommendation")
        .order_by("-date", "-pk")[:limit]
    )
    updates = [
        RecommendationUpdate(
            guid=f"tag:solidairegemeenten.be,2025:recommendation/{item.pk}",
            title=str(
                _("Nieuwe aanbeveling (%(level)s): %(title)s")
                % {"level": item.get_level_display(), "title": item.title}
            ),
            description=item.text,
            link=item.get_absolute_url(),
            published=item.created_at,
            updated=item.updated_at,
        )
        for item in recommendations
    ] + [
        RecommendationUpdate(
            guid=f"tag:solidairegemeenten.be,2025:recommendation-step/{step.pk}",
            title=f"{step.recommendation.title}: {StepStatus(step.status).label}",
            description=step.note,
            link=step.recommendation.get_absolute_url(),
            published=_midday(step.date),
            updated=_midday(step.date),
        )
        for step in steps
    ]
    updates.sort(key=lambda update: update.published, reverse=True)
    return updates[:limit]


class RecommendationUpdatesFeed(Feed):
    feed_type = Atom1Feed
    title = _("Solidaire Gemeenten: beleidsaanbevelingen")
    subtitle = _("Nieuwe aanbevelingen van het netwerk en wat ermee gebeurde.")
    link = reverse_lazy("network:recommendations")

    def feed_url(self) -> str:
        return reverse_with_language("opendata:feed_recommendations")

    def items(self) -> list[RecommendationUpdate]:
        return recommendation_updates()

    def item_title(self, item: RecommendationUpdate) -> str:
        return item.title

    def item_description(self, item: RecommendationUpdate) -> str:
        return item.description

    def item_link(self, item: RecommendationUpdate) -> str:
        return item.link

    def item_guid(self, item: RecommendationUpdate) -> str:
        return item.guid

    item_guid_is_permalink = False

    def item_pubdate(self, item: RecommendationUpdate) -> datetime.datetime:
        return item.published

    def item_updateddate(self, item: RecommendationUpdate) -> datetime.datetime:
        return item.updated
