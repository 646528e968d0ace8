"""Check-ins: members confirm their page and commitments, and the network follows up.

- Yearly, on the anniversary of ``member_since`` (29 February: 28 February in other years).
- After municipal elections (``MUNICIPAL_ELECTIONS_DATE`` + ``ELECTIONS_CHECKIN_MONTHS``): every
  member that joined before the elections, so that the new council reconfirms.
- Once for members imported from the old page (``commitments_to_confirm``): they choose their
  commitments; until then there is no date to have an anniversary of.

Three periodic jobs do the work: ``checkins_open`` asks (one mail per contact person),
``checkins_remind`` reminds after 2 and 4 weeks, ``checkins_flag`` marks a question left
unanswered for 3 months, which shows the member as "niet bevestigd" and lists it for the
coordinators, who may suspend it (``membership_suspend``). A member has at most one open
question; a contact answers it in the portal (``checkin_confirm`` or, for imported members,
``checkin_commitments_confirm``).
"""

import calendar
import datetime
import logging
from collections import Counter

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from solidair.lib.i18n import in_dutch
from solidair.membership import mails
from solidair.membership.ladder import RungClaim, commitment_ladder_set
from solidair.membership.models import (
    MIN_COMMITMENTS,
    Activity,
    CheckIn,
    CheckInKind,
    Commitment,
    Membership,
    MembershipStatus,
    Rung,
    has_open_checkin,
)
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)

# Reminders this many days after the question; flagged "niet bevestigd" after these months.
REMINDER_DAYS = (14, 28)
FLAG_MONTHS = 3
# A question missed (worker stopped) is still asked this many days after its date; older ones
# are not, so that a first deployment does not ask every member at once.
CATCH_UP_DAYS = 30
# No yearly question to a member that confirmed this recently (e.g. after the elections).
RECENTLY_CONFIRMED_DAYS = 90

# A date of joining before this is a typing error (the network is younger).
EARLIEST_MEMBER_SINCE = datetime.date(2000, 1, 1)


# --- Dates ---------------------------------------------------------------------------------


def anniversary_in(base: datetime.date, year: int) -> datetime.date:
    """``base``'s anniversary in ``year``; 29 February falls on 28 February in common years."""
    day = min(base.day, calendar.monthrange(year, base.month)[1])
    return base.replace(year=year, day=day)


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the last day of that month when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def yearly_due_on(membership: Membership, today: datetime.date) -> datetime.date | None:
    """The latest anniversary of membership on or before ``today``; None in the first year."""
    base = membership.member_since
    if base is None:
        return None
    due = anniversary_in(base, today.year)
    if due > today:
        due = anniversary_in(base, today.year - 1)
    return due if due.year > base.year else None


def elections_due_on() -> datetime.date:
    return months_after(settings.MUNICIPAL_ELECTIONS_DATE, settings.ELECTIONS_CHECKIN_MONTHS)


def _recent(due: datetime.date, today: datetime.date) -> bool:
    return due <= today <= due + datetime.timedelta(days=CATCH_UP_DAYS)


def checkin_due(membership: Membership, today: datetime.date) -> tuple[str, datetime.date] | None:
    """The question to ask ``membership`` today (kind, date it is due), or None.

    The caller has checked that the membership is active and has no open question.
    """
    if membership.commitments_to_confirm:
        return CheckInKind.LEGACY, today
    elections = settings.MUNICIPAL_ELECTIONS_DATE
    due = elections_due_on()
    if _recent(due, today) and (
        membership.member_since is None or membership.member_since < elections
    ):
        return CheckInKind.ELECTIONS, due
    due = yearly_due_on(membership, today)
    if due is None or not _recent(due, today):
        return None
    recently = due - datetime.timedelta(days=RECENTLY_CONFIRMED_DAYS)
    if membership.last_confirmed_on and membership.last_confirmed_on > recently:
        return None
    return CheckInKind.YEARLY, due


def flag_on(checkin: CheckIn) -> datetime.date:
    """The day an unanswered question makes the member "niet bevestigd"."""
    return months_after(timezone.localdate(checkin.sent_at), FLAG_MONTHS)


# --- Mail ----------------------------------------------------------------------------------


