"""Forms of collective letters and of the follow-up (solidair.letters.delivery.collective,
.followup)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.letters.delivery.collective import CollectiveInput, SignatureInput
from solidair.letters.delivery.followup import ResponseInput
from solidair.letters.forms import _printable, form_started_check, form_started_value
from solidair.letters.models import ResponseKind
from solidair.lib.honeypot import HoneypotMixin
from solidair.membership.models import Activity
from solidair.municipalities.models import Municipality

POSTAL_CODE = re.compile(r"^\d{4}$")


class HumanCheckMixin(HoneypotMixin):
    """The honeypot (solidair.lib.honeypot), silent: a form with it filled is answered as if it
    worked, and does nothing (the views ask ``is_bot()``). And a minimum time between showing
    the form and sending it (``begonnen``, signed; see
    ``solidair.letters.forms.form_started_check``)."""

    honeypot_silent = True

    def add_started_field(self) -> None:
        self.fields["begonnen"] = forms.CharField(
            required=False, max_length=200, widget=forms.HiddenInput
        )
        if not self.is_bound:
            self.initial.setdefault("begonnen", form_started_value())

    def clean(self):
        cleaned = super().clean()
        try:
            form_started_check(self.data.get("begonnen") or "")
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


def _name(value: str) -> str:
    return " ".join(_printable(value).split())


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


class CollectiveStartForm(HumanCheckMixin, ResidentOfMixin, forms.Form):
    naam = forms.CharField(
        label=_("Je naam"),
        max_length=100,
        help_text=_("Zo onderteken je de brief als eerste."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_(
            "Je krijgt een link om te bevestigen. Het bestuur kan je antwoorden: je adres staat "
            "als antwoordadres in de e-mail aan het bestuur, niet in de brief."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postcode = forms.CharField(
        label=_("Je postcode"),
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    bestuur = forms.ChoiceField(
        label=_("Is het een stad of een gemeente?"),
        choices=[("gemeente", _("Gemeente")), ("stad", _("Stad"))],
        widget=forms.RadioSelect,
        help_text=_("We vulden in wat we weten; pas het aan als het niet klopt."),
    )
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
    keuze_1 = forms.ChoiceField(label=_("Eerste keuze"), required=False)
    keuze_2 = forms.ChoiceField(label=_("Tweede keuze"), required=False)
    keuze_3 = forms.ChoiceField(label=_("Derde keuze"), required=False)
    verzoekschrift = forms.BooleanField(
        label=_("Het is een verzoekschrift aan de gemeenteraad"),
        required=False,
        help_text=_(
            "Bij een verzoekschrift verklaren alle ondertekenaars dat ze 16 jaar of ouder zijn. "
            "Kijk in het reglement van je gemeente hoeveel handtekeningen nodig zijn."
        ),
    )
    zestien_plus = forms.BooleanField(label=_("Ik ben 16 jaar of ouder"), required=False)
    naam_tonen = forms.BooleanField(
        label=_("Mijn naam mag op de pagina van de brief staan"),
        required=False,
        help_text=_("Het bestuur krijgt de namen van alle ondertekenaars, nooit hun e-mailadres."),
    )

    PREFERENCE_FIELDS = ("keuze_1", "keuze_2", "keuze_3")

    def __init__(self, *args, municipality: Municipality, **kwargs):
        self.municipality = municipality
        super().__init__(*args, **kwargs)
        self.add_started_field()
        choices = [("", _("— geen voorkeur —"))] + [
            (a.code, a.label) for a in Activity.objects.exclude(code=Activity.OTHER)
        ]
        for name in self.PREFERENCE_FIELDS:
            self.fields[name].choices = choices

    def clean_naam(self):
        return _name(self.cleaned_data["naam"])

    def clean_gezamenlijke_alinea(self):
        return _printable(self.cleaned_data["gezamenlijke_alinea"]).strip()

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in self.PREFERENCE_FIELDS if cleaned.get(name)]
        if len(chosen) != len(set(chosen)):
            self.add_error("keuze_2", _("Kies elk engagement maar één keer."))
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
            is_city=data["bestuur"] == "stad",
            personal_paragraph=data["gezamenlijke_alinea"],
            preferences=tuple(
                dict.fromkeys(data[name] for name in self.PREFERENCE_FIELDS if data.get(name))
            ),
            is_petition=data["verzoekschrift"],
            show_name=data["naam_tonen"],
        )


class SignForm(HumanCheckMixin, ResidentOfMixin, forms.Form):
    naam = forms.CharField(
        label=_("Je naam"),
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("Je krijgt een link om je handtekening te bevestigen."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postcode = forms.CharField(
        label=_("Je postcode"),
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    woont_hier = forms.BooleanField(label="", required=True)
    zestien_plus = forms.BooleanField(label=_("Ik ben 16 jaar of ouder"), required=False)
    naam_tonen = forms.BooleanField(
        label=_("Mijn naam mag op deze pagina staan"),
        required=False,
        help_text=_("Het bestuur krijgt de namen van alle ondertekenaars, nooit hun e-mailadres."),
    )

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
        name = _name(self.cleaned_data["naam"])
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


class ResponseForm(forms.Form):
    """What the council said, after a *ja*."""

    wat = forms.ChoiceField(
        label=_("Wat antwoordde het bestuur?"),
        choices=ResponseKind.choices,
        widget=forms.RadioSelect,
    )
    toelichting = forms.CharField(
        label=_("Toelichting (niet verplicht)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Bijvoorbeeld wanneer de gemeenteraad erover beslist. Vermeld geen namen: de "
            "coördinatie bekijkt de tekst voor hij op de pagina van de gemeente komt."
        ),
    )
    link = forms.URLField(
        label=_("Link naar het antwoord of de beslissing (niet verplicht)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    def clean_toelichting(self):
        return _printable(self.cleaned_data["toelichting"]).strip()

    def response(self) -> ResponseInput:
        data = self.cleaned_data
        return ResponseInput(kind=data["wat"], text=data["toelichting"], url=data["link"])
