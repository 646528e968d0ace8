from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib.richtext import rich_text_html


class NetworkRole(models.TextChoices):
    SUPPORTING = "supporting", _("ondersteunt het netwerk")
    PARTICIPATING = "participating", _("neemt deel aan het netwerk")
    NONE = "", _("geen rol in het netwerk (partner van een initiatief)")


class PartnerOrganisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, unique=True)
    network_role = models.CharField(
        _("rol in het netwerk"),
        max_length=15,
        choices=NetworkRole.choices,
        blank=True,
        default=NetworkRole.NONE,
    )
    url = models.URLField(_("website"), blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("partnerorganisatie")
        verbose_name_plural = _("partnerorganisaties")

    def __str__(self) -> str:
        return self.name


# --- The learning network: meetings (issue #7) ----------------------------------------------
# The core of a meeting. Registrations, agenda items, presentations (solidair/network/meetings)
# and brochures and recommendations (solidair/network/brochures, recommendations) refer to it.


class MeetingQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self, now=None):
        return self.published().filter(ends_at__gte=now or timezone.now()).order_by("starts_at")

    def past(self, now=None):
        return self.published().filter(ends_at__lt=now or timezone.now()).order_by("-starts_at")


class Meeting(models.Model):
    """A learning meeting of the network (three a year)."""

    title = models.CharField(_("titel"), max_length=200)
    theme = models.CharField(_("thema"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    starts_at = models.DateTimeField(_("begint op"))
    ends_at = models.DateTimeField(_("eindigt op"))
    place = models.CharField(
        _("plaats"),
        max_length=300,
        blank=True,
        help_text=_("Adres; leeg voor een online bijeenkomst."),
    )
    online_url = models.URLField(
        _("link voor online deelname"),
        max_length=500,
        blank=True,
        help_text=_("Alleen getoond aan ingeschreven deelnemers."),
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"), null=True, blank=True, help_text=_("Leeg: geen grens.")
    )
    registration_deadline = models.DateTimeField(_("inschrijven tot"), null=True, blank=True)
    open_to_prospective = models.BooleanField(
        _("open voor gemeenten die overwegen aan te sluiten"), default=False
    )
    published = models.BooleanField(_("gepubliceerd"), default=False)
    minutes = models.TextField(
        _("verslag"),
        blank=True,
        help_text=_("Alinea's, lijsten en links zijn toegestaan; andere opmaak wordt verwijderd."),
    )
    practices = models.ManyToManyField(
        "initiatives.Initiative",
        verbose_name=_("voorgestelde praktijken"),
        blank=True,
        related_name="meetings",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Issue #7: the iCalendar SEQUENCE, raised when the time, place or title changes, so that
    # calendars that already hold the meeting replace it (meetings.meeting_revise).
    ical_sequence = models.PositiveIntegerField(_("versie in agenda's"), default=0, editable=False)
    history = HistoricalRecords()

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("lerend netwerk (bijeenkomst)")
        verbose_name_plural = _("lerende netwerken (bijeenkomsten)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
                violation_error_message=_("Een bijeenkomst eindigt na haar begin."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({timezone.localtime(self.starts_at):%d-%m-%Y})"

    def get_absolute_url(self) -> str:
        return reverse("network:meeting", kwargs={"pk": self.pk})

    @property
    def safe_minutes(self) -> str:
        return rich_text_html(self.minutes)

    # --- Registration, calendar (issue #7, items 1-4; solidair/network/meetings.py) --------------
    def places_left(self) -> int | None:
        """Free places (None: no limit). An offered place counts as taken."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.registrations.holding_place().count(), 0)


# --- Agenda, presentations, partner staff, registrations (issue #7, items 1-4) ----------------
# --- Brochures and recommendations (issue #7, items 5–6) --------------------------------------
# In their own modules to keep this one readable; imported here so that Django finds them.
from solidair.network.models_brochures import Brochure  # noqa: E402, F401
from solidair.network.models_meetings import (  # noqa: E402, F401
    AgendaItem,
    PartnerStaff,
    Presentation,
    RegistrantKind,
    Registration,
    RegistrationStatus,
)
from solidair.network.models_recommendations import (  # noqa: E402, F401
    Level,
    Position,
    PositionHolder,
    Recommendation,
    RecommendationStep,
    StepStatus,
)