def _checkin_mails(checkin: CheckIn, *, reminder: int = 0) -> int:
    """Queue the question (or its ``reminder``-th reminder) to every contact; return how many."""
    membership = checkin.membership
    municipality = membership.municipality
    contacts = list(municipality.contacts.order_by("email"))
    if not contacts:
        logger.warning("Membership %s has no contact person to ask.", membership.pk)
        return 0
    with in_dutch():  # the links too
        context = {
            "checkin": checkin,
            "membership": membership,
            "municipality": municipality,
            "commitments": list(membership.commitments.select_related("activity")),
            "reminder": reminder,
            "deadline": flag_on(checkin),
            "elections": settings.MUNICIPAL_ELECTIONS_DATE,
            "link": absolute_url("portal:checkin", kwargs={"slug": municipality.slug}),
            "sign_in": absolute_url("portal:sign_in"),
        }
    for contact in contacts:
        mails.checkin_question(to=contact.email, context=context)
    return len(contacts)


def _coordinators_flagged_mail(checkins: list[CheckIn]) -> None:
    if not (checkins and settings.COORDINATOR_EMAILS):
        return
    with in_dutch():  # the link too
        admin = absolute_url("admin:membership_membership_changelist")
    mails.checkins_flagged(checkins=checkins, admin=admin + "?bevestiging=niet_bevestigd")


# --- Periodic jobs -------------------------------------------------------------------------


def checkins_open(*, now: datetime.datetime) -> str:
    """Ask every active member whose question is due and that has none open."""
    today = timezone.localdate(now)
    opened: Counter[str] = Counter()
    mails = 0
    candidates = (
        Membership.objects.active()
        .filter(~has_open_checkin())
        .select_related("municipality")
        .order_by("pk")
    )
    for candidate in candidates:
        if checkin_due(candidate, today) is None:
            continue
        with transaction.atomic():
            # Lock the member, then decide again: another worker may have asked meanwhile.
            membership = (
                Membership.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("municipality")
                .filter(pk=candidate.pk, status=MembershipStatus.MEMBER)
                .first()
            )
            if membership is None or membership.checkins.open().exists():
                continue
            due = checkin_due(membership, today)
            if due is None:
                continue
            kind, due_on = due
            if membership.checkins.filter(kind=kind, due_on=due_on).exists():
                continue  # asked and answered already
            checkin = CheckIn.objects.create(
                membership=membership, kind=kind, due_on=due_on, sent_at=now
            )
            checkin.mails_sent = _checkin_mails(checkin)
            checkin.save(update_fields=["mails_sent"])
            opened[kind] += 1
            mails += checkin.mails_sent
    if not opened:
        return ""
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(opened.items()))
    return f"{sum(opened.values())} check-ins opened ({kinds}); {mails} mails queued"


def checkins_remind(*, now: datetime.datetime) -> str:
    """Remind the contacts of an active member 2 and 4 weeks after the question."""
    today = timezone.localdate(now)
    first_day, second_day = REMINDER_DAYS
    reminded = mails = 0
    steps = (
        (1, "first_reminder_at", first_day, {"first_reminder_at__isnull": True}),
        (
            2,
            "second_reminder_at",
            second_day,
            {"first_reminder_at__isnull": False, "second_reminder_at__isnull": True},
        ),
    )
    for number, field, days, pending in steps:
        # sent_at is a moment; the reminder goes on the local day, whatever the hour.
        due = CheckIn.objects.open().filter(
            membership__status=MembershipStatus.MEMBER, flagged_at__isnull=True, **pending
        )
        for pk in due.values_list("pk", flat=True):
            with transaction.atomic():
                checkin = (
                    CheckIn.objects.select_for_update(skip_locked=True, of=("self",))
                    .select_related("membership__municipality")
                    .filter(pk=pk, answered_at__isnull=True, **pending)
                    .first()
                )
                if checkin is None:
                    continue
                if today < timezone.localdate(checkin.sent_at) + datetime.timedelta(days=days):
                    continue
                if number == 2 and today < timezone.localdate(
                    checkin.first_reminder_at
                ) + datetime.timedelta(days=second_day - first_day):
                    continue  # after a pause: keep the reminders apart, never two at once
                setattr(checkin, field, now)
                sent = _checkin_mails(checkin, reminder=number)
                checkin.mails_sent += sent
                checkin.save(update_fields=[field, "mails_sent"])
                reminded += 1
                mails += sent
    return f"{reminded} reminders; {mails} mails queued" if reminded else ""


def checkins_flag(*, now: datetime.datetime) -> str:
    """Flag the questions of active members left unanswered for 3 months."""
    today = timezone.localdate(now)
    flagged: list[CheckIn] = []
    with transaction.atomic():
        candidates = (
            CheckIn.objects.open()
            .filter(flagged_at__isnull=True, membership__status=MembershipStatus.MEMBER)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("membership__municipality")
            .order_by("membership__municipality__name_nl")
        )
        for checkin in candidates:
            if today < flag_on(checkin):
                continue
            checkin.flagged_at = now
            checkin.save(update_fields=["flagged_at"])
            flagged.append(checkin)
        _coordinators_flagged_mail(flagged)
    return f"{len(flagged)} members flagged as not confirmed" if flagged else ""


