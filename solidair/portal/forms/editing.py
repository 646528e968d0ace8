"""Forms of the portal's editing pages. They check input; the rules live in
solidair/portal/editing.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidair.initiatives.models import STRUCTURED_FIELDS, Initiative
from solidair.membership.ladder import RungClaim
from solidair.membership.models import Activity, Commitment, CommitmentState, ContactPerson, Rung
from solidair.operations.uploads import image_prepare, validate_pdf

TEXT_LIMIT = 5000


class PublicTextForm(forms.Form):
    public_text = forms.CharField(
        label=_("Publieke tekst"),
        required=False,
        max_length=TEXT_LIMIT,
        help_text=_(
            "Gewone tekst. Een lege regel begint een nieuwe alinea. Staat op de publieke "
            "pagina van je gemeente."
        ),
        widget=forms.Textarea(attrs={"rows": 10}),
    )


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "role", "phone", "is_public"]
        labels = {"is_public": _("Toon deze contactpersoon op de publieke pagina")}
        help_texts = {"is_public": _("Met naam, functie, e-mailadres en telefoon.")}


class InviteForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.CharField(label=_("Functie"), max_length=200, required=False)


def _not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("Deze datum ligt in de toekomst."), code="future")


def _date_field(**kwargs) -> forms.DateField:
    return forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[_not_in_future],
        **kwargs,
    )


def _pdf_field(**kwargs) -> forms.FileField:
    return forms.FileField(
        label=_("Bewijs als PDF"),
        required=False,
        help_text=_("Bijvoorbeeld het verslag van de beslissing. Alleen PDF, hoogstens 10 MB."),
        validators=[validate_pdf],
        **kwargs,
    )


class CommitmentForm(forms.ModelForm):
    """One commitment: its text, its state, and the ladder of evidence (one group of fields
    per rung; solidair/membership/ladder.py)."""

    class Meta:
        model = Commitment
        fields = ["title", "description", "state", "state_date", "state_note"]
        labels = {
            "description": _("Wat de gemeente doet"),
            "state": _("Toestand"),
            "state_date": _("Sinds wanneer gepauzeerd of stopgezet (datum)"),
            "state_note": _("Waarom (niet verplicht)"),
        }
        help_texts = {
            "state": _(
                "Een gepauzeerd engagement telt nog mee voor de regel van drie; een stopgezet "
                "niet meer. Beide blijven zichtbaar, met hun geschiedenis."
            ),
            "state_date": _("Alleen voor een gepauzeerd of stopgezet engagement."),
        }
        widgets = {
            "state": forms.RadioSelect,
            "state_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state_date"].validators.append(_not_in_future)
        if self.instance.activity.code != Activity.OTHER:
            del self.fields["title"]
        else:
            self.fields["title"].required = True
        self.records = {record.rung: record for record in self.instance.rungs.all()}
        for rung in Rung:
            record = self.records.get(rung)
            prefix = f"rung{rung.value}"
            self.fields[f"{prefix}_reached"] = forms.BooleanField(
                label=_("Deze sport is bereikt"), required=False, initial=record is not None
            )
            self.fields[f"{prefix}_date"] = _date_field(
                label=_("Sinds wanneer (datum)"),
                required=False,
                initial=record.date if record else None,
                help_text=_("Nog niet bevestigd: de datum is onbekend.")
                if record and record.date is None
                else "",
            )
            self.fields[f"{prefix}_evidence_url"] = forms.URLField(
                label=_("Link naar bewijs"),
                required=False,
                max_length=500,
                assume_scheme="https",
                initial=record.evidence_url if record else "",
                help_text=_("Een webadres dat begint met https://, bv. het besluit of een pagina."),
            )
            self.fields[f"{prefix}_evidence_note"] = forms.CharField(
                label=_("Omschrijving van het bewijs"),
                required=False,
                max_length=300,
                initial=record.evidence_note if record else "",
            )
            self.fields[f"{prefix}_evidence_upload"] = _pdf_field()
            if record and record.evidence_document:
                self.fields[f"{prefix}_remove_document"] = forms.BooleanField(
                    label=_("Verwijder de opgeladen PDF"), required=False
                )
            # Four groups share these labels: the error summary (includes/form_errors.html)
            # says which rung a field belongs to.
            for name, field in self.fields.items():
                if name.startswith(f"{prefix}_"):
                    field.summary_label = _("Sport %(number)s (%(rung)s) – %(label)s") % {
                        "number": rung.value,
                        "rung": rung.label,
                        "label": field.label,
                    }

    def ladder_groups(self) -> list[dict]:
        """Per rung, for the template: the rung, its record, and its bound fields."""
        groups = []
        for rung in Rung:
            prefix = f"rung{rung.value}"
            names = ("reached", "date", "evidence_url", "evidence_note", "evidence_upload")
            groups.append(
                {
                    "rung": rung,
                    "record": self.records.get(rung),
                    "reached": self[f"{prefix}_reached"],
                    "fields": [self[f"{prefix}_{name}"] for name in names[1:]],
                    "remove_document": self[f"{prefix}_remove_document"]
                    if f"{prefix}_remove_document" in self.fields
                    else None,
                }
            )
        return groups

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("state") and cleaned["state"] != CommitmentState.ACTIVE:
            if not cleaned.get("state_date") and "state_date" not in self.errors:
                self.add_error(
                    "state_date",
                    _("Geef de datum waarop het engagement gepauzeerd of stopgezet werd."),
                )
        else:
            cleaned["state_date"], cleaned["state_note"] = None, ""
        reached_any = False
        for rung in Rung:
            prefix = f"rung{rung.value}"
            if any(name.startswith(prefix) and name in self.errors for name in self.fields):
                reached_any = True  # already wrong; say nothing more about it
                continue
            reached = cleaned.get(f"{prefix}_reached")
            filled = any(
                cleaned.get(f"{prefix}_{name}")
                for name in ("date", "evidence_url", "evidence_note", "evidence_upload")
            )
            if not reached:
                if filled:
                    self.add_error(
                        f"{prefix}_reached",
                        _("Vink aan dat deze sport bereikt is, of maak de velden eronder leeg."),
                    )
                continue
            reached_any = True
            record = self.records.get(rung)
            # A claim carried over without a date may stay so until someone knows it.
            undated_claim = record is not None and record.date is None
            if not cleaned.get(f"{prefix}_date") and not undated_claim:
                self.add_error(f"{prefix}_date", _("Geef de datum waarop deze sport bereikt werd."))
        if not reached_any:
            self.add_error(
                "rung1_reached",
                _("Een engagement staat minstens op één sport: vink aan welke bereikt is."),
            )
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}

    def claims(self) -> dict[Rung, RungClaim | None]:
        claims: dict[Rung, RungClaim | None] = {}
        for rung in Rung:
            prefix = f"rung{rung.value}"
            if not self.cleaned_data.get(f"{prefix}_reached"):
                claims[rung] = None
                continue
            claims[rung] = RungClaim(
                date=self.cleaned_data.get(f"{prefix}_date"),
                evidence_url=self.cleaned_data.get(f"{prefix}_evidence_url", ""),
                evidence_note=self.cleaned_data.get(f"{prefix}_evidence_note", "").strip(),
                document=self.cleaned_data.get(f"{prefix}_evidence_upload"),
                remove_document=bool(self.cleaned_data.get(f"{prefix}_remove_document")),
            )
        return claims


def _rung_choices() -> list[tuple[int, str]]:
    """Called when the form is shown, so in the page's language (not the one at import)."""
    return [
        (
            rung.value,
            _("%(rung)s: %(explanation)s") % {"rung": rung.label, "explanation": rung.explanation},
        )
        for rung in Rung
    ]


class CommitmentAddForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Engagement"),
        queryset=Activity.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
        # The choices leave out what is chosen already: a form sent twice (the back button)
        # comes back with this, not with "Selecteer een geldige keuze".
        error_messages={"invalid_choice": _("Dit engagement is al gekozen.")},
    )
    title = forms.CharField(
        label=_("Eigen titel"),
        max_length=200,
        required=False,
        help_text=_("Alleen voor 'andere activiteit': waaraan engageert de gemeente zich?"),
    )
    description = forms.CharField(
        label=_("Wat de gemeente doet"),
        required=False,
        max_length=TEXT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rung = forms.TypedChoiceField(
        label=_("Hoe ver staat het?"),
        choices=_rung_choices,
        coerce=int,
        initial=Rung.DECIDED.value,
        widget=forms.RadioSelect,
        help_text=_("De hoogste sport van de ladder die al bereikt is."),
    )
    date = _date_field(
        label=_("Sinds wanneer (datum)"),
        error_messages={"required": _("Geef de datum waarop deze sport bereikt werd.")},
    )
    evidence_url = forms.URLField(
        label=_("Link naar bewijs (niet verplicht)"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_(
            "Zonder link of PDF staat de sport op de publieke pagina als beweerd, niet bewezen."
        ),
    )
    evidence_note = forms.CharField(
        label=_("Omschrijving van het bewijs (niet verplicht)"), required=False, max_length=300
    )

    def __init__(self, *args, membership, **kwargs):
        super().__init__(*args, **kwargs)
        chosen = membership.commitments.values("activity")
        self.fields["activity"].queryset = Activity.objects.exclude(pk__in=chosen)

    def clean(self):
        cleaned = super().clean()
        activity = cleaned.get("activity")
        if activity and activity.code == Activity.OTHER and not cleaned.get("title", "").strip():
            self.add_error("title", _("Geef een titel voor de andere activiteit."))
        if activity and activity.code != Activity.OTHER:
            cleaned["title"] = ""
        return cleaned

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "description")}

    def claim(self) -> tuple[Rung, RungClaim]:
        return Rung(self.cleaned_data["rung"]), RungClaim(
            date=self.cleaned_data["date"],
            evidence_url=self.cleaned_data["evidence_url"],
            evidence_note=self.cleaned_data["evidence_note"].strip(),
        )


