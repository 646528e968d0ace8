"""Members who help each other: for every commitment a municipality has not realised, the
members that have, nearest first; and the introduction one contact asks for in one click.

"Realised" is ``Commitment.objects.realised()``, the one definition. "Nearest" is the
reference data of solidair/municipalities/neighbours.py: the municipalities that share a border
first, then by the distance between the centres, as the crow flies.
"""

import datetime
import math
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from solidair.applications.models import Application, ApplicationStatus
from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    Activity,
    Commitment,
    ContactPerson,
    Membership,
    MembershipStatus,
)
from solidair.municipalities.models import Municipality
from solidair.network import mails
from solidair.network.models import Introduction, Meeting

# How many members each activity shows before "meer".
HELPERS_SHOWN = 3
# The same municipality asks the same member about the same activity once in this many days.
INTRODUCTION_REPEAT_DAYS = 30
# An application shows its activities while the coordinators review it (not as a draft).
REVIEWED_APPLICATION_STATUSES = (ApplicationStatus.SUBMITTED, ApplicationStatus.CHANGES_REQUESTED)


@dataclass(frozen=True)
class Helper:
    """A member that has realised an activity, with what another municipality needs to ask."""

    municipality: Municipality
    is_neighbour: bool
    distance_km: float | None
    practices: list[Initiative] = field(default_factory=list)
    contacts: list[ContactPerson] = field(default_factory=list)

    @property
    def sort_key(self) -> tuple:
        distance = math.inf if self.distance_km is None else self.distance_km
        return (not self.is_neighbour, distance, self.municipality.name_nl)


@dataclass(frozen=True)
class ActivityHelp:
    activity: Activity
    helpers: list[Helper]

    @property
    def shown(self) -> list[Helper]:
        return self.helpers[:HELPERS_SHOWN]

    @property
    def more(self) -> list[Helper]:
        return self.helpers[HELPERS_SHOWN:]


def activities_to_learn(*, municipality: Municipality) -> list[Activity]:
    """The activities a member (or an applicant under review) committed to and has not
    realised; "another activity" is each member's own and is left out."""
    membership = Membership.objects.current().filter(municipality=municipality).first()
    if membership is not None:
        realised = membership.commitments.realised().values("activity")
        commitments = (
            membership.commitments.active()
            .exclude(activity__in=realised)
            .select_related("activity")
        )
        activities = [c.activity for c in commitments]
        if activities or membership.status != MembershipStatus.APPLIED:
            return [a for a in activities if a.code != Activity.OTHER]
    application = (
        Application.objects.filter(
            municipality=municipality, status__in=REVIEWED_APPLICATION_STATUSES
        )
        .order_by("-created_at")
        .first()
    )
    if application is None:
        return []
    return [
        c.activity
        for c in application.commitments.select_related("activity")
        if c.activity.code != Activity.OTHER
    ]


def peers_who_can_help(*, municipality: Municipality) -> list[ActivityHelp]:
    """Per activity to learn, the members that realised it, neighbours first, then nearest."""
    activities = activities_to_learn(municipality=municipality)
    if not activities:
        return []
    commitments = (
        Commitment.objects.realised()
        .filter(membership__status=MembershipStatus.MEMBER, activity__in=activities)
        .exclude(membership__municipality=municipality)
        .select_related("membership__municipality")
    )
    by_activity: dict[int, list[Municipality]] = {}
    for commitment in commitments:
        by_activity.setdefault(commitment.activity_id, []).append(
            commitment.membership.municipality
        )
    helper_ids = {m.pk for ms in by_activity.values() for m in ms}
    neighbour_ids = set(municipality.neighbours.values_list("pk", flat=True))
    practices: dict[tuple[int, int], list[Initiative]] = {}
    for link in Initiative.themes.through.objects.filter(
        activity_id__in=[a.pk for a in activities],
        initiative__published=True,
        initiative__municipality_id__in=helper_ids,
    ).select_related("initiative"):
        key = (link.initiative.municipality_id, link.activity_id)
        practices.setdefault(key, []).append(link.initiative)
    contacts: dict[int, list[ContactPerson]] = {}
    for contact in ContactPerson.objects.filter(municipality_id__in=helper_ids, is_public=True):
        contacts.setdefault(contact.municipality_id, []).append(contact)
    result = []
    for activity in activities:
        helpers = [
            Helper(
                municipality=helper,
                is_neighbour=helper.pk in neighbour_ids,
                distance_km=municipality.distance_km(helper),
                practices=sorted(
                    practices.get((helper.pk, activity.pk), []), key=lambda i: i.title
                ),
                contacts=contacts.get(helper.pk, []),
            )
            for helper in by_activity.get(activity.pk, [])
        ]
        result.append(ActivityHelp(activity, sorted(helpers, key=lambda h: h.sort_key)))
    return result


