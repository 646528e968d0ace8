"""Check-ins: the network asks a member's contacts to confirm its page and commitments.

One row per question asked (yearly on the anniversary of membership, after municipal elections,
or once for a member imported from the old page). The row records every mail sent for it, so
the periodic jobs (``solidair.membership.checkins``) never send anything twice.
"""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CheckInKind(models.TextChoices):
    YEARLY = "yearly", _("jaarlijks")
    ELECTIONS = "elections", _("na de verkiezingen")
    LEGACY = "legacy", _("engagementen van een lid van vóór 2025")


class CheckInQuerySet(models.QuerySet):
    def open(self):
        """Asked and not answered yet."""
        return self.filter(answered_at__isnull=True)

    def flagged(self):
        """Not answered within the time allowed: the member shows as not confirmed."""
        return self.open().filter(flagged_at__isnull=False)


def unconfirmed_since():
    """For a Membership queryset: when its open check-in was flagged (None when none is)."""
    return models.Subquery(
        CheckIn.objects.flagged()
        .filter(membership=OuterRef("pk"))
        .order_by("flagged_at")
        .values("flagged_at")[:1]
    )


def has_open_checkin():
    return Exists(CheckIn.objects.open().filter(membership=OuterRef("pk")))


class CheckIn(models.Model):
    membership = models.ForeignKey(
        "membership.Membership",
        verbose_name=_("lidmaatschap"),
        on_delete=models.CASCADE,
        related_name="checkins",
    )
    kind = models.CharField(_("soort"), max_length=10, choices=CheckInKind.choices)
    due_on = models.DateField(
        _("gevraagd voor"),
        help_text=_("De verjaardag van het lidmaatschap, of de datum na de verkiezingen."),
    )
    sent_at = models.DateTimeField(_("vraag verstuurd op"))
    mails_sent = models.PositiveSmallIntegerField(_("aantal e-mails"), default=0)
    first_reminder_at = models.DateTimeField(_("eerste herinnering"), null=True, blank=True)
    second_reminder_at = models.DateTimeField(_("tweede herinnering"), null=True, blank=True)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    flagged_at = models.DateTimeField(
        _("niet bevestigd sinds"),
        null=True,
        blank=True,
        help_text=_("Gezet wanneer er drie maanden na de vraag nog geen antwoord was."),
    )
    history = HistoricalRecords()

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("bevestiging")
        verbose_name_plural = _("bevestigingen")
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "kind", "due_on"],
                name="one_checkin_per_membership_kind_and_date",
            ),
            # At most one open question per member: answering it confirms everything.
            models.UniqueConstraint(
                fields=["membership"],
                condition=Q(answered_at__isnull=True),
                name="one_open_checkin_per_membership",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership.municipality} — {self.get_kind_display()} ({self.due_on})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None
