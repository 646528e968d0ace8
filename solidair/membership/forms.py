"""The public form 'Klopt dit niet?' (solidair/membership/corrections.py), and the commitment
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
    """``claims``: what the report can be about (``report_claims``), the first the default."""

    claim = forms.ChoiceField(
        label=_("Waarover gaat je melding?"),
        help_text=_(
            "Een engagement, een praktijk, de opvangplaatsen, het lidmaatschap of de pagina."
        ),
    )
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
    source_url = forms.URLField(
        label=_("Een bron (niet verplicht)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Een link naar een pagina die toont wat wel klopt, bijvoorbeeld een beslissing."
        ),
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    def __init__(self, *args, claims, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["claim"].choices = [(claim.key, claim.label) for claim in claims]
        self.order_fields(["claim", "message", "source_url", "email"])

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
