"""Reception places a municipality offers, by kind, as the municipality itself reports them.

Every report is a new dated row, so the history is the table itself; the current figure of a
kind is its latest count (by the date counted, then by the order of reporting).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.municipalities.models import Municipality

# More places than any Belgian municipality offers; a typo, not a figure.
MAX_PLACES = 10_000


class ReceptionKind(models.TextChoices):
    LOI_SINGLE = "loi_single", _("LOI voor alleenstaande volwassenen")
    LOI_FAMILY = "loi_family", _("LOI voor gezinnen")
    MINORS = "minors", _("niet-begeleide minderjarigen")
    OTHER = "other", _("noodopvang en andere opvang")


class ReceptionCountQuerySet(models.QuerySet):
    def latest_first(self):
        return self.order_by("-counted_on", "-reported_at", "-pk")


class ReceptionCount(models.Model):
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="reception_counts",
    )
    kind = models.CharField(_("soort opvang"), max_length=12, choices=ReceptionKind.choices)
    places = models.PositiveIntegerField(
        _("aantal plaatsen"), validators=[MaxValueValidator(MAX_PLACES)]
    )
    counted_on = models.DateField(_("geteld op"))
    reported_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    objects = ReceptionCountQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name_nl", "kind", "-counted_on", "-reported_at"]
        verbose_name = _("opvangplaatsen (zelf gemeld)")
        verbose_name_plural = _("opvangplaatsen (zelf gemeld)")
        indexes = [models.Index(fields=["municipality", "kind", "-counted_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(places__lte=MAX_PLACES),
                name="reception_places_at_most_max",
                violation_error_message=_("Dat zijn meer plaatsen dan mogelijk."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality}: {self.places} × {self.get_kind_display()} ({self.counted_on})"
