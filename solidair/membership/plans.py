"""Improvement plans: when a member's commitment lapses, the municipality agrees a plan with a
deadline, and a missed deadline leads to the suspension path.

A commitment lapses when it has stood for more than a year on claims alone (no rung with a link
or a document), or when a "Klopt dit niet?" report about it was upheld (outcome *rechtgezet*).
Then the contacts are asked (``plans_ask``, a periodic job, or the report's decision) to
propose, within ``PROPOSE_DAYS``, what they will do and by when (at most ``LONGEST_PLAN``
ahead). A coordinator agrees to the plan in /beheer/ and marks it carried out. A plan not
proposed in time (one proposed in time waits for the coordinators), or not carried out by its
deadline, is missed (``plans_check``): the
coordinators' suspension of the membership is proposed, with the usual right of reply
(solidair/membership/replies.py). Agreed plans and their outcome are public on the member's page.
"""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from solidair.lib.i18n import in_dutch
from solidair.membership import mails
from solidair.membership.models import (
    ChangeKind,
    Commitment,
    CommitmentRung,
    CommitmentState,
    CorrectionReport,
    ImprovementPlan,
    MembershipStatus,
    PlanReason,
    PlanStatus,
)
from solidair.membership.replies import claim_change_propose
from solidair.web.links import absolute_url

logger = logging.getLogger(__name__)

LAPSES_AFTER = datetime.timedelta(days=365)
PROPOSE_DAYS = 30
LONGEST_PLAN = datetime.timedelta(days=183)


def commitments_lapsed(*, today: datetime.date):
    """Active commitments of active members that stood on claims alone for more than a year
    (dated from their newest rung, or the membership when no rung has a date), with no open
    plan. Members whose commitments are still to be confirmed are asked by their check-in."""
    year_ago = today - LAPSES_AFTER
    proven = CommitmentRung.objects.filter(commitment=OuterRef("pk")).filter(
        ~Q(evidence_url="") | ~Q(evidence_document="")
    )
    open_plan = ImprovementPlan.objects.open().filter(commitment=OuterRef("pk"))
    return (
        Commitment.objects.filter(
            state=CommitmentState.ACTIVE,
            membership__status=MembershipStatus.MEMBER,
            membership__commitments_to_confirm=False,
        )
        .annotate(newest=Max("rungs__date"))
        .filter(
            Q(newest__lt=year_ago) | Q(newest__isnull=True, membership__member_since__lt=year_ago)
        )
        .exclude(Exists(proven))
        .exclude(Exists(open_plan))
        .select_related("activity", "membership__municipality")
    )


