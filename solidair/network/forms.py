"""Forms of the network's pages: registering for a meeting, filtering recommendations."""

from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.municipalities.models import Municipality
from solidair.network.meetings import Eligibility
from solidair.network.models import Level, RegistrantKind, StepStatus
from solidair.network.recommendations import recommendation_addressees
from solidair.web.honeypot import HoneypotMixin

# What the browser may fill in for each field; the others are "off".
_AUTOCOMPLETE = {"email": "email", "name": "name", "role": "organization-title"}


class RegistrationForm(HoneypotMixin, forms.Form):
    """Name, role, municipality or organisation, and needs; an address when not signed in."""

    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Je krijgt een mail met een link om je inschrijving te bevestigen."),
    )
    name = forms.CharField(label=_("Naam"), max_length=200)
    role = forms.CharField(label=_("Functie"), max_length=200, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.flemish().order_by("name_nl"),
        empty_label=_("Kies je gemeente"),
    )
    dietary_needs = forms.CharField(
        label=_("Voedingswensen"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld vegetarisch, halal of een allergie."),
    )
    accessibility_needs = forms.CharField(
        label=_("Noden rond toegankelijkheid"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijvoorbeeld een rolstoeltoegankelijke zaal of een tolk Vlaamse Gebarentaal."),
    )

    def __init__(self, *args, eligibility: Eligibility, **kwargs):
        super().__init__(*args, **kwargs)
        self.eligibility = eligibility
        if not eligibility.confirm_email:
            del self.fields["email"]
        if eligibility.kind == RegistrantKind.MEMBER:
            self.fields["municipality"].queryset = Municipality.objects.filter(
                pk__in=[m.pk for m in eligibility.municipalities]
            ).order_by("name_nl")
            self.fields["municipality"].empty_label = None
        elif eligibility.kind == RegistrantKind.PARTNER:
            del self.fields["municipality"]
        for name, field in self.fields.items():
            field.widget.attrs.setdefault("autocomplete", _AUTOCOMPLETE.get(name, "off"))
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_helptext"


class RecommendationFilterForm(forms.Form):
    niveau = forms.ChoiceField(
        label=_("Niveau"), required=False, choices=[("", _("Alle niveaus")), *Level.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), *StepStatus.choices],
    )
    aan = forms.ModelChoiceField(
        label=_("Geadresseerde"),
        required=False,
        queryset=recommendation_addressees(),
        empty_label=_("Alle geadresseerden"),
    )
