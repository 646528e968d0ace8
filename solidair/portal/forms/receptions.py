"""The form of the portal's reception page. The rules live in the service
(solidair.membership.receptions); this only reads the input."""

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import MAX_PLACES, ReceptionKind
from solidair.portal.forms.dates import DATE_INVALID, DateInput


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
