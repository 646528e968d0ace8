from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import Activity
from solidair.municipalities.models import Province, Region


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Zoek in titel en tekst"), max_length=100, required=False)
    engagement = forms.ModelChoiceField(
        label=_("Engagement"),
        queryset=Activity.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle engagementen"),
    )
    provincie = forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=Province.objects.filter(region=Region.FLANDERS),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle provincies"),
    )
