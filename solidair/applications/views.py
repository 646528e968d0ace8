"""Applying to join the network: choose the municipality, fill in the steps, submit.

The applicant has no account: after the first step every page is reached through the secret
link (``/aansluiten/<token>/``) that was also mailed to them. Pages behind the link are
private (never cached) and answer 404 once the application is decided.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from solidair.applications import forms
from solidair.applications.models import Application
from solidair.applications.privacy import draft_kept_days
from solidair.applications.services import (
    MAX_CONTACTS,
    application_applicant_save,
    application_commitments_save,
    application_contacts_save,
    application_decision_save,
    application_document_save,
    application_links_resend,
    application_problems,
    application_start,
    application_submit,
    municipality_is_member,
)
from solidair.municipalities.models import Municipality
from solidair.municipalities.search import search_municipalities
from solidair.operations.uploads import file_response
from solidair.web.ratelimits import rate_limited, too_many

# Each start and each submission sends mail: enough for a person, little for a script.
RATE_START_PER_IP = "10/h"
RATE_START_PER_ADDRESS = "5/h"
RATE_SUBMIT_PER_IP = "20/h"
RATE_SUBMIT_PER_ADDRESS = "10/h"


TOO_MANY = "applications/too_many.html"


def _start_limited(request: HttpRequest, address: str) -> bool:
    """Starting and asking for the links again are counted where the view knows the address
    (an empty one is not counted), and a request over the limit per IP is not counted per
    address."""
    return rate_limited(
        request, group="applications-start-ip", key="ip", rate=RATE_START_PER_IP
    ) or bool(
        address
        and rate_limited(
            request,
            group="applications-start-address",
            key=lambda group, request: address,
            rate=RATE_START_PER_ADDRESS,
        )
    )


@require_safe
def start(request: HttpRequest) -> HttpResponse:
    """Step 1: which municipality? ``?gemeente=`` takes a slug, a name or a postal code."""
    query = request.GET.get("gemeente", "").strip()
    if not query:
        return render(request, "applications/start.html", {})
    municipality = Municipality.objects.filter(slug=query[:100]).first()
    if municipality:
        return redirect("applications:municipality", slug=municipality.slug)
    outcome = search_municipalities(query)
    if outcome.answer:
        return redirect("applications:municipality", slug=outcome.answer.municipality.slug)
    return render(request, "applications/start.html", {"outcome": outcome, "query": query})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def municipality_start(request: HttpRequest, slug: str) -> HttpResponse:
    """Who applies for this municipality; their draft is made and its link mailed."""
    municipality = get_object_or_404(Municipality.objects.select_related("province"), slug=slug)
    context = {"municipality": municipality}
    if not municipality.is_flemish:
        return render(request, "applications/not_possible.html", {**context, "reason": "region"})
    if municipality_is_member(municipality):
        return render(request, "applications/not_possible.html", {**context, "reason": "member"})
    form = forms.StartForm(request.POST or None)
    if request.method == "POST":
        address = request.POST.get("applicant_email", "").strip().lower()[:254]
        if _start_limited(request, address):
            return too_many(request, TOO_MANY)
        if form.is_valid():
            try:
                _application, token = application_start(
                    municipality=municipality,
                    applicant_name=form.cleaned_data["applicant_name"],
                    applicant_email=form.cleaned_data["applicant_email"],
                    applicant_role=form.cleaned_data["applicant_role"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Je aanvraag is begonnen. We stuurden je een e-mail met een link: "
                        "daarmee werk je later verder."
                    ),
                )
                return redirect("applications:step", token=token, step="engagementen")
        status = 400 if form.is_bot() else 200
        return render(
            request, "applications/municipality.html", {**context, "form": form}, status=status
        )
    return render(request, "applications/municipality.html", {**context, "form": form})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def link_request(request: HttpRequest) -> HttpResponse:
    """Lost the mail with the link? It is sent again to the address that started the draft;
    the answer is the same whether there is one or not."""
    form = forms.LinkRequestForm(request.POST or None)
    if request.method == "POST":
        address = request.POST.get("email", "").strip().lower()[:254]
        if _start_limited(request, address):
            return too_many(request, TOO_MANY)
        if form.is_valid():
            application_links_resend(email=form.cleaned_data["email"])
            return render(request, "applications/link_sent.html", {})
    return render(request, "applications/link_request.html", {"form": form})


def _application(token: str) -> Application:
    application = Application.objects.by_token(token).select_related("municipality").first()
    if application is None:
        raise Http404("No open application has this link.")
    return application


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    template: str


STEPS = [
    Step("aanvrager", gettext_lazy("Over jou"), "applications/step_applicant.html"),
    Step("engagementen", gettext_lazy("Engagementen"), "applications/step_commitments.html"),
    Step("beslissing", gettext_lazy("Beslissing"), "applications/step_decision.html"),
    Step("contactpersonen", gettext_lazy("Contactpersonen"), "applications/step_contacts.html"),
]
STEP_BY_SLUG = {step.slug: step for step in STEPS}


def _form_for(step: str, application: Application, request: HttpRequest | None, draft: bool):
    """The step's form; bound to the request's POST when there is one. A bound form is not
    given the stored values: it compares with the values the page showed (ShownValuesMixin)."""
    data = request.POST if request else None
    if step == "aanvrager":
        return forms.ApplicantStepForm(data, initial=forms.ApplicantForm.initial_for(application))
    if step == "engagementen":
        return forms.CommitmentsForm(
            data, initial=forms.CommitmentsForm.initial_for(application), draft=draft
        )
    if step == "beslissing":
        return forms.DecisionForm(
            data,
            request.FILES if request else None,
            initial=forms.DecisionForm.initial_for(application),
            draft=draft,
            has_document=bool(application.decision_document),
        )
    return forms.ContactFormSet(
        data,
        initial=None if request else forms.ContactFormSet.initial_for(application),
        prefix="contact",
        draft=draft,
    )


def _save(step: str, application: Application, form) -> None:
    """Save what the applicant changed on the page; what they left alone stays as stored."""
    if step == "aanvrager":
        application_applicant_save(
            application=application,
            name=form.value_over("applicant_name", application.applicant_name),
            email=form.value_over("applicant_email", application.applicant_email),
            role=form.value_over("applicant_role", application.applicant_role),
        )
    elif step == "engagementen":
        chosen, removed = form.commitment_changes()
        application_commitments_save(application=application, chosen=chosen, removed=removed)
    elif step == "beslissing":
        data = form.cleaned_data
        application_decision_save(
            application=application,
            body=form.value_over("decision_body", application.decision_body),
            decided_on=form.value_over("decision_date", application.decision_date),
            url=form.value_over("decision_url", application.decision_url),
            document=data["decision_document"] or None,
            remove_document=data.get("remove_document", False),
        )
    else:
        contacts, removed = form.contact_changes()
        application_contacts_save(application=application, contacts=contacts, removed=removed)


def _next_url(token: str, step: str) -> str:
    slugs = [s.slug for s in STEPS]
    position = slugs.index(step)
    if position + 1 < len(slugs):
        return reverse("applications:step", kwargs={"token": token, "step": slugs[position + 1]})
    return reverse("applications:overview", kwargs={"token": token})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def step(request: HttpRequest, token: str, step: str) -> HttpResponse:
    """One step of the draft. 'Opslaan en verder' checks the step; 'Bewaar als concept' keeps
    what is there, complete or not; 'Nog een contactpersoon' saves and adds an empty row."""
    application = _application(token)
    current = STEP_BY_SLUG.get(step)
    if current is None:
        raise Http404("No such step.")
    if not application.is_editable:
        return redirect("applications:overview", token=token)
    action = request.POST.get("actie", "verder")
    draft = action != "verder"
    if request.method == "POST":
        form = _form_for(step, application, request, draft)
        if form.is_valid():
            try:
                _save(step, application, form)
            except ValidationError as error:
                if error.code == "not_editable":
                    # Submitted meanwhile (another tab, a colleague with the same link).
                    messages.error(request, " ".join(error.messages))
                    return redirect("applications:overview", token=token)
                # What the page did not show (another tab's contacts) refused the save: the
                # page comes back with everything typed and the reason.
                _form_error(form, error)
            else:
                if action == "verder":
                    return redirect(_next_url(token, step))
                messages.success(
                    request,
                    _(
                        "Je concept is bewaard. Je kunt later verder werken met de link uit "
                        "je e-mail."
                    ),
                )
                url = reverse("applications:step", kwargs={"token": token, "step": step})
                return redirect(url + ("#nieuw" if action == "meer" else ""))
        if step == "beslissing":
            _keep_checked_document(application, form)
    else:
        form = _form_for(step, application, None, draft)
    return render(
        request,
        current.template,
        {
            "application": application,
            "municipality": application.municipality,
            "token": token,
            "form": form,
            "steps": STEPS,
            "current": current,
            "number": STEPS.index(current) + 1,
            "total": len(STEPS) + 1,
            "max_contacts": MAX_CONTACTS,
        },
    )


def _form_error(form, error: ValidationError) -> None:
    if isinstance(form, forms.BaseContactFormSet):
        form.non_form_errors().extend(error.messages)
    else:
        form.add_error(None, error)


def _keep_checked_document(application: Application, form: forms.DecisionForm) -> None:
    """A PDF that passed its checks is kept even when another field has an error, so that
    nobody has to choose the file again."""
    document = getattr(form, "cleaned_data", {}).get("decision_document")
    if document and "decision_document" not in form.errors:
        application_document_save(application=application, document=document)
        form.has_document = True
        form.document_kept = True


@never_cache
@require_safe
def overview(request: HttpRequest, token: str) -> HttpResponse:
    """The whole application, what is missing, and the button to submit it."""
    application = _application(token)
    return _render_overview(request, application, token)


def _render_overview(request, application, token, *, errors=None, status=200):
    application = Application.objects.with_parts().get(pk=application.pk)
    return render(
        request,
        "applications/overview.html",
        {
            "application": application,
            "municipality": application.municipality,
            "token": token,
            "steps": STEPS,
            "number": len(STEPS) + 1,
            "total": len(STEPS) + 1,
            "problems": application_problems(application=application)
            if application.is_editable
            else [],
            "errors": errors or [],
            "draft_kept_days": draft_kept_days(),
        },
        status=status,
    )


@never_cache
@require_POST
def submit(request: HttpRequest, token: str) -> HttpResponse:
    application = _application(token)
    address = application.applicant_email.lower()
    # Counted once the link is known to be good: its address is the key.
    if rate_limited(
        request, group="applications-submit-ip", key="ip", rate=RATE_SUBMIT_PER_IP
    ) or rate_limited(
        request,
        group="applications-submit-address",
        key=lambda group, request: address,
        rate=RATE_SUBMIT_PER_ADDRESS,
    ):
        return too_many(request, TOO_MANY)
    try:
        application_submit(application=application)
    except ValidationError as error:
        return _render_overview(request, application, token, errors=error.messages)
    messages.success(request, _("Je aanvraag is ingediend. Je kreeg een bevestiging per e-mail."))
    return redirect("applications:overview", token=token)


@never_cache
@require_safe
def document(request: HttpRequest, token: str) -> HttpResponse:
    """The uploaded decision, for its applicant only (coordinators use the back-office)."""
    application = _application(token)
    if not application.decision_document:
        raise Http404("No document.")
    response = file_response(application.decision_document, download_name="beslissing.pdf")
    response["Cache-Control"] = "private, no-store"
    return response
