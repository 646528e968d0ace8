"""The resident's details for their letter: the page that composes it, its preview, downloads
and sending all post them (nothing is stored until the resident sends it)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.letters.composing.services import ResidentInput
from solidair.letters.forms.common import LetterForm, email_field, name_field, one_line, printable

PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,28}$")


class ResidentLetterForm(LetterForm):
    naam = name_field(help_text=_("Zo onderteken je de brief."))
    email = email_field(help_text=_("Het bestuur kan je hierop antwoorden. We bewaren het niet."))
    telefoon = forms.CharField(
        label=_("Je telefoonnummer (niet verplicht)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    persoonlijke_alinea = forms.CharField(
        label=_("Een eigen alinea (niet verplicht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vertel waarom dit voor jou belangrijk is. Hoogstens 2000 tekens."),
    )

    field_order = ("naam", "email", "telefoon", "bestuur", "persoonlijke_alinea")

    def clean_naam(self):
        return one_line(self.cleaned_data["naam"])

    def clean_telefoon(self):
        phone = " ".join(self.cleaned_data["telefoon"].split())
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Vul een telefoonnummer in met cijfers, bijvoorbeeld 0470 12 34 56."),
                code="phone",
            )
        return phone

    def clean_persoonlijke_alinea(self):
        return printable(self.cleaned_data["persoonlijke_alinea"]).strip()

    def resident(self) -> ResidentInput:
        data = self.cleaned_data
        return ResidentInput(
            name=data["naam"],
            email=data["email"],
            phone=data["telefoon"],
            is_city=self.is_city(),
            personal_paragraph=data["persoonlijke_alinea"],
            preferences=self.preferences(),
        )
