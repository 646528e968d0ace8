import datetime

import phonenumbers
from django.db import models
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from solidair.lib.geometry import distance_km
from solidair.lib.i18n import language_base


class Region(models.TextChoices):
    FLANDERS = "flanders", _("Vlaams Gewest")
    BRUSSELS = "brussels", _("Brussels Hoofdstedelijk Gewest")
    WALLONIA = "wallonia", _("Waals Gewest")


def _localised(nl: str, fr: str) -> str:
    """The name in the active language: French in French, Dutch otherwise (also in English)."""
    return fr if language_base() == "fr" and fr else nl


def name_order(prefix: str = "") -> models.Expression:
    """Order by the name as shown in the active language (``prefix`` e.g. "municipality__")."""
    if language_base() == "fr":
        return Coalesce(NullIf(f"{prefix}name_fr", models.Value("")), f"{prefix}name_nl").asc()
    return models.F(f"{prefix}name_nl").asc()


class Province(models.Model):
    refnis = models.CharField(_("REFNIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    slug = models.SlugField(unique=True)
    region = models.CharField(_("gewest"), max_length=10, choices=Region.choices)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _localised(self.name_nl, self.name_fr)


class ContactOrigin(models.TextChoices):
    """Where a municipality's general contact or its council's address comes from."""

    ORGANISATIEPORTAAL = "organisatieportaal", _("Organisatieportaal (Vlaamse overheid)")
    NETWORK = "network", _("nagekeken door het netwerk")


# The official file the general contacts come from (solidair/municipalities/data/README.md).
ORGANISATIEPORTAAL_SOURCE = "Organisatieportaal van het Agentschap Binnenland Bestuur"


def phone_display(number: str) -> str:
    """A phone number as Belgians write it ("+3238701611" → "03 870 16 11"); a short number
    (Kortrijk's 1777) or anything phonenumbers cannot read stays as it is."""
    try:
        parsed = phonenumbers.parse(number, "BE")
    except phonenumbers.NumberParseException:
        return number
    if not phonenumbers.is_valid_number(parsed):
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


# Statbel's population figures are those of this day (data/population-2025.csv).
POPULATION_DATE = datetime.date(2025, 1, 1)


class MunicipalityQuerySet(models.QuerySet):
    def flemish(self):
        return self.filter(region=Region.FLANDERS)


class Municipality(models.Model):
    refnis = models.CharField(_("REFNIS-code"), max_length=5, unique=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    province = models.ForeignKey(
        Province,
        verbose_name=_("provincie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="municipalities",
    )
    region = models.CharField(_("gewest"), max_length=10, choices=Region.choices)
    is_city = models.BooleanField(
        _("draagt de titel stad"),
        default=False,
        help_text=_("Bepaalt of brieven 'Stad' of 'Gemeente' schrijven."),
    )
    # The general contact (reference data: the Organisatieportaal, or corrected by the network).
    website = models.URLField(_("website"), blank=True)
    phone = models.CharField(
        _("algemeen telefoonnummer"),
        max_length=20,
        blank=True,
        help_text=_("Bij voorkeur internationaal geschreven, bv. +3238701611."),
    )
    contact_origin = models.CharField(
        _("bron van de contactgegevens"), max_length=20, choices=ContactOrigin.choices, blank=True
    )
    contact_verified_on = models.DateField(_("contactgegevens nagekeken op"), null=True, blank=True)
    # Reference data (data/README.md): Statbel's population on POPULATION_DATE, the centre of the
    # municipality's area and the municipalities it shares a border with (in Flanders and Brussels).
    population = models.PositiveIntegerField(_("inwoners"), null=True, blank=True)
    latitude = models.FloatField(_("breedtegraad van het middelpunt"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad van het middelpunt"), null=True, blank=True)
    neighbours = models.ManyToManyField("self", verbose_name=_("buurgemeenten"), blank=True)
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("municipalities:detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return _localised(self.name_nl, self.name_fr)

    @property
    def other_name(self) -> str:
        """The name in the other language (Dutch for a French reader, else French)."""
        return self.name_nl if language_base() == "fr" else (self.name_fr or self.name_nl)

    @property
    def other_name_lang(self) -> str:
        return "nl" if language_base() == "fr" else "fr"

    @property
    def is_flemish(self) -> bool:
        return self.region == Region.FLANDERS

    @property
    def kind_label(self) -> str:
        return _("Stad") if self.is_city else _("Gemeente")

    @property
    def phone_display(self) -> str:
        return phone_display(self.phone)

    @property
    def phone_uri(self) -> str:
        return "tel:" + self.phone.replace(" ", "")

    def distance_km(self, other: "Municipality") -> float | None:
        """Kilometres between the two centres (as the crow flies); None when one is unknown."""
        if None in (self.latitude, self.longitude, other.latitude, other.longitude):
            return None
        return distance_km((self.latitude, self.longitude), (other.latitude, other.longitude))

    @property
    def contact_source_phrase(self) -> str:
        """Where the website and phone come from, in the active language."""
        if self.contact_origin == ContactOrigin.ORGANISATIEPORTAAL:
            source = gettext("Organisatieportaal van de Vlaamse overheid")
        elif self.contact_origin == ContactOrigin.NETWORK:
            source = gettext("nagekeken door het netwerk")
        else:
            return ""
        if self.contact_verified_on is None:
            return source
        return f"{source}, {date_format(self.contact_verified_on, 'F Y')}"


class FormerMunicipality(models.Model):
    """A municipality that ceased to exist in a merger (1 January 2025)."""

    refnis = models.CharField(_("REFNIS-code"), max_length=5, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    slug = models.SlugField(max_length=100)
    merged_into = models.ForeignKey(
        Municipality,
        verbose_name=_("opgegaan in"),
        on_delete=models.PROTECT,
        related_name="former_municipalities",
    )
    merged_on = models.DateField(_("fusiedatum"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("voormalige gemeente")
        verbose_name_plural = _("voormalige gemeenten")

    def __str__(self) -> str:
        return self.name

    @property
    def kept_its_name(self) -> bool:
        """Tielt, Lokeren, Hasselt...: the merged municipality carries the old name."""
        return self.slug == self.merged_into.slug


class PostalCode(models.Model):
    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="postal_codes"
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "municipality"], name="unique_postal_code")
        ]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")

    def __str__(self) -> str:
        return f"{self.code} {self.municipality}"


class Locality(models.Model):
    """A place with its own postal name (deelgemeente, district, village): Deurne, 2100,
    belongs to Antwerpen. Residents know it better than the merged municipality's name."""

    postal_code = models.CharField(_("postcode"), max_length=4, db_index=True)
    name_nl = models.CharField(_("naam (Nederlands)"), max_length=100)
    name_fr = models.CharField(_("naam (Frans)"), max_length=100, blank=True)
    slug = models.SlugField(max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        related_name="localities",
    )

    class Meta:
        ordering = ["name_nl", "postal_code"]
        constraints = [
            models.UniqueConstraint(fields=["postal_code", "name_nl"], name="unique_locality")
        ]
        verbose_name = _("deelgemeente")
        verbose_name_plural = _("deelgemeenten")

    def __str__(self) -> str:
        return f"{self.postal_code} {self.name}"

    @property
    def name(self) -> str:
        return _localised(self.name_nl, self.name_fr)
