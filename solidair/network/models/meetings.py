"""Learning meetings and what hangs on them: agenda, presentations, registrations.

Workflows live in solidair/network/meetings.py.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib.i18n import language_field
from solidair.lib.richtext import rich_text_html
from solidair.municipalities.models import Municipality
from solidair.operations.uploads import PublicUploadTo, validate_pdf


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
    # The iCalendar SEQUENCE, raised when the time, place or title changes, so that
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

    # Registration and the calendar: solidair/network/meetings.py.
    def places_left(self) -> int | None:
        """Free places (None: no limit). An offered place counts as taken."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.registrations.holding_place().count(), 0)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="agenda_items",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    starts_at = models.TimeField(_("uur"), null=True, blank=True)
    title = models.CharField(_("titel"), max_length=200)
    speakers = models.CharField(_("spreker(s)"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "starts_at", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")

    def __str__(self) -> str:
        return self.title


class Presentation(models.Model):
    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="presentations",
    )
    title = models.CharField(_("titel"), max_length=200)
    speaker = models.CharField(_("spreker"), max_length=200, blank=True)
    document = models.FileField(
        _("presentatie (PDF)"),
        upload_to=PublicUploadTo("presentations"),
        validators=[validate_pdf],
        max_length=300,
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "position", "pk"]
        verbose_name = _("presentatie")
        verbose_name_plural = _("presentaties")

    def __str__(self) -> str:
        return self.title


class RegistrantKind(models.TextChoices):
    MEMBER = "member", _("contactpersoon van een lid")
    PARTNER = "partner", _("partnerorganisatie")
    PROSPECTIVE = "prospective", _("gemeente die overweegt aan te sluiten")


class RegistrationStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("e-mailadres nog te bevestigen")
    REGISTERED = "registered", _("ingeschreven")
    WAITING = "waiting", _("op de wachtlijst")
    OFFERED = "offered", _("plaats aangeboden, nog te bevestigen")
    CANCELLED = "cancelled", _("geannuleerd")
    LAPSED = "lapsed", _("aangeboden plaats niet bevestigd")


# A registration in one of these is "still there": one per address and meeting.
OPEN_STATUSES = (
    RegistrationStatus.UNCONFIRMED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.WAITING,
    RegistrationStatus.OFFERED,
)
# These hold a place (an offer holds it for the person it is offered to).
PLACE_STATUSES = (RegistrationStatus.REGISTERED, RegistrationStatus.OFFERED)


class RegistrationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def holding_place(self):
        return self.filter(status__in=PLACE_STATUSES)

    def waiting_list(self):
        """The waiting list, first come first served."""
        return self.filter(status=RegistrationStatus.WAITING).order_by("listed_at", "pk")


class Registration(models.Model):
    meeting = models.ForeignKey(
        "network.Meeting",
        verbose_name=_("bijeenkomst"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    kind = models.CharField(_("als"), max_length=12, choices=RegistrantKind.choices)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.UNCONFIRMED,
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("functie"), max_length=200, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    organisation = models.ForeignKey(
        "network.PartnerOrganisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="meeting_registrations",
    )
    dietary_needs = models.TextField(_("voedingswensen"), blank=True)
    accessibility_needs = models.TextField(_("noden rond toegankelijkheid"), blank=True)
    # The random key behind this registration's mailed links (solidair.lib.tokens); cleared when
    # the registration ends, so that its links stop working.
    key = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(_("ingeschreven op"))
    # The registrant's language on the site: confirmations, offers and reminders are in it.
    language = language_field()
    listed_at = models.DateTimeField(_("op de wachtlijst sinds"), null=True, blank=True)
    offered_at = models.DateTimeField(_("plaats aangeboden op"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("plaats bevestigd op"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    history = HistoricalRecords()

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "created_at", "pk"]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "email"],
                condition=models.Q(status__in=OPEN_STATUSES),
                name="one_open_registration_per_address",
                violation_error_message=_("Dit e-mailadres is al ingeschreven."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def affiliation(self) -> str:
        """The municipality or organisation, as shown in lists and the CSV export."""
        if self.municipality_id:
            return self.municipality.name
        if self.organisation_id:
            return self.organisation.name
        return ""
