"""Requests that contacts make in the portal and coordinators decide in /beheer/."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib.i18n import language_field
from solidair.membership.models import Membership
from solidair.municipalities.models import Municipality


class RequestStatus(models.TextChoices):
    PENDING = "pending", _("te beslissen")
    APPROVED = "approved", _("aanvaard")
    REFUSED = "refused", _("geweigerd")


class PortalRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=RequestStatus.PENDING)


class CoordinatorRequest(models.Model):
    """What a contact asks in the portal and a coordinator decides: pending until decided, once."""

    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.PENDING
    )
    decided_at = models.DateTimeField(_("beslist op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beslist door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    # The language of the contact who asked: the mails about the request are in it.
    language = language_field()

    objects = PortalRequestQuerySet.as_manager()

    class Meta:
        abstract = True

    def decide(self, status: str, *, by, now: datetime | None = None) -> None:
        """Record the coordinator's decision (the caller holds the row's lock)."""
        self.status = status
        self.decided_at = now or timezone.now()
        self.decided_by = by
        self.save(update_fields=["status", "decided_at", "decided_by"])


class ContactInvitation(CoordinatorRequest):
    """A contact asks that a colleague become a contact too; a coordinator decides."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="contact_invitations",
    )
    name = models.CharField(_("naam"), max_length=200)
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("functie"), max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uitgenodigd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The inviting colleague's language (``language``): the invited person's welcome mail is in it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging van een collega")
        verbose_name_plural = _("uitnodigingen van collega's")

    def __str__(self) -> str:
        return f"{self.name} <{self.email}> ({self.municipality})"


class PauseRequest(CoordinatorRequest):
    """A contact asks to pause the membership instead of dropping below three commitments."""

    membership = models.ForeignKey(
        Membership,
        verbose_name=_("lidmaatschap"),
        on_delete=models.CASCADE,
        related_name="pause_requests",
    )
    reason = models.TextField(_("reden"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    # The asking contact's language (``language``): the mail with the coordinators' decision is
    # in it.
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("vraag om het lidmaatschap te pauzeren")
        verbose_name_plural = _("vragen om het lidmaatschap te pauzeren")

    def __str__(self) -> str:
        return str(self.membership.municipality)
