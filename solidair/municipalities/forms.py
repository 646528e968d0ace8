from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import Activity
from solidair.municipalities.models import Province, Region


def province_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=Province.objects.filter(region=Region.FLANDERS),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle provincies"),
    )


def commitment_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Engagement"),
        queryset=Activity.objects.all(),
        to_field_name="code",
        required=False,
        empty_label=_("Alle engagementen"),
    )


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
