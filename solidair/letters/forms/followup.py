"""What the council said, reported by a letter's writer (solidair.letters.delivery.followup)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.letters.delivery.followup import ResponseInput
from solidair.letters.forms.common import printable
from solidair.letters.models import ResponseKind


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
        return printable(self.cleaned_data["toelichting"]).strip()

    def response(self) -> ResponseInput:
        data = self.cleaned_data
        return ResponseInput(kind=data["wat"], text=data["toelichting"], url=data["link"])