def neighbours_in_network(*, municipality: Municipality) -> tuple[int, int]:
    """(members among its neighbours, its neighbours): "4 van de 6 buurgemeenten"."""
    neighbours = municipality.neighbours.all()
    members = neighbours.filter(memberships__status=MembershipStatus.MEMBER).distinct()
    return members.count(), neighbours.count()


class IntroductionRefused(Exception):
    """Why an introduction was not asked for, in the words the contact reads."""


def introduction_request(
    *,
    from_municipality: Municipality,
    to_municipality: Municipality,
    activity: Activity,
    by: AbstractBaseUser | None,
    now: datetime.datetime | None = None,
) -> Introduction:
    """Ask ``to_municipality`` to meet ``from_municipality`` about ``activity``: both
    municipalities' contacts get a mail, the coordinators see the pair in the back-office and
    at the next learning meeting. Refused for a member that has not realised the activity, and
    for the same question again within INTRODUCTION_REPEAT_DAYS."""
    now = now or timezone.now()
    if from_municipality.pk == to_municipality.pk:
        raise IntroductionRefused(_("Een gemeente kan niet aan zichzelf voorgesteld worden."))
    realised = Commitment.objects.realised().filter(
        membership__municipality=to_municipality,
        membership__status=MembershipStatus.MEMBER,
        activity=activity,
    )
    if not realised.exists():
        raise IntroductionRefused(
            _("%(name)s heeft dit engagement niet (meer) gerealiseerd.")
            % {"name": to_municipality.name}
        )
    with transaction.atomic():
        earlier = (
            Introduction.objects.select_for_update()
            .filter(
                from_municipality=from_municipality,
                to_municipality=to_municipality,
                activity=activity,
                requested_at__gt=now - datetime.timedelta(days=INTRODUCTION_REPEAT_DAYS),
            )
            .first()
        )
        if earlier is not None:
            again = earlier.requested_at + datetime.timedelta(days=INTRODUCTION_REPEAT_DAYS)
            raise IntroductionRefused(
                _(
                    "Jullie vroegen op %(asked)s al een kennismaking met %(name)s over "
                    "'%(activity)s'. De contactpersonen kregen toen een e-mail; je kunt het "
                    "opnieuw vragen vanaf %(again)s."
                )
                % {
                    "asked": date_format(timezone.localtime(earlier.requested_at), "j F Y"),
                    "name": to_municipality.name,
                    "activity": activity.label,
                    "again": date_format(timezone.localtime(again), "j F Y"),
                }
            )
        introduction = Introduction.objects.create(
            from_municipality=from_municipality,
            to_municipality=to_municipality,
            activity=activity,
            requested_by=by,
            requested_at=now,
        )
    # Each side is told the other's public contacts and the person who asked (who chose to be
    # known by asking); a contact who is not public stays unknown to the other municipality.
    asking = ContactPerson.objects.filter(municipality=from_municipality)
    asked = ContactPerson.objects.filter(municipality=to_municipality)
    context = {
        "introduction": introduction,
        "requester": by,
        "asking_public": [c for c in asking if c.is_public],
        "asked_public": [c for c in asked if c.is_public],
    }
    mails.introduction_asked(to=[c.email for c in asking], context=context)
    mails.introduction_received(
        to=[c.email for c in asked], context=context, reply_to=getattr(by, "email", "")
    )
    return introduction


def introductions_for_meeting(*, meeting: Meeting) -> list[Introduction]:
    """The pairs asked for since the previous learning meeting ended (or ever, before the
    first), up to this meeting's start: topics for its agenda."""
    previous = (
        Meeting.objects.filter(starts_at__lt=meeting.starts_at)
        .exclude(pk=meeting.pk)
        .order_by("-starts_at")
        .first()
    )
    introductions = Introduction.objects.filter(requested_at__lt=meeting.starts_at)
    if previous is not None:
        introductions = introductions.filter(requested_at__gte=previous.ends_at)
    return list(
        introductions.select_related("from_municipality", "to_municipality", "activity").order_by(
            "requested_at"
        )
    )
