"""The honeypot of the public forms: a field people never see and simple scripts fill in.

Every public form that anyone may send uses ``HoneypotMixin`` and renders the field with
``{% include "includes/honeypot.html" %}`` (``form`` from the context, or ``with form=...``).
The field is named ``website``, hidden (``hidden``: not shown, not in the keyboard order, not
read by screen readers) and sent empty by people.

A filled field is refused with a message (a non-field error), so that a person whose browser
fills it in by mistake knows what happened. A form whose view prefers to answer a script as if
it worked sets ``honeypot_silent = True`` and asks ``form.is_bot()`` before doing anything.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HONEYPOT_FIELD = "website"


class HoneypotMixin:
    """For a ``forms.Form`` or ``forms.ModelForm`` (put it before the form class)."""

    honeypot_silent = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD] = forms.CharField(
            label=_("Niet invullen"),
            required=False,
            widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
        )

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def clean(self):
        cleaned = super().clean()
        if self.is_bot() and not self.honeypot_silent:
            raise ValidationError(
                _(
                    "We konden niet nagaan dat een mens dit formulier invulde: het verborgen "
                    "veld 'Niet invullen' was ingevuld. Probeer het opnieuw."
                ),
                code="honeypot",
            )
        return cleaned
