"""Forms of the portal's editing pages. They check input; the rules live in
solidair/portal/editing.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from solidair.initiatives.models import Initiative
from solidair.membership.models import Activity, Commitment, CommitmentStatus, ContactPerson
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


class CommitmentForm(forms.ModelForm):
    """Status, date and evidence of one commitment."""

    evidence_upload = forms.FileField(
        label=_("Bewijs als PDF"),
        required=False,
        help_text=_("Bijvoorbeeld het verslag van de beslissing. Alleen PDF, hoogstens 10 MB."),
    )
    remove_document = forms.BooleanField(label=_("Verwijder de opgeladen PDF"), required=False)

    class Meta:
        model = Commitment
        fields = ["title", "status", "status_date", "description", "evidence_url", "evidence_note"]
        labels = {
            "status_date": _("Sinds wanneer (datum)"),
            "description": _("Wat de gemeente doet"),
            "evidence_url": _("Link naar bewijs"),
            "evidence_note": _("Omschrijving van het bewijs"),
        }
        help_texts = {
            "evidence_url": _(
                "Een webadres dat begint met https://, bv. het besluit of een artikel."
            ),
        }
        widgets = {
            "status": forms.RadioSelect,
            "status_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status_date"].required = True
        self.fields["status_date"].validators.append(_not_in_future)
        self.fields["status_date"].error_messages["required"] = _("Geef de datum van de status.")
        if self.instance.activity.code != Activity.OTHER:
            del self.fields["title"]
        else:
            self.fields["title"].required = True
        if not self.instance.evidence_document:
            del self.fields["remove_document"]

    def clean_evidence_upload(self):
        upload = self.cleaned_data.get("evidence_upload")
        if upload:
            validate_pdf(upload)
        return upload

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.fields}


class CommitmentAddForm(forms.Form):
    activity = forms.ModelChoiceField(
        label=_("Engagement"),
        queryset=Activity.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
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
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[c for c in CommitmentStatus.choices if c[0] != CommitmentStatus.STOPPED],
        initial=CommitmentStatus.DECIDED,
        widget=forms.RadioSelect,
    )
    status_date = forms.DateField(
        label=_("Sinds wanneer (datum)"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[_not_in_future],
        error_messages={"required": _("Geef de datum van de status.")},
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
        return {
            name: self.cleaned_data[name]
            for name in ("title", "description", "status", "status_date")
        }


# What the portal's initiative form edits (besides the themes and the image), in its order.
INITIATIVE_FORM_FIELDS = (
    "title",
    "summary",
    "text",
    "aim",
    "audience",
    "audience_note",
    "approach",
    "result",
    "people_reached",
    "people_reached_year",
    "started_year",
    "cost_band",
    "funding",
    "local_partners",
    "to_copy",
    "contact",
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
