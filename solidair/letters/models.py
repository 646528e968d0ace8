import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.letters import templating
from solidair.municipalities.models import Municipality, Region


class LetterKind(models.TextChoices):
    JOIN = "join", _("vraag om toe te treden")
    MEMBER = "member", _("dank aan een lid, vraag om meer")


class LetterTemplateQuerySet(models.QuerySet):
    def current(self, kind: str) -> "LetterTemplate":
        """The newest published version of a kind."""
        return self.filter(kind=kind, published=True).latest("version")


class LetterTemplate(models.Model):
    """One version of a letter's text. Versions are never changed once saved:
    editing in the back-office saves a new version."""

    kind = models.CharField(_("soort brief"), max_length=10, choices=LetterKind.choices)
    version = models.PositiveIntegerField(_("versie"), editable=False)
    salutation = models.CharField(_("aanhef"), max_length=200)
    body = models.TextField(
        _("tekst"),
        help_text=_(
            "Lege regel = nieuwe alinea; '## ' = tussentitel; '- ' = opsomming; ^[...] = "
            "voetnoot; velden tussen accolades, bv. {gemeente}. Zie de lijst van velden hieronder."
        ),
    )
    closing = models.CharField(_("slotformule"), max_length=200)
    published = models.BooleanField(
        _("in gebruik"), default=True, help_text=_("De nieuwste versie in gebruik wordt verstuurd.")
    )
    change_note = models.CharField(_("wat is er veranderd?"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LetterTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-version"]
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="unique_template_version")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — v{self.version}"

    def clean(self) -> None:
        super().clean()
        errors = {}
        for name, allow_blocks in (("salutation", False), ("body", True), ("closing", False)):
            try:
                templating.validate(getattr(self, name), allow_blocks=allow_blocks)
            except templating.TemplateError as error:
                errors[name] = error.messages
        if errors:
            raise ValidationError(errors)

    def next_version(self) -> int:
        latest = LetterTemplate.objects.filter(kind=self.kind).aggregate(v=Max("version"))["v"]
        return (latest or 0) + 1


class LetterCount(models.Model):
    """Anonymous: how many letters were composed per municipality, day and kind."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="letter_counts"
    )
    day = models.DateField(_("dag"))
    kind = models.CharField(_("soort brief"), max_length=10, choices=LetterKind.choices)
    template_version = models.PositiveIntegerField(_("sjabloonversie"))
    count = models.PositiveIntegerField(_("aantal"), default=0)

    class Meta:
        ordering = ["-day", "municipality__name_nl"]
        verbose_name = _("aantal brieven")
        verbose_name_plural = _("aantallen brieven")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "day", "kind", "template_version"],
                name="one_letter_count_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.municipality} {self.day}: {self.count}"


def one_year_before(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


class CouncilAddressQuerySet(models.QuerySet):
    def stale(self, today: datetime.date | None = None):
        """Addresses nobody has checked for more than a year."""
        return self.filter(last_verified__lt=one_year_before(today or timezone.localdate()))


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


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", _("te bekijken")
    ACCEPTED = "accepted", _("aanvaard")
    REJECTED = "rejected", _("afgewezen")


class CouncilAddressSuggestion(models.Model):
    """An address a resident proposes for a council whose address is not known;
    a coordinator checks it before it is used (solidair.letters.addresses)."""

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
