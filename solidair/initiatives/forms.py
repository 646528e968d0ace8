from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.initiatives.models import Audience, CostBand
from solidair.membership.forms import commitment_field
from solidair.municipalities.forms import province_field


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Zoekwoorden"),
        help_text=_(
            "In de titel, de tekst, de deelprojecten, de partners, de engagementen en de gemeente."
        ),
        max_length=100,
        required=False,
    )
    engagement = commitment_field()
    provincie = province_field()
    voor_wie = forms.ChoiceField(
        label=_("Voor wie"), choices=[("", _("Iedereen")), *Audience.choices], required=False
    )
    kosten = forms.ChoiceField(
        label=_("Kosten per jaar"),
        choices=[("", _("Alle kosten")), *CostBand.choices],
        required=False,
    )
    met_resultaat = forms.BooleanField(label=_("Alleen met resultaten"), required=False)
