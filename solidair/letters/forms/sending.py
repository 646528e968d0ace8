"""Sending an individual letter by e-mail, and proposing a council's address that we do not
know (solidair.letters.delivery.sending)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.letters.forms.common import HumanCheckForm, printable


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
        return printable(self.cleaned_data["toelichting"]).strip()
