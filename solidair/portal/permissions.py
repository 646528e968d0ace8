"""The one place that decides what a signed-in person may see in the municipality portal.

A person manages a municipality when their account's e-mail address is the address of one of
that municipality's contact persons (case-insensitive). It is checked on every request, so a
contact removed in the back-office loses access at once. Being staff or superuser grants
nothing here: coordinators work in /beheer/, and see a municipality in the portal only when they
are one of its contacts. Another municipality is answered with 404, exactly like one that
does not exist. Which municipalities a person stands for is ``managed_municipalities``
(solidair/membership/selectors.py), which the other apps ask too.
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    ClaimChange,
    Commitment,
    ContactPerson,
    CorrectionReport,
    ImprovementPlan,
    Membership,
)
from solidair.membership.selectors import managed_municipalities
from solidair.municipalities.models import Municipality


def municipality_for_contact(user: AbstractBaseUser | AnonymousUser, slug: str) -> Municipality:
    """The municipality ``slug`` if ``user`` is one of its contacts; Http404 otherwise."""
    municipality = managed_municipalities(user).filter(slug=slug).first()
    if municipality is None:
        raise Http404("No municipality of this contact has this slug.")
    return municipality


def membership_for_contact(user: AbstractBaseUser | AnonymousUser, slug: str) -> Membership:
    """The current membership of municipality ``slug`` if ``user`` is one of its contacts."""
    municipality = municipality_for_contact(user, slug)
    membership = Membership.objects.current().filter(municipality=municipality).first()
    if membership is None:
        raise Http404("This municipality has no current membership.")
    return membership


def commitment_for_contact(
    user: AbstractBaseUser | AnonymousUser, slug: str, pk: int
) -> Commitment:
    """A commitment of the current membership of ``slug``; Http404 for any other."""
    membership = membership_for_contact(user, slug)
    commitment = (
        Commitment.objects.select_related("activity", "membership__municipality")
        .filter(membership=membership, pk=pk)
        .first()
    )
    if commitment is None:
        raise Http404("No such commitment of this municipality.")
    return commitment


def claim_change_for_contact(
    user: AbstractBaseUser | AnonymousUser, slug: str, pk: int
) -> ClaimChange:
    """A coordinators' change to the current membership of ``slug``; Http404 for any other."""
    membership = membership_for_contact(user, slug)
    change = (
        ClaimChange.objects.select_related("membership__municipality", "commitment__activity")
        .filter(membership=membership, pk=pk)
        .first()
    )
    if change is None:
        raise Http404("No such change for this municipality.")
    return change


def plan_for_contact(user: AbstractBaseUser | AnonymousUser, slug: str, pk: int) -> ImprovementPlan:
    """An improvement plan of the current membership of ``slug``; Http404 for any other."""
    membership = membership_for_contact(user, slug)
    plan = (
        ImprovementPlan.objects.select_related("membership__municipality")
        .filter(membership=membership, pk=pk)
        .first()
    )
    if plan is None:
        raise Http404("No such plan for this municipality.")
    return plan


def initiative_for_contact(
    user: AbstractBaseUser | AnonymousUser, slug: str, pk: int
) -> Initiative:
    """An initiative of municipality ``slug``, published or not; Http404 for any other."""
    municipality = municipality_for_contact(user, slug)
    initiative = Initiative.objects.filter(municipality=municipality, pk=pk).first()
    if initiative is None:
        raise Http404("No such initiative of this municipality.")
    return initiative


def contact_for_contact(
    user: AbstractBaseUser | AnonymousUser, slug: str, pk: int
) -> ContactPerson:
    """A contact person of municipality ``slug``; Http404 for any other."""
    municipality = municipality_for_contact(user, slug)
    contact = ContactPerson.objects.filter(municipality=municipality, pk=pk).first()
    if contact is None:
        raise Http404("No such contact of this municipality.")
    return contact


def correction_report_for_contact(
    user: AbstractBaseUser | AnonymousUser, slug: str, pk: int
) -> CorrectionReport:
    """A report on municipality ``slug`` ("Klopt dit niet?"), for its right of reply; Http404
    for any other."""
    municipality = municipality_for_contact(user, slug)
    report = (
        CorrectionReport.objects.select_related("municipality")
        .filter(municipality=municipality, pk=pk)
        .first()
    )
    if report is None:
        raise Http404("No such report on this municipality.")
    return report


def is_own_contact(user: AbstractBaseUser | AnonymousUser, contact: ContactPerson) -> bool:
    """Whether ``contact`` is the signed-in person themself."""
    email = (getattr(user, "email", "") or "").strip().lower()
    return bool(email) and contact.email.strip().lower() == email


def portal_login_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Anonymous visitors go to the sign-in page (without a ``next``: links land on /portaal/)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect("portal:sign_in")
        return view(request, *args, **kwargs)

    return wrapper
