"""A municipality's improvement plan (solidair/membership/plans.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

PLAN_LIMIT = 3000


class PlanForm(forms.Form):
    plan = forms.CharField(
        label=_("Wat zal de gemeente doen? (publiek)"),
        max_length=PLAN_LIMIT,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Concreet: wat, wie, welk bewijs er komt (een besluit, een pagina, een dienst). "
            "Komt op de publieke pagina zodra de coördinatoren akkoord gaan. Hoogstens 3000 "
            "tekens."
        ),
        error_messages={"required": _("Beschrijf wat de gemeente zal doen.")},
    )
    deadline = forms.DateField(
        label=_("Uitgevoerd tegen (datum)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Binnen zes maanden."),
        error_messages={"required": _("Kies een datum na vandaag en binnen zes maanden.")},
    )
