"""Improvement plans: a member whose commitment lapsed agrees a plan with a deadline
(solidair/membership/plans.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.membership.models.corrections import CorrectionReport
from solidair.membership.models.memberships import Commitment, Membership


class PlanReason(models.TextChoices):
    LAPSED = "lapsed", _("een jaar zonder bewijs")
    REPORT_UPHELD = "report", _("een melding die klopte")


class PlanStatus(models.TextChoices):
    ASKED = "asked", _("gevraagd aan de gemeente")
    PROPOSED = "proposed", _("voorgesteld door de gemeente")
    AGREED = "agreed", _("afgesproken")
    MET = "met", _("uitgevoerd")
    MISSED = "missed", _("niet uitgevoerd")


OPEN_PLAN_STATUSES = (PlanStatus.ASKED, PlanStatus.PROPOSED, PlanStatus.AGREED)


class ImprovementPlanQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_PLAN_STATUSES)


class ImprovementPlan(models.Model):
    """What the municipality will do, by when, to make a lapsed commitment true again. The
    contact proposes it in the portal; a coordinator agrees to it; a missed deadline leads to
    the suspension path (a proposed suspension with a right of reply)."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("lidmaatschap"),
        on_delete=models.CASCADE,
        related_name="improvement_plans",
    )
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="improvement_plans",
    )
    claim_title = models.CharField(_("over"), max_length=200, blank=True, editable=False)
    reason = models.CharField(_("waarom"), max_length=10, choices=PlanReason.choices)
    report = models.ForeignKey(
        CorrectionReport,
        verbose_name=_("melding"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.ASKED
    )
    asked_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    propose_by = models.DateField(_("voor te stellen tegen"))
    plan = models.TextField(_("het plan (publiek)"), max_length=3000, blank=True)
    deadline = models.DateField(_("uitgevoerd tegen"), null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), null=True, blank=True)
    agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgesproken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agreed_at = models.DateTimeField(_("afgesproken op"), null=True, blank=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    history = HistoricalRecords()

    objects = ImprovementPlanQuerySet.as_manager()

    class Meta:
        ordering = ["-asked_at"]
        verbose_name = _("verbeterplan")
        verbose_name_plural = _("verbeterplannen")

    def __str__(self) -> str:
        return f"{self.membership.municipality.name_nl}: {self.claim_title}"
