from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.municipalities.models import Province, Region


def province_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=Province.objects.filter(region=Region.FLANDERS),
        to_field_name="slug",
        required=False,
        empty_label=_("Alle provincies"),
    )
