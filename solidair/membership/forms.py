"""The public form 'Klopt er iets niet?' (solidair/membership/corrections.py), and the commitment
field of the public filter forms (directory, initiatives)."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import Activity
from solidair.web.honeypot import HoneypotMixin

MESSAGE_MAX = 2000


def commitment_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Engagement"),
        queryset=Activity.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle engagementen"),
    )


class CorrectionReportForm(HoneypotMixin, forms.Form):
    message = forms.CharField(
        label=_("Wat klopt er niet?"),
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Bijvoorbeeld: een engagement dat niet (meer) klopt, een contactpersoon die er niet "
            "meer werkt, een fout in een initiatief. Hoogstens 2000 tekens. Schrijf geen "
            "gegevens over andere personen."
        ),
    )
    email = forms.EmailField(
        label=_("Je e-mailadres (niet verplicht)"),
        max_length=254,
        required=False,
        help_text=_("Alleen als je een antwoord wilt."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        for character in message:
            if character not in "\n\r\t" and unicodedata.category(character) in (
                "Cc",
                "Cs",
                "Co",
                "Cn",
            ):
                raise ValidationError(
                    _("Deze tekst bevat tekens die we niet kunnen bewaren."), code="control"
                )
        return message
