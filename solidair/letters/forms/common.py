"""What the letters' forms share: the fields every letter asks for (declared once here), text
that can go in a letter, and the checks that a person, not a script, filled a form in."""

import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import Activity
from solidair.web.honeypot import HoneypotMixin


def printable(value: str) -> str:
    """Refuse control characters (other than line breaks): they cannot go in a letter."""
    for character in value:
        if character in "\n\r\t":
            continue
        if unicodedata.category(character) in ("Cc", "Cs", "Co", "Cn"):
            raise ValidationError(
                _("Deze tekst bevat tekens die niet in een brief kunnen staan."), code="control"
            )
    return value


def one_line(value: str) -> str:
    """A name as it goes in a letter: printable, on one line, single spaces."""
    return " ".join(printable(value).split())


# --- The fields of a letter's forms ------------------------------------------------------------


def name_field(help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=_("Je naam"),
        max_length=100,
        help_text=help_text,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )


def email_field(help_text: str) -> forms.EmailField:
    return forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=help_text,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


def postal_code_field() -> forms.CharField:
    return forms.CharField(
        label=_("Je postcode"),
        max_length=4,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )


class LetterForm(forms.Form):
    """The choices every letter asks of its writer: is it a city or a municipality (filled in
    from what we know), and the commitments they most want, in order, each at most once."""

    bestuur = forms.ChoiceField(
        label=_("Is het een stad of een gemeente?"),
        choices=[("gemeente", _("Gemeente")), ("stad", _("Stad"))],
        widget=forms.RadioSelect,
        help_text=_("We vulden in wat we weten; pas het aan als het niet klopt."),
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

    def clean(self):
        cleaned = super().clean()
        chosen = [cleaned.get(name) for name in self.PREFERENCE_FIELDS if cleaned.get(name)]
        if len(chosen) != len(set(chosen)):
            self.add_error("keuze_2", _("Kies elk engagement maar één keer."))
        return cleaned

    def is_city(self) -> bool:
        return self.cleaned_data["bestuur"] == "stad"

    def preferences(self) -> tuple[str, ...]:
        """The commitments chosen (activity codes), in order, each once."""
        data = self.cleaned_data
        return tuple(dict.fromkeys(data[name] for name in self.PREFERENCE_FIELDS if data.get(name)))


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
    """The honeypot (solidair.web.honeypot), and a minimum time between showing the form and
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


class SilentHumanCheckMixin(HoneypotMixin):
    """The honeypot (solidair.web.honeypot), silent: a form with it filled is answered as if it
    worked, and does nothing (the views ask ``is_bot()``). And a minimum time between showing
    the form and sending it (``begonnen``, signed; see ``form_started_check``)."""

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
