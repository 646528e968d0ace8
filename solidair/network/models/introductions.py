"""Introductions between members: one municipality asks to meet another that has realised a
commitment it has not. Workflows live in solidair/network/peers.py."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.membership.models import Activity
from solidair.municipalities.models import Municipality


class IntroductionQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(requested_at__gte=moment)


class Introduction(models.Model):
    from_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gevraagd door gemeente"),
        on_delete=models.CASCADE,
        related_name="introductions_asked",
    )
    to_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("voorgesteld aan gemeente"),
        on_delete=models.CASCADE,
        related_name="introductions_received",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("gevraagd op"), default=timezone.now, db_index=True)
    history = HistoricalRecords()

    objects = IntroductionQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("kennismaking")
        verbose_name_plural = _("kennismakingen")

    def __str__(self) -> str:
        return f"{self.from_municipality} → {self.to_municipality}: {self.activity}"
