import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.letters.services import ResidentInput
from solidair.membership.models import Activity

PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,28}$")


def _printable(value: str) -> str:
    """Refuse control characters (other than line breaks): they cannot go in a letter."""
    for character in value:
        if character in "\n\r\t":
            continue
        if unicodedata.category(character) in ("Cc", "Cs", "Co", "Cn"):
            raise ValidationError(
                _("Deze tekst bevat tekens die niet in een brief kunnen staan."), code="control"
            )
    return value


class ResidentLetterForm(forms.Form):
    naam = forms.CharField(
        label=_("Je naam"),
        max_length=100,
        help_text=_("Zo onderteken je de brief."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("Het bestuur kan je hierop antwoorden. We bewaren het niet."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    telefoon = forms.CharField(
        label=_("Je telefoonnummer (niet verplicht)"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    bestuur = forms.ChoiceField(
        label=_("Is het een stad of een gemeente?"),
        choices=[("gemeente", _("Gemeente")), ("stad", _("Stad"))],
        widget=forms.RadioSelect,
        help_text=_("We vulden in wat we weten; pas het aan als het niet klopt."),
    )
    persoonlijke_alinea = forms.CharField(
        label=_("Een eigen alinea (niet verplicht)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Vertel waarom dit voor jou belangrijk is. Hoogstens 2000 tekens."),
    )
    keuze_1 = forms.ChoiceField(label=_("Eerste keuze"), required=False)
    keuze_2 = forms.ChoiceField(label=_("Tweede keuze"), required=False)
    keuze_3 = forms.ChoiceField(label=_("Derde keuze"), required=False)

    PREFERENCE_FIELDS = ("keuze_1", "keuze_2", "keuze_3")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— geen voorkeur —"))] + [
            (a.code, a.label_nl) for a in Activity.objects.exclude(code=Activity.OTHER)
        ]
        for name in self.PREFERENCE_FIELDS:
            self.fields[name].choices = choices

    def clean_naam(self):
        return " ".join(_printable(self.cleaned_data["naam"]).split())

    def clean_telefoon(self):
        phone = " ".join(self.cleaned_data["telefoon"].split())
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Vul een telefoonnummer in met cijfers, bijvoorbeeld 0470 12 34 56."),
                code="phone",
            )
        return phone

    def clean_persoonlijke_alinea(self):
        return _printable(self.cleaned_data["persoonlijke_alinea"]).strip()

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in self.PREFERENCE_FIELDS if cleaned.get(name)]
        if len(chosen) != len(set(chosen)):
            self.add_error("keuze_2", _("Kies elk engagement maar één keer."))
        return cleaned

    def resident(self) -> ResidentInput:
        data = self.cleaned_data
        return ResidentInput(
            name=data["naam"],
            email=data["email"],
            phone=data["telefoon"],
            is_city=data["bestuur"] == "stad",
            personal_paragraph=data["persoonlijke_alinea"],
            preferences=tuple(
                dict.fromkeys(data[name] for name in self.PREFERENCE_FIELDS if data.get(name))
            ),
        )
