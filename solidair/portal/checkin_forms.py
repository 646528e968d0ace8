"""Forms of the portal's check-in and reception pages. The rules live in the services
(solidair.membership.checkins, solidair.membership.reception); these only read the input."""

from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from solidair.membership.checkins import commitments_choice_errors
from solidair.membership.models import MAX_PLACES, Activity, ReceptionKind

DATE_INVALID = _("Geef een geldige datum, bijvoorbeeld 31/12/2025.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ReceptionForm(forms.Form):
    """One field per kind of reception, and the day they were counted."""

    counted_on = forms.DateField(
        label=_("Geteld op"),
        help_text=_("De dag waarop de plaatsen geteld werden."),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={"required": _("Geef de datum van de telling."), "invalid": DATE_INVALID},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for kind, label in ReceptionKind.choices:
            self.fields[kind] = forms.IntegerField(
                label=capfirst(label),
                required=False,
                min_value=0,
                max_value=MAX_PLACES,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": _("Geef een geheel aantal, zonder punt of komma."),
                    "min_value": _("Geef een aantal van 0 of meer."),
                    "max_value": _("Geef een aantal van hoogstens %(limit_value)s."),
                },
            )
        # The date last: the figures come first on the page.
        self.order_fields([*ReceptionKind.values, "counted_on"])

    def kind_fields(self):
        return [self[kind] for kind in ReceptionKind.values]

    def places(self) -> dict[str, int | None]:
        return {kind: self.cleaned_data.get(kind) for kind in ReceptionKind.values}


class LegacyCommitmentsForm(forms.Form):
    """A member imported from the old page chooses its commitments and says since when."""

    activities = forms.ModelMultipleChoiceField(
        label=_("Onze engagementen"),
        help_text=_("Kies minstens drie activiteiten die jullie gemeente aangaat."),
        queryset=Activity.objects.all(),
        to_field_name="code",
        required=False,  # the service says how many, in its own words
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Kies uit de lijst.")},
    )
    other_title = forms.CharField(
        label=_("Titel van de andere activiteit"),
        help_text=_("Enkel nodig als je 'andere activiteit' kiest."),
        max_length=200,
        required=False,
    )
    member_since = forms.DateField(
        label=_("Lid sinds"),
        help_text=_(
            "De datum van de beslissing van het college of de gemeenteraad om toe te treden."
        ),
        widget=DateInput(),
        input_formats=["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"],
        error_messages={
            "required": _("Geef de datum waarop jullie gemeente toetrad."),
            "invalid": DATE_INVALID,
        },
    )

    def clean(self):
        cleaned = super().clean()
        # The service checks it again; here so that every mistake shows at once.
        errors = commitments_choice_errors(
            activities=list(cleaned.get("activities") or []),
            other_title=cleaned.get("other_title", ""),
        )
        for field, messages in errors.items():
            if field not in self.errors:
                self.add_error(field, messages)
        return cleaned

    def clean_member_since(self):
        value = self.cleaned_data["member_since"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("Deze datum ligt in de toekomst."))
        return value