def plan_ask(
    *,
    commitment: Commitment,
    reason: str,
    report: CorrectionReport | None = None,
    today: datetime.date | None = None,
) -> ImprovementPlan | None:
    """Ask the municipality for a plan (None when one is open for the commitment already)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        if ImprovementPlan.objects.open().filter(commitment=commitment).exists():
            return None
        plan = ImprovementPlan.objects.create(
            membership=commitment.membership,
            commitment=commitment,
            claim_title=commitment.display_title,
            reason=reason,
            report=report,
            propose_by=today + datetime.timedelta(days=PROPOSE_DAYS),
        )
        municipality = commitment.membership.municipality
        with in_dutch():
            link = absolute_url(
                "portal:plan_propose", kwargs={"slug": municipality.slug, "pk": plan.pk}
            )
            for address in municipality.contacts.values_list("email", flat=True):
                mails.plan_asked(to=address, plan=plan, link=link)
    return plan


def plans_ask(*, now: datetime.datetime) -> str:
    """Periodic job: ask a plan for every commitment that lapsed."""
    today = timezone.localdate(now)
    asked = sum(
        plan_ask(commitment=commitment, reason=PlanReason.LAPSED, today=today) is not None
        for commitment in commitments_lapsed(today=today)
    )
    if asked:
        logger.info("Improvement plans: %d asked.", asked)
    return f"{asked} asked" if asked else ""


def plan_propose(
    *,
    plan: ImprovementPlan,
    text: str,
    deadline: datetime.date,
    by: AbstractBaseUser,
    now: datetime.datetime | None = None,
) -> ImprovementPlan:
    """The municipality's plan and deadline; it may change them until a coordinator agrees."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    errors = {}
    if not text.strip():
        errors["plan"] = _("Beschrijf wat de gemeente zal doen.")
    if not today < deadline <= today + LONGEST_PLAN:
        errors["deadline"] = _("Kies een datum na vandaag en binnen zes maanden.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status not in (PlanStatus.ASKED, PlanStatus.PROPOSED):
            raise ValidationError(
                _("Dit plan is al afgesproken of afgesloten. Vragen? Mail het netwerk."),
                code="closed",
            )
        plan.plan = text.strip()
        plan.deadline = deadline
        plan.status = PlanStatus.PROPOSED
        plan.proposed_by = by
        plan.proposed_at = now
        plan.save()
        with in_dutch():
            mails.plan_proposed(
                plan=plan,
                admin_url=absolute_url("admin:membership_improvementplan_change", args=[plan.pk]),
            )
    return plan


def _move(plan: ImprovementPlan, *, source: str, target: str, **fields) -> bool:
    with transaction.atomic():
        plan = ImprovementPlan.objects.select_for_update().get(pk=plan.pk)
        if plan.status != source:
            return False
        plan.status = target
        for name, value in fields.items():
            setattr(plan, name, value)
        plan.save()
    return True


def plan_agree(*, plan: ImprovementPlan, by: AbstractBaseUser) -> bool:
    """A coordinator agrees to a proposed plan; say whether it was proposed."""
    return _move(
        plan,
        source=PlanStatus.PROPOSED,
        target=PlanStatus.AGREED,
        agreed_by=by,
        agreed_at=timezone.now(),
    )


def plan_met(*, plan: ImprovementPlan) -> bool:
    """A coordinator finds an agreed plan carried out; say whether it was agreed."""
    return _move(plan, source=PlanStatus.AGREED, target=PlanStatus.MET, closed_at=timezone.now())


def _suspension_proposed(plan: ImprovementPlan, *, today: datetime.date) -> None:
    membership = plan.membership
    if membership.status != MembershipStatus.MEMBER:
        return
    if membership.claim_changes.waiting().filter(kind=ChangeKind.SUSPEND).exists():
        return
    with in_dutch():
        if plan.status == PlanStatus.MISSED and plan.deadline and plan.agreed_at:
            reason = _("Het verbeterplan voor '%(title)s' werd niet uitgevoerd tegen %(date)s.") % {
                "title": plan.claim_title,
                "date": plan.deadline.strftime("%d-%m-%Y"),
            }
        else:
            reason = _("Voor '%(title)s' werd geen verbeterplan afgesproken tegen %(date)s.") % {
                "title": plan.claim_title,
                "date": plan.propose_by.strftime("%d-%m-%Y"),
            }
    claim_change_propose(
        membership=membership, kind=ChangeKind.SUSPEND, reason=reason, by=None, today=today
    )


def plans_check(*, now: datetime.datetime) -> str:
    """Periodic job: plans not proposed in time, or not carried out by their deadline, are
    missed; the membership's suspension is proposed, with a right of reply. A plan proposed in
    time waits for the coordinators: their delay is never the municipality's fault."""
    today = timezone.localdate(now)
    due = ImprovementPlan.objects.filter(
        Q(status=PlanStatus.ASKED, propose_by__lt=today)
        | Q(status=PlanStatus.AGREED, deadline__lt=today)
    )
    missed = 0
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            plan = due.select_for_update().filter(pk=pk).first()
            if plan is None:
                continue
            plan.status = PlanStatus.MISSED
            plan.closed_at = now
            plan.save(update_fields=["status", "closed_at"])
            _suspension_proposed(plan, today=today)
            missed += 1
    if missed:
        logger.info("Improvement plans: %d missed.", missed)
    return f"{missed} missed" if missed else ""


def plans_public(membership) -> list[ImprovementPlan]:
    """The plans agreed with ``membership`` and how they ended, newest first."""
    if membership is None:
        return []
    return list(
        membership.improvement_plans.filter(
            status__in=(PlanStatus.AGREED, PlanStatus.MET, PlanStatus.MISSED),
            agreed_at__isnull=False,
        ).order_by("-agreed_at")
    )
