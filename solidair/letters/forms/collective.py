"""Forms of collective letters: start one, co-sign one (solidair.letters.delivery.collective)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.letters.delivery.collective import CollectiveInput, SignatureInput
from solidair.letters.forms.common import (
    LetterForm,
    SilentHumanCheckMixin,
    email_field,
    name_field,
    one_line,
    postal_code_field,
    printable,
)
from solidair.municipalities.models import Municipality

POSTAL_CODE = re.compile(r"^\d{4}$")


def sixteen_or_older_field() -> forms.BooleanField:
    return forms.BooleanField(label=_("Ik ben 16 jaar of ouder"), required=False)


def show_name_field(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=label,
        required=False,
        help_text=_("Het bestuur krijgt de namen van alle ondertekenaars, nooit hun e-mailadres."),
    )


class ResidentOfMixin:
    """Checks the postal code against the municipality's (reference data, incl. merged ones)."""

    municipality: Municipality

    def clean_postcode(self):
        code = self.cleaned_data["postcode"].strip()
        if not POSTAL_CODE.match(code):
            raise ValidationError(_("Vul een postcode van vier cijfers in."), code="format")
        if not self.municipality.postal_codes.filter(code=code).exists():
            raise ValidationError(
                _("%(code)s is geen postcode van %(name)s.")
                % {"code": code, "name": self.municipality.name},
                code="elsewhere",
            )
        return code


class CollectiveStartForm(SilentHumanCheckMixin, ResidentOfMixin, LetterForm):
    naam = name_field(help_text=_("Zo onderteken je de brief als eerste."))
    email = email_field(
        help_text=_(
            "Je krijgt een link om te bevestigen. Het bestuur kan je antwoorden: je adres staat "
            "als antwoordadres in de e-mail aan het bestuur, niet in de brief."
        )
    )
    postcode = postal_code_field()
    gezamenlijke_alinea = forms.CharField(
        label=_("Een gezamenlijke alinea (niet verplicht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Waarom vragen jullie dit samen? Hoogstens 2000 tekens. Een tekst met een link of "
            "van meer dan 1200 tekens bekijkt de coördinatie eerst."
        ),
    )
    verzoekschrift = forms.BooleanField(
        label=_("Het is een verzoekschrift aan de gemeenteraad"),
        required=False,
        help_text=_(
            "Bij een verzoekschrift verklaren alle ondertekenaars dat ze 16 jaar of ouder zijn. "
            "Kijk in het reglement van je gemeente hoeveel handtekeningen nodig zijn."
        ),
    )
    zestien_plus = sixteen_or_older_field()
    naam_tonen = show_name_field(_("Mijn naam mag op de pagina van de brief staan"))

    field_order = (
        "naam",
        "email",
        "postcode",
        "bestuur",
        "gezamenlijke_alinea",
        "keuze_1",
        "keuze_2",
        "keuze_3",
    )

    def __init__(self, *args, municipality: Municipality, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        self.add_started_field()

    def clean_naam(self):
        return one_line(self.cleaned_data["naam"])

    def clean_gezamenlijke_alinea(self):
        return printable(self.cleaned_data["gezamenlijke_alinea"]).strip()

    def clean(self):
        cleaned = super().clean()  # the honeypot, the time taken, the choices
        if cleaned.get("verzoekschrift") and not cleaned.get("zestien_plus"):
            self.add_error(
                "zestien_plus",
                _("Een verzoekschrift kan je enkel indienen als je 16 jaar of ouder bent."),
            )
        if "naam" in cleaned and not cleaned["naam"]:
            self.add_error("naam", _("Vul je naam in."))
        return cleaned

    def details(self) -> CollectiveInput:
        data = self.cleaned_data
        return CollectiveInput(
            name=data["naam"],
            email=data["email"],
            postal_code=data["postcode"],
            is_city=self.is_city(),
            personal_paragraph=data["gezamenlijke_alinea"],
            preferences=self.preferences(),
            is_petition=data["verzoekschrift"],
            show_name=data["naam_tonen"],
        )


class SignForm(SilentHumanCheckMixin, ResidentOfMixin, forms.Form):
    naam = name_field()
    email = email_field(help_text=_("Je krijgt een link om je handtekening te bevestigen."))
    postcode = postal_code_field()
    woont_hier = forms.BooleanField(label="", required=True)
    zestien_plus = sixteen_or_older_field()
    naam_tonen = show_name_field(_("Mijn naam mag op deze pagina staan"))

    def __init__(self, *args, municipality: Municipality, is_petition: bool, **kwargs):
        self.municipality = municipality
        self.is_petition = is_petition
        super().__init__(*args, **kwargs)
        self.add_started_field()
        self.fields["woont_hier"].label = _("Ik woon in %(name)s") % {"name": municipality.name}
        self.fields["woont_hier"].error_messages["required"] = _(
            "Enkel inwoners van %(name)s kunnen deze brief ondertekenen."
        ) % {"name": municipality.name}
        if not is_petition:
            del self.fields["zestien_plus"]

    def clean_naam(self):
        name = one_line(self.cleaned_data["naam"])
        if not name:
            raise ValidationError(_("Vul je naam in."), code="required")
        return name

    def clean_zestien_plus(self):
        if not self.cleaned_data["zestien_plus"]:
            raise ValidationError(
                _("Een verzoekschrift kunnen enkel mensen van 16 jaar of ouder ondertekenen."),
                code="age",
            )
        return True

    def details(self) -> SignatureInput:
        data = self.cleaned_data
        return SignatureInput(
            name=data["naam"],
            email=data["email"],
            postal_code=data["postcode"],
            lives_in_municipality=data["woont_hier"],
            is_16_or_older=data.get("zestien_plus") if self.is_petition else None,
            show_name=data["naam_tonen"],
        )
