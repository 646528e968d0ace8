"""Learning meetings: the list and a meeting's page, registering, the links in its mails, and
the calendar feed.

The workflows are in solidair/network/meetings.py. Pages that depend on who is asking or carry
a token are never cached.
"""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from solidair.network import meetings
from solidair.network.forms import RegistrationForm
from solidair.network.models import Meeting, Registration, RegistrationStatus
from solidair.web.links import mailed_link, mailed_link_view
from solidair.web.paging import paginate
from solidair.web.ratelimits import is_limited, rate_limit, too_many

# Registering queues a mail; a person registers a few times a year, a script many times.
RATE_PER_IP = "20/h"
# An address that is not signed in gets a confirmation mail: not many to the same address.
RATE_PER_ADDRESS = "5/h"


@require_safe
def meeting_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and past learning meetings."""
    page, query = paginate(request, Meeting.objects.past(), per_page=20)
    return render(
        request,
        "network/meetings.html",
        {"upcoming": Meeting.objects.upcoming(), "page": page, "query": query},
    )


@never_cache  # shows the visitor's own registration
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.published(), pk=pk)
    practices = meeting.practices.filter(published=True).select_related("municipality")
    registration = meetings.meeting_page(meeting=meeting, user=request.user)
    return render(
        request,
        "network/meeting.html",
        {"meeting": meeting, "practices": practices, **registration},
    )


def _submitted_address(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
# Answered in the view, once a refusal, a closed registration or a GET has had its page.
@rate_limit(group="meeting-register-ip", key="ip", rate=RATE_PER_IP)
@rate_limit(group="meeting-register-address", key=_submitted_address, rate=RATE_PER_ADDRESS)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.published(), pk=pk)
    eligibility = meetings.registration_eligibility(meeting=meeting, user=request.user)
    context = {"meeting": meeting, "eligibility": eligibility}
    if eligibility.kind is None:
        return render(request, "network/register_refused.html", context, status=403)
    if reason := meetings.registration_closed_reason(meeting=meeting):
        return render(request, "network/register_closed.html", {**context, "reason": reason})
    if meetings.registration_of_user(meeting=meeting, user=request.user):
        messages.info(request, _("Je bent al ingeschreven voor deze bijeenkomst."))
        return redirect(meeting)
    if request.method != "POST":
        form = RegistrationForm(
            eligibility=eligibility, initial={"name": eligibility.name, "role": eligibility.role}
        )
        return render(request, "network/register.html", {**context, "form": form})
    if is_limited(request):
        return too_many(request, "network/too_many.html", context)
    form = RegistrationForm(request.POST, eligibility=eligibility)
    if not form.is_valid():
        return render(request, "network/register.html", {**context, "form": form})
    data = form.cleaned_data
    try:
        registration = meetings.registration_create(
            meeting=meeting,
            user=request.user,
            email=data.get("email", ""),
            name=data["name"],
            role=data["role"],
            municipality=data.get("municipality"),
            dietary_needs=data["dietary_needs"],
            accessibility_needs=data["accessibility_needs"],
        )
    except meetings.RegistrationRefused as refused:
        form.add_error(None, str(refused))
        return render(request, "network/register.html", {**context, "form": form})
    if eligibility.confirm_email:
        # The same answer for every address: it does not tell whether one was registered.
        return render(request, "network/register_check_mail.html", context)
    if registration.status == RegistrationStatus.WAITING:
        messages.info(
            request,
            _(
                "De bijeenkomst is volzet: je staat op de wachtlijst. Komt er een plaats vrij, "
                "dan krijg je een mail."
            ),
        )
    else:
        messages.success(
            request, _("Je bent ingeschreven. Je krijgt een bevestiging met een agenda-item.")
        )
    return redirect(meeting)


def _registration_link(
    request: HttpRequest,
    *,
    token: str,
    purpose: str,
    template: str,
    action: Callable[..., str],
    done: Callable[[Registration], HttpResponse],
) -> HttpResponse:
    """A registration's mailed link: GET shows a button, only its POST does ``action``; an
    action that cannot be done shows the page again with why (409), else ``done``."""

    def context(registration: Registration) -> dict:
        return {"registration": registration, "meeting": registration.meeting}

    def act(registration: Registration) -> HttpResponse:
        if error := action(registration=registration):
            return render(request, template, {**context(registration), "error": error}, status=409)
        return done(registration)

    return mailed_link(
        request,
        row=meetings.registration_from_link(token=token, purpose=purpose),
        template=template,
        context=context,
        act=act,
        invalid_template="network/link_invalid.html",
    )


@mailed_link_view
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(
        request,
        token=token,
        purpose=meetings.PURPOSE_CANCEL,
        template="network/registration_cancel.html",
        action=meetings.registration_cancel,
        done=lambda registration: render(request, "network/registration_cancelled.html", {}),
    )


@mailed_link_view
def registration_offer(request: HttpRequest, token: str) -> HttpResponse:
    def done(registration: Registration) -> HttpResponse:
        messages.success(request, _("Je plaats is bevestigd. Je krijgt een bevestiging per mail."))
        return redirect(registration.meeting)

    return _registration_link(
        request,
        token=token,
        purpose=meetings.PURPOSE_OFFER,
        template="network/registration_offer.html",
        action=meetings.registration_offer_confirm,
        done=done,
    )


@mailed_link_view
def registration_email(request: HttpRequest, token: str) -> HttpResponse:
    return _registration_link(
        request,
        token=token,
        purpose=meetings.PURPOSE_EMAIL,
        template="network/registration_email.html",
        action=meetings.registration_email_confirm,
        done=lambda registration: render(
            request,
            "network/registration_email_done.html",
            {"registration": registration, "meeting": registration.meeting},
        ),
    )


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        meetings.meetings_calendar(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    return response