# What the portal's initiative form edits (besides the themes and the image), in its order.
INITIATIVE_FORM_FIELDS = (
    "title",
    "summary",
    "text",
    *STRUCTURED_FIELDS,
    "image_alt",
    "published",
)


class InitiativeForm(forms.ModelForm):
    image_upload = forms.FileField(
        label=_("Afbeelding"),
        required=False,
        help_text=_("JPEG, PNG of WebP, hoogstens 10 MB. We verkleinen ze zo nodig."),
    )
    remove_image = forms.BooleanField(label=_("Verwijder de afbeelding"), required=False)

    class Meta:
        model = Initiative
        fields = [*INITIATIVE_FORM_FIELDS[:-2], "themes", "image_alt", "published"]
        labels = {
            "text": _("Beschrijving"),
            "published": _("Toon dit initiatief op de publieke pagina"),
        }
        help_texts = {
            "text": _(
                "Wat je verder wilt vertellen. Gewone tekst: een lege regel begint een nieuwe "
                "alinea, regels die beginnen met „- ” worden een lijst."
            ),
        }
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "audience": forms.RadioSelect,
            "cost_band": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "text": forms.Textarea(attrs={"rows": 8}),
            "aim": forms.Textarea(attrs={"rows": 3}),
            "approach": forms.Textarea(attrs={"rows": 6}),
            "result": forms.Textarea(attrs={"rows": 4}),
            "funding": forms.Textarea(attrs={"rows": 3}),
            "local_partners": forms.Textarea(attrs={"rows": 3}),
            "to_copy": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["summary"].widget.attrs["maxlength"] = 400
        for name in ("audience", "cost_band"):
            field = self.fields[name]
            field.choices = [("", _("Niet ingevuld")), *field.choices[1:]]
        for name in ("people_reached", "people_reached_year", "started_year"):
            self.fields[name].widget.attrs.update(inputmode="numeric")
        for name in ("people_reached_year", "started_year"):
            # The model's range (1990-2100), checked with the other fields' errors.
            self.fields[name].validators += Initiative._meta.get_field(name).validators
        contact = self.fields["contact"]
        contact.queryset = ContactPerson.objects.filter(
            municipality=self.instance.municipality
        ).order_by("name", "email")
        contact.label_from_instance = lambda person: person.name or person.email
        contact.empty_label = _("Geen")
        if not self.instance.image:
            del self.fields["remove_image"]

    def clean_image_upload(self):
        upload = self.cleaned_data.get("image_upload")
        # Checked and re-encoded here; the prepared file is what the service stores.
        return image_prepare(upload) if upload else None

    def clean(self):
        cleaned = super().clean()
        has_image = bool(cleaned.get("image_upload")) or (
            bool(self.instance.image) and not cleaned.get("remove_image")
        )
        if has_image and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                _("Beschrijf wat de afbeelding toont, voor wie ze niet ziet."),
            )
        if cleaned.get("people_reached_year") and cleaned.get("people_reached") is None:
            self.add_error("people_reached", _("Geef het aantal bereikte mensen bij het jaar."))
        return cleaned

    def _post_clean(self):
        # The service sets the fields and validates the model; the form only checks input.
        pass

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in INITIATIVE_FORM_FIELDS}


class PauseForm(forms.Form):
    reason = forms.CharField(
        label=_("Waarom wil je het lidmaatschap pauzeren?"),
        max_length=2000,
        help_text=_("Bijvoorbeeld: een engagement loopt af en een nieuw wordt voorbereid."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
