"""The form of the right of reply to a 'Klopt dit niet?' report. The rules live in the service
(solidair.membership.corrections); this only reads the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import ReplyPosition

NOTE_LIMIT = 2000


class ReportReplyForm(forms.Form):
    position = forms.ChoiceField(
        label=_("Klopt de melding?"),
        choices=ReplyPosition.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of jullie het eens zijn met de melding.")},
    )
    note = forms.CharField(
        label=_("Publieke toelichting"),
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Staat op de pagina van je gemeente, bij de melding en de beslissing van de "
            "coördinatoren. Hoogstens 2000 tekens."
        ),
        error_messages={"required": _("Schrijf een korte toelichting.")},
    )
    evidence_url = forms.URLField(
        label=_("Link naar bewijs (niet verplicht)"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_("Bijvoorbeeld een beslissing, een pagina op de website van de gemeente."),
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
