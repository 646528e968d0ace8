"""The applicant's forms, one per step.

Every step form takes ``draft``: a draft ("Bewaar als concept") may be incomplete, but what
it holds must be well-formed; "Opslaan en verder" checks everything the step asks, the rule
of three included. ``application_submit`` checks the whole application again.
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from solidair.applications.models import Application
from solidair.applications.services import CommitmentInput, ContactInput
from solidair.lib.honeypot import HoneypotMixin
from solidair.lib.uploads import validate_pdf
from solidair.membership.models import MIN_COMMITMENTS, Activity, DecisionBody

PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,28}$")
DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]
MAX_CONTACTS = 10


def _one_line(value: str) -> str:
    return " ".join(value.split())


class ApplicantForm(forms.Form):
    applicant_name = forms.CharField(
        label=_("Je naam"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    applicant_email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("We sturen je hierop een link waarmee je later verder werkt aan de aanvraag."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    applicant_role = forms.CharField(
        label=_("Je functie bij de gemeente"),
        max_length=200,
        help_text=_("Bijvoorbeeld: schepen van welzijn, diensthoofd sociale dienst."),
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )

    # No draft mode: who applies is needed to send the link, so it is never optional.

    def clean_applicant_name(self):
        return _one_line(self.cleaned_data["applicant_name"])

    def clean_applicant_role(self):
        return _one_line(self.cleaned_data["applicant_role"])

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        return {
            "applicant_name": application.applicant_name,
            "applicant_email": application.applicant_email,
            "applicant_role": application.applicant_role,
        }


class StartForm(HoneypotMixin, ApplicantForm):
    pass


class LinkRequestForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("Het adres waarmee je de aanvraag begon."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CommitmentsForm(forms.Form):
    """For each of the ten activities: chosen or not, and what the municipality does."""

    DESCRIPTION_MAX = 2000

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.activities = list(Activity.objects.order_by("position"))
        for activity in self.activities:
            self.fields[self.chosen_name(activity)] = forms.BooleanField(
                label=_("Mijn gemeente kiest dit engagement"), required=False
            )
            if activity.code == Activity.OTHER:
                self.fields["titel_other"] = forms.CharField(
                    label=_("Titel van de andere activiteit"), max_length=200, required=False
                )
            self.fields[self.description_name(activity)] = forms.CharField(
                label=_("Wat doet de gemeente, of wat zal ze doen?"),
                max_length=self.DESCRIPTION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text=_(
                    "Concreet: wat, voor wie, sinds of vanaf wanneer. Hoogstens 2000 tekens."
                ),
            )

    @staticmethod
    def chosen_name(activity: Activity) -> str:
        return f"kies_{activity.code}"

    @staticmethod
    def description_name(activity: Activity) -> str:
        return f"omschrijving_{activity.code}"

    def groups(self) -> list[dict]:
        """The fields per activity, for the template (one fieldset each)."""
        return [
            {
                "activity": activity,
                "chosen": self[self.chosen_name(activity)],
                "title": self["titel_other"] if activity.code == Activity.OTHER else None,
                "description": self[self.description_name(activity)],
            }
            for activity in self.activities
        ]

    def clean(self):
        cleaned = super().clean()
        chosen = [a for a in self.activities if cleaned.get(self.chosen_name(a))]
        if self.draft:
            return cleaned
        if len(chosen) < MIN_COMMITMENTS:
            raise ValidationError(
                ngettext(
                    "Kies minstens %(minimum)d engagementen; je koos er %(count)d.",
                    "Kies minstens %(minimum)d engagementen; je koos er %(count)d.",
                    len(chosen),
                )
                % {"minimum": MIN_COMMITMENTS, "count": len(chosen)},
                code="too_few_commitments",
            )
        for activity in chosen:
            name = self.description_name(activity)
            if name in cleaned and not cleaned[name].strip():
                self.add_error(name, _("Beschrijf wat de gemeente doet voor dit engagement."))
            if activity.code == Activity.OTHER and not cleaned.get("titel_other", "").strip():
                self.add_error("titel_other", _("Geef een titel voor de andere activiteit."))
        return cleaned

    def commitment_inputs(self) -> list[CommitmentInput]:
        return [
            CommitmentInput(
                activity=activity,
                title=_one_line(self.cleaned_data.get("titel_other", ""))
                if activity.code == Activity.OTHER
                else "",
                description=self.cleaned_data[self.description_name(activity)].strip(),
            )
            for activity in self.activities
            if self.cleaned_data.get(self.chosen_name(activity))
        ]

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        initial = {}
        for commitment in application.commitments.select_related("activity"):
            initial[cls.chosen_name(commitment.activity)] = True
            initial[cls.description_name(commitment.activity)] = commitment.description
            if commitment.activity.code == Activity.OTHER:
                initial["titel_other"] = commitment.title
        return initial


class DecisionForm(forms.Form):
    decision_body = forms.ChoiceField(
        label=_("Wie nam de beslissing?"),
        choices=DecisionBody.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    decision_date = forms.DateField(
        label=_("Datum van de beslissing"),
        input_formats=DATE_FORMATS,
        required=False,
        help_text=_("Dag-maand-jaar, bijvoorbeeld 15-09-2025."),
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"inputmode": "numeric"}),
    )
    decision_url = forms.URLField(
        label=_("Link naar de beslissing"),
        max_length=500,
        required=False,
        assume_scheme="https",
        help_text=_(
            "Bijvoorbeeld in de publicaties van de gemeente. Of laad de beslissing op als PDF."
        ),
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    decision_document = forms.FileField(
        label=_("De beslissing als PDF"),
        required=False,
        help_text=_(
            "Een PDF-bestand van hoogstens 10 MB. Enkel de coördinatoren van het netwerk zien "
            "het, tot de aanvraag goedgekeurd is."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    remove_document = forms.BooleanField(
        label=_("Verwijder het opgeladen document"), required=False
    )

    def __init__(self, *args, draft: bool = False, has_document: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        self.has_document = has_document
        self.fields["decision_document"].widget = forms.FileInput(
            attrs={"accept": "application/pdf,.pdf"}
        )
        if not has_document:
            del self.fields["remove_document"]

    def clean_decision_date(self):
        value = self.cleaned_data["decision_date"]
        if value and value > timezone.localdate():
            raise ValidationError(
                _("De datum van de beslissing kan niet in de toekomst liggen."), code="future"
            )
        return value

    def clean_decision_document(self):
        upload = self.cleaned_data["decision_document"]
        if upload:
            validate_pdf(upload)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.draft:
            return cleaned
        if not cleaned.get("decision_body") and "decision_body" not in self.errors:
            self.add_error("decision_body", _("Kies wie de beslissing nam."))
        if not cleaned.get("decision_date") and "decision_date" not in self.errors:
            self.add_error("decision_date", _("Vul de datum van de beslissing in."))
        keeps_document = self.has_document and not cleaned.get("remove_document")
        if (
            not cleaned.get("decision_url")
            and not cleaned.get("decision_document")
            and not keeps_document
            and not {"decision_url", "decision_document"} & set(self.errors)
        ):
            self.add_error(
                "decision_url", _("Geef een link naar de beslissing of laad ze op als PDF.")
            )
        return cleaned

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        return {
            "decision_body": application.decision_body,
            "decision_date": application.decision_date,
            "decision_url": application.decision_url,
        }


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Naam"), max_length=200)
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    phone = forms.CharField(label=_("Telefoon (niet verplicht)"), max_length=40, required=False)
    role = forms.CharField(
        label=_("Functie"),
        max_length=200,
        help_text=_("Bijvoorbeeld: maatschappelijk werker, sociale dienst."),
    )
    is_public = forms.BooleanField(
        label=_("Toon deze persoon op de publieke pagina van de gemeente"),
        required=False,
        initial=True,
    )

    def clean_name(self):
        return _one_line(self.cleaned_data["name"])

    def clean_role(self):
        return _one_line(self.cleaned_data["role"])

    def clean_phone(self):
        phone = _one_line(self.cleaned_data["phone"])
        if phone and not PHONE.match(phone):
            raise ValidationError(
                _("Vul een telefoonnummer in met cijfers, bijvoorbeeld 09 210 10 10."),
                code="phone",
            )
        return phone


class BaseContactFormSet(forms.BaseFormSet):
    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft

    def kept_forms(self) -> list[forms.Form]:
        return [
            form
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        addresses = set()
        for form in self.kept_forms():
            address = form.cleaned_data["email"].lower()
            if address in addresses:
                raise ValidationError(
                    _(
                        "Elke contactpersoon heeft een eigen e-mailadres; "
                        "%(email)s staat er twee keer."
                    )
                    % {"email": form.cleaned_data["email"]},
                    code="duplicate",
                )
            addresses.add(address)
        if not self.draft and not addresses:
            raise ValidationError(_("Geef minstens één contactpersoon."), code="no_contact")

    def contact_inputs(self) -> list[ContactInput]:
        return [
            ContactInput(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                role=form.cleaned_data["role"],
                is_public=form.cleaned_data["is_public"],
            )
            for form in self.kept_forms()
        ]

    @staticmethod
    def initial_for(application: Application) -> list[dict]:
        return [
            {
                "name": contact.name,
                "email": contact.email,
                "phone": contact.phone,
                "role": contact.role,
                "is_public": contact.is_public,
            }
            for contact in application.contacts.all()
        ]


ContactFormSet = formset_factory(
    ContactForm,
    formset=BaseContactFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_CONTACTS,
    validate_max=True,
    absolute_max=MAX_CONTACTS + 5,
)


class ReviewForm(forms.Form):
    """The coordinator's decision on the review page of the back-office."""

    ASK_CHANGES = "changes"
    APPROVE = "approve"
    REJECT = "reject"

    message = forms.CharField(
        label=_("Bericht aan de aanvrager"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_(
            "Verplicht bij een vraag om aan te passen en bij een afwijzing. Het komt in de "
            "e-mail aan de aanvrager."
        ),
    )
    decision = forms.ChoiceField(
        choices=[
            (ASK_CHANGES, _("Vraag om aan te passen")),
            (APPROVE, _("Keur goed")),
            (REJECT, _("Wijs af")),
        ]
    )
