"""What delivering a letter stores: the councils' addresses and residents' suggestions of one,
the letters (individual and collective) with their co-signatures, and what councils answered."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.letters.models.composing import LetterKind
from solidair.lib.i18n import language_field
from solidair.municipalities.models import ContactOrigin, Municipality, Region


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class CouncilAddressQuerySet(models.QuerySet):
    def stale(self, today: datetime.date | None = None):
        """Addresses nobody has checked for more than a year."""
        return self.filter(last_verified__lt=one_year_before(today or timezone.localdate()))

    def failing(self):
        """Addresses whose mail server refused a letter for good, not fixed yet."""
        return self.filter(failing_since__isnull=False)


class CouncilAddress(models.Model):
    """Where a municipality's council (the college van burgemeester en schepenen)
    receives mail: one address per Flemish municipality, with where it was found."""

    municipality = models.OneToOneField(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="council_address",
        limit_choices_to={"region": Region.FLANDERS},
    )
    email = models.EmailField(_("e-mailadres van het college"))
    source = models.CharField(
        _("bron"),
        max_length=500,
        help_text=_("Waar het adres gevonden werd: een link, of bv. 'telefonisch bevestigd'."),
    )
    last_verified = models.DateField(_("laatst nagekeken op"))
    origin = models.CharField(
        _("herkomst"),
        max_length=20,
        choices=ContactOrigin.choices,
        default=ContactOrigin.NETWORK,
        help_text=_(
            "Adressen uit het Organisatieportaal worden bijgewerkt wanneer er een nieuwere versie "
            "van dat bestand geladen wordt; wat het netwerk nakeek of aanpaste, nooit."
        ),
    )
    # The council's mail server refused a letter permanently (5xx, or a bounce): letters wait.
    failing_since = models.DateTimeField(_("werkt niet sinds"), null=True, blank=True)
    failure_reason = models.CharField(_("waarom het niet werkt"), max_length=500, blank=True)
    queue_held = models.BooleanField(
        _("wachtrij tegengehouden"),
        default=False,
        help_text=_(
            "Bevestigde brieven aan dit bestuur blijven wachten tot de wachtrij weer vrij is."
        ),
    )
    queue_note = models.CharField(_("waarom tegengehouden"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("laatst gewijzigd op"), auto_now=True)
    history = HistoricalRecords()

    objects = CouncilAddressQuerySet.as_manager()

    class Meta:
        ordering = ["municipality__name_nl"]
        verbose_name = _("adres van het college")
        verbose_name_plural = _("adressen van de colleges")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.email}"

    def clean(self) -> None:
        super().clean()
        validate_flemish(self)

    @property
    def is_failing(self) -> bool:
        return self.failing_since is not None

    @property
    def letters_may_go(self) -> bool:
        """Letters wait while a coordinator holds the queue or the address does not work."""
        return not self.queue_held and self.failing_since is None

    @property
    def source_phrase(self) -> str:
        """Where the address comes from, for residents, in the active language:
        "adres uit het Organisatieportaal, december 2023"."""
        month = date_format(self.last_verified, "F Y")
        if self.origin == ContactOrigin.ORGANISATIEPORTAAL:
            return gettext("adres uit het Organisatieportaal, %(month)s") % {"month": month}
        return gettext("adres nagekeken door het netwerk, %(month)s") % {"month": month}


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("te bekijken")
    ACCEPTED = "accepted", _("aanvaard")
    REJECTED = "rejected", _("afgewezen")


class CouncilAddressSuggestion(models.Model):
    """An address a resident proposes for a council whose address is not known;
    a coordinator checks it before it is used (solidair.letters.delivery.addresses)."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="council_address_suggestions",
        limit_choices_to={"region": Region.FLANDERS},
    )
    email = models.EmailField(_("voorgesteld e-mailadres"))
    note = models.CharField(
        _("toelichting"),
        max_length=500,
        blank=True,
        help_text=_("Bv. waar de inwoner het adres vond."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SuggestionStatus.choices,
        default=SuggestionStatus.PENDING,
    )
    created_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    reviewed_at = models.DateTimeField(_("nagekeken op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nagekeken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("voorstel van een adres")
        verbose_name_plural = _("voorstellen van adressen")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.email} ({self.get_status_display()})"

    def clean(self) -> None:
        super().clean()
        validate_flemish(self)


def validate_flemish(obj: CouncilAddress | CouncilAddressSuggestion) -> None:
    """The network is Flemish: only Flemish councils get its letters."""
    if obj.municipality_id is not None and not obj.municipality.is_flemish:
        raise ValidationError(
            {
                "municipality": _("%(name)s is geen Vlaamse gemeente.")
                % {"name": obj.municipality.name_nl}
            }
        )


# --- Letters that reach the council (sent by e-mail, alone or together) ---------------------
#
# Personal data (names, addresses, phone numbers, the resident's own text) lives only in the
# columns listed in each model's PERSONAL_FIELDS, and in the outbox mails listed in ``mails``.
# None of these models keeps simple-history rows: erasure (``erased_at``) blanks those columns
# and deletes those mails, and nothing else holds a copy. What stays is anonymous: the
# municipality, the dates, the kind and status, the follow-up's answer.


class LetterStatus(models.TextChoices):
    UNCONFIRMED = "unconfirmed", _("wacht op bevestiging")
    OPEN = "open", _("open voor ondertekening")  # collective letters only
    HELD = "held", _("wacht op nazicht")
    WAITING = "waiting", _("klaar, wacht op verzending")
    SENT = "sent", _("verstuurd")
    REJECTED = "rejected", _("niet verstuurd")


class FollowUpAnswer(models.TextChoices):
    YES = "yes", _("ja, het bestuur antwoordde")
    NOT_YET = "not_yet", _("nog niet")
    NO = "no", _("nee")


class CouncilLetter(models.Model):
    """What an individual and a collective letter have in common: where it goes, how far it
    is, the follow-up questions, erasure."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        limit_choices_to={"region": Region.FLANDERS},
    )
    kind = models.CharField(_("soort brief"), max_length=10, choices=LetterKind.choices)
    template_version = models.PositiveIntegerField(_("sjabloonversie"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=LetterStatus.choices,
        default=LetterStatus.UNCONFIRMED,
        db_index=True,
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    held_reason = models.CharField(_("reden van nazicht"), max_length=200, blank=True)
    reviewed_at = models.DateTimeField(_("nagekeken op"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nagekeken door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The council's queue: a confirmed letter waits until this moment (daily cap, office hours).
    scheduled_for = models.DateTimeField(_("te versturen vanaf"), null=True, blank=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True, db_index=True)
    council_email = models.EmailField(_("verstuurd naar"), blank=True)
    # The council's mail server refused it (solidair.letters.delivery.bounces): it waits again.
    bounced_at = models.DateTimeField(_("teruggekomen op"), null=True, blank=True)
    council_mail = models.ForeignKey(
        "post_office.Email",
        verbose_name=_("e-mail aan het bestuur"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # Every outbox mail that names the resident(s): deleted on erasure.
    mails = models.ManyToManyField("post_office.Email", blank=True, related_name="+")
    # Signed links (solidair.lib.tokens): cleared when used, or on erasure.
    confirm_key = models.CharField(max_length=64, blank=True, db_index=True)
    manage_key = models.CharField(max_length=64, blank=True, db_index=True)
    followup_key = models.CharField(max_length=64, blank=True, db_index=True)
    # Follow-up: asked 14 days after sending; "not yet" asks again 14 days later, at most twice.
    followup_asked = models.PositiveSmallIntegerField(_("opvolgvragen verstuurd"), default=0)
    followup_due_at = models.DateTimeField(_("volgende opvolgvraag op"), null=True, blank=True)
    followup_answer = models.CharField(
        _("antwoord op de opvolgvraag"), max_length=10, choices=FollowUpAnswer.choices, blank=True
    )
    followup_closed_at = models.DateTimeField(_("opvolging afgesloten op"), null=True, blank=True)
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True)
    # The writer's language on the site: the mails to them (not the letter) are in it.
    language = language_field()

    class Meta:
        abstract = True


class ResidentLetter(CouncilLetter):
    """A resident's own letter, sent by e-mail to the council once the resident confirmed."""

    PERSONAL_FIELDS = ("name", "email", "phone", "personal_paragraph", "email_digest")

    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    is_city = models.BooleanField(_("stad"), null=True, blank=True)
    personal_paragraph = models.TextField(_("eigen alinea"), blank=True)
    preferences = models.JSONField(_("voorkeuren"), default=list, blank=True)
    cc_resident = models.BooleanField(_("kopie naar de inwoner"), default=True)
    email_digest = models.CharField(max_length=64, blank=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("brief per e-mail")
        verbose_name_plural = _("brieven per e-mail")

    def __str__(self) -> str:
        return f"{self.municipality} — {self.get_status_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def writer_email(self) -> str:
        """The address of the person who wrote it (blank once erased)."""
        return self.email


class CollectiveLetter(CouncilLetter):
    """A letter that residents of one municipality sign together (``/brief/samen/<share_key>/``).

    The initiator writes it and confirms their address; others co-sign (``CoSignature``);
    the initiator sends it when ready, with the list of confirmed signatories.
    """

    PERSONAL_FIELDS = (
        "initiator_name",
        "initiator_email",
        "initiator_postal_code",
        "personal_paragraph",
        "email_digest",
    )

    share_key = models.CharField(max_length=64, unique=True)
    initiator_name = models.CharField(_("naam van de initiatiefnemer"), max_length=100, blank=True)
    initiator_email = models.EmailField(_("e-mailadres van de initiatiefnemer"), blank=True)
    initiator_postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    show_initiator_name = models.BooleanField(_("naam van de initiatiefnemer tonen"), default=False)
    is_city = models.BooleanField(_("stad"), null=True, blank=True)
    personal_paragraph = models.TextField(_("gezamenlijke alinea"), blank=True)
    preferences = models.JSONField(_("voorkeuren"), default=list, blank=True)
    is_petition = models.BooleanField(
        _("verzoekschrift"),
        default=False,
        help_text=_("Een verzoekschrift aan de gemeenteraad: ondertekenaars zijn 16 of ouder."),
    )
    email_digest = models.CharField(max_length=64, blank=True, db_index=True)
    # Anonymous, kept after erasure: the initiator and the confirmed co-signatories when sent.
    signatory_count = models.PositiveIntegerField(_("aantal ondertekenaars"), default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("gezamenlijke brief")
        verbose_name_plural = _("gezamenlijke brieven")

    def __str__(self) -> str:
        return f"{self.municipality} — {self.get_status_display()} ({self.created_at:%Y-%m-%d})"

    @property
    def writer_email(self) -> str:
        """The address of the person who wrote it, the initiator (blank once erased)."""
        return self.initiator_email


# The kinds of letter that go to a council.
LETTER_MODELS = (ResidentLetter, CollectiveLetter)


class CoSignature(models.Model):
    """One resident who co-signs a collective letter; counts once confirmed by e-mail."""

    PERSONAL_FIELDS = ("name", "email", "postal_code", "email_digest")

    letter = models.ForeignKey(
        CollectiveLetter,
        verbose_name=_("gezamenlijke brief"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    name = models.CharField(_("naam"), max_length=100, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    postal_code = models.CharField(_("postcode"), max_length=4, blank=True)
    lives_in_municipality = models.BooleanField(_("woont in de gemeente"), default=False)
    is_16_or_older = models.BooleanField(_("16 jaar of ouder"), null=True, blank=True)
    show_name = models.BooleanField(_("naam tonen op de pagina"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    confirm_key = models.CharField(max_length=64, blank=True, db_index=True)
    manage_key = models.CharField(max_length=64, blank=True, db_index=True)
    email_digest = models.CharField(max_length=64, blank=True, db_index=True)
    mails = models.ManyToManyField("post_office.Email", blank=True, related_name="+")
    erased_at = models.DateTimeField(_("persoonsgegevens gewist op"), null=True, blank=True)
    language = language_field()

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("medeondertekening")
        verbose_name_plural = _("medeondertekeningen")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "email_digest"],
                condition=~Q(email_digest=""),
                name="one_signature_per_address",
                violation_error_message=_("Dit e-mailadres ondertekende deze brief al."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter} — #{self.pk}"


class ResponseKind(models.TextChoices):
    AGENDA = "agenda", _("zet het lidmaatschap op de agenda")
    JOINED = "joined", _("trad toe tot het netwerk")
    DECLINED = "declined", _("wees het af")
    OTHER = "other", _("iets anders")


class ResponseSource(models.TextChoices):
    RESIDENT = "resident", _("gemeld door een inwoner")
    COORDINATOR = "coordinator", _("vastgesteld door de coördinatie")


class CouncilResponse(models.Model):
    """What a council answered or decided, for the public campaign timeline.

    A resident's report (from the follow-up) is shown as "gemeld door een inwoner" until a
    coordinator confirms it. It holds no personal data: the text is checked before it is shown.
    """

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="council_responses",
    )
    kind = models.CharField(_("wat het bestuur deed"), max_length=10, choices=ResponseKind.choices)
    text = models.CharField(_("toelichting"), max_length=1000, blank=True)
    url = models.URLField(_("link"), max_length=500, blank=True)
    reported_on = models.DateField(_("gemeld op"))
    source = models.CharField(
        _("bron"), max_length=12, choices=ResponseSource.choices, default=ResponseSource.RESIDENT
    )
    published = models.BooleanField(
        _("getoond"), default=True, help_text=_("Uitvinken om een melding te verbergen.")
    )
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("bevestigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("antwoord van een bestuur")
        verbose_name_plural = _("antwoorden van besturen")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.get_kind_display()} ({self.reported_on})"


class Campaign(Municipality):
    """A municipality seen as a campaign: the back-office's summary of the letters residents
    sent to its council and what it answered (solidair.letters.admin.campaigns.CampaignAdmin)."""

    class Meta:
        proxy = True
        verbose_name = _("campagne per gemeente")
        verbose_name_plural = _("campagnes per gemeente")