# --- Answers and decisions -----------------------------------------------------------------


def _answer_open(membership: Membership, *, by: AbstractBaseUser, now: datetime.datetime) -> int:
    answered = 0
    for checkin in membership.checkins.open():
        checkin.answered_at = now
        checkin.answered_by = by
        checkin.save(update_fields=["answered_at", "answered_by"])
        answered += 1
    return answered


def checkin_confirm(
    *, membership: Membership, by: AbstractBaseUser, now: datetime.datetime | None = None
) -> None:
    """ "Alles klopt nog": the member's page and commitments are confirmed today."""
    now = now or timezone.now()
    if not membership.is_active:
        raise ValidationError(
            _("Enkel een actief lid kan bevestigen. Neem contact op met de coördinatoren.")
        )
    if membership.commitments_to_confirm:
        raise ValidationError(_("Kies eerst welke engagementen jullie gemeente aangaat."))
    with transaction.atomic():
        membership.last_confirmed_on = timezone.localdate(now)
        membership.save(update_fields=["last_confirmed_on", "updated_at"])
        _answer_open(membership, by=by, now=now)


def commitments_choice_errors(*, activities: list[Activity], other_title: str) -> dict:
    """What is wrong with a member's choice of commitments, by field (empty when nothing)."""
    errors: dict[str, list[str]] = {}
    codes = {activity.code for activity in activities}
    if len(codes) < MIN_COMMITMENTS:
        errors["activities"] = [
            _("Kies minstens %(minimum)d engagementen.") % {"minimum": MIN_COMMITMENTS}
        ]
    if Activity.OTHER in codes and not other_title.strip():
        errors["other_title"] = [_("Geef een titel voor de andere activiteit.")]
    return errors


def checkin_commitments_confirm(
    *,
    membership: Membership,
    activities: list[Activity],
    other_title: str = "",
    member_since: datetime.date,
    by: AbstractBaseUser,
    now: datetime.datetime | None = None,
) -> None:
    """A member imported from the old page says which commitments it made, and since when.

    Commitments not chosen are removed (their history is kept); chosen ones that are new
    start as *decided*. The member is then confirmed and the rule of three applies.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    if not membership.is_active:
        raise ValidationError(
            _("Enkel een actief lid kan bevestigen. Neem contact op met de coördinatoren.")
        )
    errors = commitments_choice_errors(activities=activities, other_title=other_title)
    chosen = {activity.code: activity for activity in activities}
    other_title = other_title.strip()
    if not EARLIEST_MEMBER_SINCE <= member_since <= today:
        errors["member_since"] = [
            _("Geef een datum tussen %(earliest)s en vandaag.")
            % {"earliest": EARLIEST_MEMBER_SINCE.strftime("%d/%m/%Y")}
        ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        for commitment in membership.commitments.select_related("activity"):
            if commitment.activity.code not in chosen:
                commitment.delete()
        kept = set(membership.commitments.values_list("activity__code", flat=True))
        for code, activity in chosen.items():
            if code in kept:
                commitment = membership.commitments.get(activity=activity)
            else:
                commitment = Commitment(membership=membership, activity=activity)
            if code == Activity.OTHER:
                commitment.title = other_title[:200]
            if code not in kept or code == Activity.OTHER:
                commitment.full_clean()
                commitment.save()
            if code not in kept:
                # Decided with the membership; claimed until the portal adds evidence.
                commitment_ladder_set(
                    commitment=commitment, claims={Rung.DECIDED: RungClaim(date=member_since)}
                )
        membership.commitments_to_confirm = False
        membership.member_since = member_since
        membership.last_confirmed_on = today
        membership.full_clean()
        membership.save()
        _answer_open(membership, by=by, now=now)


def membership_suspend(*, membership: Membership) -> bool:
    """Suspend a member flagged "niet bevestigd"; say whether it was.

    A suspended member leaves the counts, the directory and the letters' list of members, and
    its page says why. A coordinator reinstates it by setting its status back to *lid*.
    """
    with transaction.atomic():
        membership = Membership.objects.select_for_update().get(pk=membership.pk)
        if not Membership.objects.unconfirmed().filter(pk=membership.pk).exists():
            return False
        membership.status = MembershipStatus.SUSPENDED
        membership.save(update_fields=["status", "updated_at"])
    return True
