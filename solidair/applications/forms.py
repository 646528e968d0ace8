"""The applicant's forms, one per step.

Every step form takes ``draft``: a draft ("Bewaar als concept") may be incomplete, but what
it holds must be well-formed; "Opslaan en verder" checks everything the step asks, the rule
of three included. ``application_submit`` checks the whole application again.

A step saves what the applicant changed on the page, not the whole page: each field carries
the value the page showed (Django's ``show_hidden_initial``), so ``ShownValuesMixin.edited``
tells the changes even when the application changed meanwhile in another tab, and a save from
an older page never undoes a newer one (``application_*_save`` in services.py).
"""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from solidair.applications.models import Application
from solidair.applications.services import MAX_CONTACTS, CommitmentInput, ContactInput
from solidair.membership.models import MIN_COMMITMENTS, Activity, DecisionBody
from solidair.operations.uploads import validate_pdf
from solidair.web.honeypot import HoneypotMixin

PHONE = re.compile(r"^\+?[0-9][0-9 ./()-]{5,28}$")
DATE_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d"]


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


class ShownValuesMixin:
    """Every field (but those in ``without_shown_value``) sends back the value the page showed,
    so that ``edited`` holds what the applicant changed on this page."""

    without_shown_value: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_values()

    def show_values(self) -> None:
        """Mark the fields; a form that adds fields in its ``__init__`` calls it again."""
        for name, field in self.fields.items():
            if name not in self.without_shown_value:
                field.show_hidden_initial = True

    @property
    def edited(self) -> set[str]:
        """The fields the applicant changed on this page. A field sent without the value the
        page showed (a form made by hand, a page from before this) counts as changed: its
        value is taken as sent."""
        missing = {
            name
            for name, field in self.fields.items()
            if field.show_hidden_initial and self.add_initial_prefix(name) not in self.data
        }
        return set(self.changed_data) | missing

    def value_over(self, name: str, stored):
        """The page's value of ``name`` when the applicant changed it here, else ``stored``."""
        return self.cleaned_data[name] if name in self.edited else stored


class ApplicantStepForm(ShownValuesMixin, ApplicantForm):
    """Step 1 of the draft: who applies (they may change it later)."""


class LinkRequestForm(HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Je e-mailadres"),
        max_length=254,
        help_text=_("Het adres waarmee je de aanvraag begon."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CommitmentsForm(ShownValuesMixin, forms.Form):
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
        self.show_values()

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

    def _names(self, activity: Activity) -> set[str]:
        names = {self.chosen_name(activity), self.description_name(activity)}
        if activity.code == Activity.OTHER:
            names.add("titel_other")
        return names

    def commitment_changes(self) -> tuple[list[CommitmentInput], list[Activity]]:
        """The activities the applicant changed on this page: those now chosen (with their
        text) and those unticked. An activity they did not touch is left as stored."""
        chosen, removed = [], []
        for activity in self.activities:
            if not self._names(activity) & self.edited:
                continue
            if not self.cleaned_data.get(self.chosen_name(activity)):
                removed.append(activity)
                continue
            chosen.append(
                CommitmentInput(
                    activity=activity,
                    title=_one_line(self.cleaned_data.get("titel_other", ""))
                    if activity.code == Activity.OTHER
                    else "",
                    description=self.cleaned_data[self.description_name(activity)].strip(),
                )
            )
        return chosen, removed

    @classmethod
    def initial_for(cls, application: Application) -> dict:
        initial = {}
        for commitment in application.commitments.select_related("activity"):
            initial[cls.chosen_name(commitment.activity)] = True
            initial[cls.description_name(commitment.activity)] = commitment.description
            if commitment.activity.code == Activity.OTHER:
                initial["titel_other"] = commitment.title
        return initial


class DecisionForm(ShownValuesMixin, forms.Form):
    without_shown_value = ("decision_document", "remove_document")

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

    def body_shown_value(self) -> str:
        """The hidden value of the radio buttons, which the template renders one by one."""
        return self["decision_body"].as_hidden(only_initial=True)

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


class ContactForm(ShownValuesMixin, forms.Form):
    """One contact person. In a draft any field may stay empty; a row left empty is no one."""

    TEXT_FIELDS = ("name", "email", "phone", "role")
    REQUIRED_FIELDS = ("name", "email", "role")
    without_shown_value = ("ref",)

    ref = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
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

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.draft = draft
        if draft:
            for name in self.REQUIRED_FIELDS:
                self.fields[name].required = False

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

    def is_blank(self) -> bool:
        """Nothing typed in the row (a tick on 'public' alone is nobody)."""
        return not any(str(self[name].data or "").strip() for name in self.TEXT_FIELDS)

    def is_edited(self) -> bool:
        """Changed on this page, compared with what the page showed."""
        return bool({*self.TEXT_FIELDS, "is_public"} & self.edited)

    def removal_ticked(self) -> bool:
        return "DELETE" in self.fields and bool(self["DELETE"].data)

    def has_changed(self) -> bool:
        """Whether the row is checked at all (the formset lets unchanged rows through): every
        row with something in it is, so that the page's addresses are compared; what is saved
        are the rows the applicant changed (``is_edited``)."""
        return not self.is_blank()

    def stored_ref(self) -> int | None:
        """The stored contact this row showed (None for a new row, or a value that is not
        a number, which the form refuses)."""
        value = self["ref"].data
        return int(value) if str(value or "").isdigit() else None


class BaseContactFormSet(forms.BaseFormSet):
    default_error_messages = {
        "too_many_forms": _(
            "Een aanvraag heeft hoogstens %(num)d contactpersonen. Meer collega's nodig je na "
            "de goedkeuring uit in het portaal."
        ),
    }

    def __init__(self, *args, draft: bool = False, **kwargs):
        super().__init__(*args, form_kwargs={"draft": draft}, **kwargs)
        self.draft = draft

    def get_form_kwargs(self, index):
        # Every row may be left alone: ContactForm.has_changed says which rows are checked.
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def live_forms(self) -> list[ContactForm]:
        """The persons on the page after the applicant's save: rows with something in them,
        not removed."""
        return [
            form
            for form in self.forms
            if not form.is_blank() and not form.removal_ticked() and form.is_valid()
        ]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        addresses = set()
        for form in self.live_forms():
            address = form.cleaned_data["email"].lower()
            if not address:
                continue
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
        if not self.draft and not self.live_forms():
            raise ValidationError(_("Geef minstens één contactpersoon."), code="no_contact")

    def contact_changes(self) -> tuple[list[ContactInput], list[int]]:
        """The persons the applicant added or changed on this page, and the stored contacts
        they removed (ticked, or every field emptied). Rows they did not touch are left as
        stored: another tab may have changed them since this page was shown."""
        removed = [
            form.stored_ref()
            for form in self.forms
            if form.stored_ref() and (form.removal_ticked() or form.is_blank())
        ]
        changed = [
            ContactInput(
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                phone=form.cleaned_data["phone"],
                role=form.cleaned_data["role"],
                is_public=form.cleaned_data["is_public"],
                ref=form.cleaned_data["ref"],
            )
            for form in self.live_forms()
            if form.is_edited()
        ]
        return changed, removed

    @staticmethod
    def initial_for(application: Application) -> list[dict]:
        return [
            {
                "ref": contact.pk,
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
