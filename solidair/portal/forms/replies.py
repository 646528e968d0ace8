"""The municipality's answer to a coordinators' change (solidair/membership/replies.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from solidair.membership.models import Stance

NOTE_LIMIT = 2000


class ReplyForm(forms.Form):
    stance = forms.ChoiceField(
        label=_("Gaat de gemeente akkoord?"),
        choices=Stance.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of de gemeente akkoord gaat.")},
    )
    reply_note = forms.CharField(
        label=_("Toelichting (publiek)"),
        required=False,
        max_length=NOTE_LIMIT,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Verplicht als de gemeente niet akkoord gaat. Komt op de publieke pagina, naast de "
            "uitleg van de coördinatoren. Hoogstens 2000 tekens."
        ),
    )
    evidence_url = forms.URLField(
        label=_("Link naar bewijs (niet verplicht)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Een webadres dat begint met https://, bv. een besluit of een pagina."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("stance") == Stance.DISAGREE and not cleaned.get("reply_note", "").strip():
            self.add_error(
                "reply_note",
                _("Zeg waarom de gemeente niet akkoord gaat: het komt op de pagina."),
            )
        return cleaned
