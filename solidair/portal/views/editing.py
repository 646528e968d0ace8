"""Keeping the page: a contact edits the municipality's text, contacts, initiatives and
commitments, and may ask to pause the membership.

Every object comes through ``solidair.portal.permissions`` (another municipality's is a 404);
every form is CSRF-protected (Django's middleware) and its POSTs are rate-limited per person,
since each one mails the coordinators.
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.initiatives.models import Initiative
from solidair.portal import editing
from solidair.portal.forms.editing import (
    CommitmentAddForm,
    CommitmentForm,
    ContactForm,
    InitiativeForm,
    InviteForm,
    PauseForm,
    PublicTextForm,
)
from solidair.portal.permissions import (
    commitment_for_contact,
    contact_for_contact,
    initiative_for_contact,
    membership_for_contact,
    municipality_for_contact,
    portal_login_required,
)
from solidair.web.ratelimits import rate_limit

# A contact saves a few forms in a sitting; each save is a mail to the coordinators.
RATE_PER_USER = "30/h"


def portal_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A private, signed-in portal page with a form: never cached, GET or POST, and POSTs
    beyond RATE_PER_USER answered with a Dutch 429 page before anything is read or saved."""
    limited = rate_limit(
        group="portal-edit", key="user", rate=RATE_PER_USER, template="portal/edit/too_many.html"
    )(view)
    return never_cache(
        require_http_methods(["GET", "HEAD", "POST"])(portal_login_required(limited))
    )


def _bound(request: HttpRequest) -> dict:
    if request.method == "POST":
        return {"data": request.POST, "files": request.FILES}
    return {}


def _add_errors(form, error: ValidationError) -> None:
    """Show a service's refusal in the form, on its field when it names one."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _done(request: HttpRequest, slug: str, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("portal:municipality", slug=slug)


@portal_form
def text_edit(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for_contact(request.user, slug)
    form = PublicTextForm(**_bound(request), initial={"public_text": membership.public_text})
    if request.method == "POST" and form.is_valid():
        editing.membership_text_update(
            membership=membership, public_text=form.cleaned_data["public_text"], by=request.user
        )
        return _done(request, slug, _("De publieke tekst is bewaard."))
    return render(
        request,
        "portal/edit/text.html",
        {"municipality": membership.municipality, "form": form},
    )


@portal_form
def contact_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contact = contact_for_contact(request.user, slug, pk)
    form = ContactForm(**_bound(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        editing.contact_update(
            contact=contact,
            changes={name: form.cleaned_data[name] for name in ContactForm.Meta.fields},
            by=request.user,
        )
        return _done(request, slug, _("De contactpersoon is bewaard."))
    return render(
        request,
        "portal/edit/contact.html",
        {"municipality": contact.municipality, "contact": contact, "form": form},
    )


@portal_form
def contact_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    contact = contact_for_contact(request.user, slug, pk)
    problem = editing.contact_removal_problem(contact=contact, by=request.user)
    if request.method == "POST" and not problem:
        try:
            editing.contact_remove(contact=contact, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return _done(request, slug, _("De contactpersoon is verwijderd."))
    return render(
        request,
        "portal/edit/contact_remove.html",
        {"municipality": contact.municipality, "contact": contact, "problem": problem},
        status=409 if problem and request.method == "POST" else 200,
    )


@portal_form
def contact_invite(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_contact(request.user, slug)
    form = InviteForm(**_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            editing.contact_invite(municipality=municipality, **form.cleaned_data, by=request.user)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(
                request,
                slug,
                _(
                    "Je uitnodiging ging naar de coördinatoren. Zodra zij ze goedkeuren, krijgt "
                    "je collega een e-mail om zich aan te melden."
                ),
            )
    return render(
        request, "portal/edit/contact_invite.html", {"municipality": municipality, "form": form}
    )


def _initiative_form(request: HttpRequest, slug: str, initiative: Initiative) -> HttpResponse:
    creating = initiative.pk is None
    form = InitiativeForm(**_bound(request), instance=initiative)
    if request.method == "POST" and form.is_valid():
        try:
            editing.initiative_save(
                initiative=initiative,
                changes=form.changes(),
                themes=form.cleaned_data["themes"],
                image=form.cleaned_data.get("image_upload"),
                remove_image=form.cleaned_data.get("remove_image", False),
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(
                request,
                slug,
                _("Het initiatief is toegevoegd.") if creating else _("Het initiatief is bewaard."),
            )
    return render(
        request,
        "portal/edit/initiative.html",
        {
            "municipality": initiative.municipality,
            "initiative": initiative,
            "creating": creating,
            "form": form,
        },
    )


@portal_form
def initiative_create(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_contact(request.user, slug)
    return _initiative_form(request, slug, Initiative(municipality=municipality, published=False))


@portal_form
def initiative_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _initiative_form(request, slug, initiative_for_contact(request.user, slug, pk))


@portal_form
def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    commitment = commitment_for_contact(request.user, slug, pk)
    form = CommitmentForm(**_bound(request), instance=commitment)
    if request.method == "POST" and form.is_valid():
        try:
            editing.commitment_update(
                commitment=commitment,
                changes=form.changes(),
                claims=form.claims(),
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(request, slug, _("Het engagement is bewaard."))
    rule_broken = any(
        error.code == "too_few_commitments" for error in form.errors.as_data().get("state", [])
    )
    return render(
        request,
        "portal/edit/commitment.html",
        {
            "municipality": commitment.membership.municipality,
            "membership": commitment.membership,
            "commitment": commitment,
            "form": form,
            "offer_pause": rule_broken and commitment.membership.is_active,
        },
    )


@portal_form
def commitment_add(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for_contact(request.user, slug)
    form = CommitmentAddForm(**_bound(request), membership=membership)
    if request.method == "POST" and form.is_valid():
        try:
            rung, claim = form.claim()
            editing.commitment_add(
                membership=membership,
                activity=form.cleaned_data["activity"],
                changes=form.changes(),
                rung=rung,
                claim=claim,
                by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(request, slug, _("Het engagement is toegevoegd."))
    return render(
        request,
        "portal/edit/commitment_add.html",
        {"municipality": membership.municipality, "membership": membership, "form": form},
    )


@portal_form
def commitment_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    commitment = commitment_for_contact(request.user, slug, pk)
    problem = editing.commitment_leaving_problem(commitment=commitment)
    if request.method == "POST" and not problem:
        try:
            editing.commitment_remove(commitment=commitment, by=request.user)
        except ValidationError as error:
            problem = " ".join(error.messages)
        else:
            return _done(request, slug, _("Het engagement is verwijderd."))
    return render(
        request,
        "portal/edit/commitment_remove.html",
        {
            "municipality": commitment.membership.municipality,
            "membership": commitment.membership,
            "commitment": commitment,
            "problem": problem,
        },
        status=409 if problem and request.method == "POST" else 200,
    )


@portal_form
def pause(request: HttpRequest, slug: str) -> HttpResponse:
    membership = membership_for_contact(request.user, slug)
    pending = membership.pause_requests.pending().first()
    form = PauseForm(**_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            editing.pause_request(
                membership=membership, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            return _done(
                request,
                slug,
                _("Je vraag om te pauzeren ging naar de coördinatoren; zij nemen contact op."),
            )
    return render(
        request,
        "portal/edit/pause.html",
        {
            "municipality": membership.municipality,
            "membership": membership,
            "pending": pending,
            "form": form,
        },
    )
