"""Policy recommendations followed to the minister.

The addressee is a *position* ("Vlaams minister van Binnenlands Bestuur ..."); who held it
and when are `PositionHolder` rows, so a change of government keeps the history: a step of
the timeline shows the holder on its own date. The status of a recommendation is its
latest `RecommendationStep` (by date, then by entry).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.operations.uploads import PublicUploadTo, public_file_url


class Level(models.TextChoices):
    LOCAL = "local", _("lokaal")
    FLEMISH = "flemish", _("Vlaams")
    FEDERAL = "federal", _("federaal")


class StepStatus(models.TextChoices):
    FORMULATED = "formulated", _("geformuleerd")
    SENT = "sent", _("verstuurd")
    ANSWERED = "answered", _("beantwoord")
    IMPLEMENTED = "implemented", _("uitgevoerd")
    PARTLY = "partly", _("gedeeltelijk uitgevoerd")
    REJECTED = "rejected", _("afgewezen")
    PENDING = "pending", _("in behandeling")


class Position(models.Model):
    """A public office that recommendations are addressed to, independent of who holds it."""

    title = models.CharField(_("functie"), max_length=300, unique=True)
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = _("functie (geadresseerde)")
        verbose_name_plural = _("functies (geadresseerden)")

    def __str__(self) -> str:
        return self.title

    def holder_on(self, day: datetime.date) -> "PositionHolder | None":
        """Who held the position on that day (the latest to start, if periods overlap)."""
        return (
            self.holders.filter(start__lte=day)
            .filter(Q(end__isnull=True) | Q(end__gte=day))
            .order_by("-start")
            .first()
        )


class PositionHolder(models.Model):
    position = models.ForeignKey(
        Position, verbose_name=_("functie"), on_delete=models.CASCADE, related_name="holders"
    )
    name = models.CharField(_("naam"), max_length=200)
    start = models.DateField(_("van"))
    end = models.DateField(
        _("tot en met"), null=True, blank=True, help_text=_("Leeg: nog in functie.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "-start"]
        verbose_name = _("bekleder van een functie")
        verbose_name_plural = _("bekleders van een functie")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="position_holder_ends_after_start",
                violation_error_message=_("Het einde van de periode ligt na het begin."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if not self.position_id or not self.start:
            return
        # One holder at a time: the timeline must name exactly one person on any day.
        overlapping = self.position.holders.exclude(pk=self.pk).filter(
            Q(end__isnull=True) | Q(end__gte=self.start)
        )
        if self.end:
            overlapping = overlapping.filter(start__lte=self.end)
        if overlapping.exists():
            raise ValidationError(
                _("Deze periode overlapt met die van %(name)s; sluit die eerst af.")
                % {"name": overlapping.first().name}
            )


class RecommendationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def with_status(self):
        """Each recommendation with `status` and `status_date`: those of its latest step.

        Without steps it is *formulated* (at its meeting), with no date of its own.
        """
        latest = RecommendationStep.objects.filter(recommendation=OuterRef("pk")).order_by(
            "-date", "-id"
        )
        return self.annotate(
            status=Coalesce(
                Subquery(latest.values("status")[:1]),
                Value(StepStatus.FORMULATED.value),
                output_field=models.CharField(),
            ),
            status_date=Subquery(latest.values("date")[:1]),
        )


class Recommendation(models.Model):
    title = models.CharField(_("korte titel"), max_length=200)
    text = models.TextField(_("aanbeveling"), help_text=_("Een lege regel begint een alinea."))
    level = models.CharField(_("niveau"), max_length=10, choices=Level.choices)
    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("bijeenkomst"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    addressee = models.ForeignKey(
        Position,
        verbose_name=_("geadresseerde (functie)"),
        on_delete=models.PROTECT,
        related_name="recommendations",
        null=True,
        blank=True,
        help_text=_("De functie, niet de persoon: wie ze bekleedt, volgt uit de periodes."),
    )
    activities = models.ManyToManyField(
        "membership.Activity",
        verbose_name=_("engagementen waarover ze gaat"),
        blank=True,
        related_name="recommendations",
        help_text=_("Voor lokale aanbevelingen: de engagementen waarop ze betrekking hebben."),
    )
    published = models.BooleanField(_("gepubliceerd"), default=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # No m2m history: like Meeting.practices, it fails when changed from the other side.
    history = HistoricalRecords()

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("beleidsaanbeveling")
        verbose_name_plural = _("beleidsaanbevelingen")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("network:recommendation", kwargs={"pk": self.pk})

    @property
    def status_label(self) -> str:
        """The label of the status annotated by `with_status()` ("" without it)."""
        status = getattr(self, "status", None)
        return StepStatus(status).label if status in StepStatus.values else ""


class RecommendationStep(models.Model):
    recommendation = models.ForeignKey(
        Recommendation,
        verbose_name=_("aanbeveling"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    status = models.CharField(_("status"), max_length=12, choices=StepStatus.choices)
    date = models.DateField(_("datum"))
    note = models.TextField(
        _("toelichting"), blank=True, help_text=_("Bv. de tekst van het antwoord.")
    )
    document = models.FileField(
        _("document (PDF)"),
        upload_to=PublicUploadTo("recommendations"),
        max_length=200,
        blank=True,
        help_text=_("De brief of het antwoord als PDF."),
    )
    url = models.URLField(_("link"), max_length=500, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["date", "id"]
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.date:%d-%m-%Y})"

    @property
    def document_url(self) -> str:
        return public_file_url(self.document)

    def clean(self) -> None:
        super().clean()
        needs_evidence = {StepStatus.SENT, StepStatus.ANSWERED}
        if (
            self.status in needs_evidence
            and not (self.document or self.url)
            and not (self.status == StepStatus.ANSWERED and self.note.strip())
        ):
            raise ValidationError(
                _(
                    "Voeg de brief of het antwoord toe: een PDF, een link "
                    "of (bij een antwoord) de tekst."
                )
            )
