"""The form of the portal's check-in page. The rules live in the service
(solidair.membership.checkins); this only reads the input."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidair.membership.checkins import commitments_choice_errors
from solidair.membership.models import Activity
from solidair.portal.forms.dates import DATE_INVALID, DateInput


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
