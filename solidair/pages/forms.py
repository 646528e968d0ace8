from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.membership.forms import commitment_field
from solidair.municipalities.forms import province_field


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Naam of postcode van je gemeente"),
        max_length=100,
        widget=forms.TextInput(
            attrs={"autocomplete": "address-level2", "spellcheck": "false", "type": "search"}
        ),
    )


class DirectoryFilterForm(forms.Form):
    provincie = province_field()
    engagement = commitment_field()
    alle = forms.BooleanField(
        label=_("Toon alle Vlaamse gemeenten, ook wie nog geen lid is"), required=False
    )
