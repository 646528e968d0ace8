import re
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.letters.composing.services import ResidentInput
from solidair.lib.honeypot import HoneypotMixin
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
            (a.code, a.label) for a in Activity.objects.exclude(code=Activity.OTHER)
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


# --- Forms that send mail: checks that a person, not a script, filled them in ---------------

STARTED_SALT = "solidair.letters.form-started"


def form_started_value() -> str:
    """A signed timestamp for the hidden field ``begonnen``: when the form was shown."""
    return signing.dumps(time.time(), salt=STARTED_SALT)


def form_started_check(value: str) -> None:
    """Refuse a form sent back faster than a person can (``LETTER_FORM_MIN_SECONDS`` after it
    was shown, per the signed ``begonnen`` value), or without a valid ``begonnen``."""
    try:
        started = float(signing.loads(value, salt=STARTED_SALT, max_age=86400))
    except (signing.BadSignature, TypeError, ValueError):
        raise ValidationError(
            _("Dit formulier is verlopen of onvolledig. Probeer het opnieuw."), code="started"
        ) from None
    if time.time() - started < settings.LETTER_FORM_MIN_SECONDS:
        raise ValidationError(
            _(
                "Dat ging heel snel. Lees je brief nog even na en klik dan opnieuw op de "
                "knop: we vragen een paar seconden om scripts tegen te houden."
            ),
            code="too_fast",
        )


class HumanCheckForm(HoneypotMixin, forms.Form):
    """The honeypot (solidair.lib.honeypot), and a minimum time between showing the form and
    sending it (``LETTER_FORM_MIN_SECONDS``)."""

    begonnen = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("begonnen", form_started_value())

    def clean(self):
        cleaned = super().clean()  # the honeypot first
        form_started_check(cleaned.get("begonnen") or "")
        return cleaned


class SendLetterForm(HumanCheckForm):
    """Send the letter by e-mail; the resident's details come with it (ResidentLetterForm)."""

    kopie = forms.BooleanField(
        label=_("Stuur mij een kopie (CC)"),
        required=False,
        initial=True,
        help_text=_("Je staat dan in kopie van de e-mail aan het college."),
    )


class AddressSuggestionForm(HumanCheckForm):
    voorstel_email = forms.EmailField(
        label=_("E-mailadres van het college"),
        max_length=254,
        help_text=_("Bijvoorbeeld college@gemeente.be of secretariaat@stad.be."),
    )
    toelichting = forms.CharField(
        label=_("Waar vond je dit adres? (niet verplicht)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld de pagina van de website van de gemeente. Hoogstens 500 tekens."),
    )

    def clean_toelichting(self):
        return _printable(self.cleaned_data["toelichting"]).strip()
