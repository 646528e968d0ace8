"""The right of reply: a coordinators' change to a member's public claim waits for the
municipality's answer before it is published (solidair/membership/replies.py)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.membership.models.memberships import Commitment, Membership, Rung

REPLY_DAYS = 14


class ChangeKind(models.TextChoices):
    ADD_RUNG = "add_rung", _("een sport erbij, met bewijs")
    LOWER_RUNG = "lower_rung", _("een sport lager")
    DISPUTE = "dispute", _("betwist")
    SUSPEND = "suspend", _("schorsing van het lidmaatschap")


class ChangeStatus(models.TextChoices):
    WAITING = "waiting", _("wacht op het antwoord van de gemeente")
    PUBLISHED = "published", _("gepubliceerd")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class Stance(models.TextChoices):
    AGREE = "agree", _("akkoord")
    DISAGREE = "disagree", _("niet akkoord")


class ClaimChangeQuerySet(models.QuerySet):
    def waiting(self):
        return self.filter(status=ChangeStatus.WAITING)

    def published(self):
        return self.filter(status=ChangeStatus.PUBLISHED)

    def due(self, today: datetime.date):
        """Waiting past the reply's deadline: published without an answer."""
        return self.waiting().filter(reply_due__lt=today)

    def open_disputes(self):
        return self.published().filter(kind=ChangeKind.DISPUTE, resolved_at__isnull=True)


class ClaimChange(models.Model):
    """A coordinator lowers a commitment's rung, disputes a claim or suspends a member. The
    municipality's contacts are told and have ``REPLY_DAYS`` days to agree or disagree, with a
    public note and evidence; the change is published after the reply or the deadline, and
    both sides stay on the member's page."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("lidmaatschap"),
        on_delete=models.CASCADE,
        related_name="claim_changes",
    )
    # Kept when the commitment is removed later: the history stays readable (claim_title).
    commitment = models.ForeignKey(
        Commitment,
        verbose_name=_("engagement"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claim_changes",
        help_text=_("Leeg voor een schorsing van het lidmaatschap."),
    )
    claim_title = models.CharField(_("over"), max_length=200, blank=True, editable=False)
    kind = models.CharField(_("soort"), max_length=12, choices=ChangeKind.choices)
    target_rung = models.PositiveSmallIntegerField(
        _("naar de sport"),
        choices=Rung.choices,
        null=True,
        blank=True,
        help_text=_(
            "Voor 'een sport lager': de hoogste sport die overblijft; voor 'een sport erbij': "
            "de sport die bereikt is."
        ),
    )
    rung_date = models.DateField(
        _("datum van de sport"),
        null=True,
        blank=True,
        help_text=_("Alleen voor 'een sport erbij': wanneer ze bereikt werd."),
    )
    reason = models.TextField(
        _("waarom (publiek)"),
        max_length=2000,
        help_text=_("Staat na de publicatie op de pagina van de gemeente."),
    )
    evidence_url = models.URLField(_("bron (link)"), max_length=500, blank=True)
    # None: proposed by the platform itself (a missed improvement plan).
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgesteld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    proposed_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    reply_due = models.DateField(_("antwoord uiterlijk op"))
    stance = models.CharField(_("antwoord"), max_length=10, choices=Stance.choices, blank=True)
    reply_note = models.TextField(_("toelichting van de gemeente (publiek)"), blank=True)
    reply_evidence_url = models.URLField(
        _("bewijs van de gemeente (link)"), max_length=500, blank=True
    )
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    replied_at = models.DateTimeField(_("geantwoord op"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ChangeStatus.choices, default=ChangeStatus.WAITING
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    resolved_at = models.DateTimeField(
        _("betwisting opgelost op"),
        null=True,
        blank=True,
        help_text=_("Voor een betwisting: wanneer de gemeente het rechtzette."),
    )
    history = HistoricalRecords()

    objects = ClaimChangeQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        verbose_name = _("wijziging met recht op antwoord")
        verbose_name_plural = _("wijzigingen met recht op antwoord")

    def __str__(self) -> str:
        return f"{self.membership.municipality.name_nl}: {self.get_kind_display()}"

    @property
    def is_disputed(self) -> bool:
        return self.kind == ChangeKind.DISPUTE and self.resolved_at is None
