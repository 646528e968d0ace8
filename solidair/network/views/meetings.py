"""Learning meetings: the list and a meeting's page, registering, the links in its mails, and
the calendar feed.

The workflows are in solidair/network/meetings.py. Pages that depend on who is asking or carry
a token are never cached.
"""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from solidair.network import meetings
from solidair.network.forms import RegistrationForm
from solidair.network.models import Meeting, RegistrationStatus
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


def _link_page(
    request: HttpRequest, token: str, purpose: str, template: str, action
) -> HttpResponse:
    """A mailed link: GET shows a button, only its POST acts (mail scanners only GET)."""
    registration = meetings.registration_from_link(token=token, purpose=purpose)
    if registration is None:
        return render(request, "network/link_invalid.html", status=410)
    context = {"registration": registration, "meeting": registration.meeting}
    if request.method != "POST":
        return render(request, template, context)
    if error := action(registration=registration):
        return render(request, template, {**context, "error": error}, status=409)
    return None


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_cancel(request: HttpRequest, token: str) -> HttpResponse:
    response = _link_page(
        request,
        token,
        meetings.PURPOSE_CANCEL,
        "network/registration_cancel.html",
        meetings.registration_cancel,
    )
    if response is not None:
        return response
    return render(request, "network/registration_cancelled.html", {})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_offer(request: HttpRequest, token: str) -> HttpResponse:
    response = _link_page(
        request,
        token,
        meetings.PURPOSE_OFFER,
        "network/registration_offer.html",
        meetings.registration_offer_confirm,
    )
    if response is not None:
        return response
    messages.success(request, _("Je plaats is bevestigd. Je krijgt een bevestiging per mail."))
    return redirect(
        meetings.registration_from_link(token=token, purpose=meetings.PURPOSE_OFFER).meeting
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def registration_email(request: HttpRequest, token: str) -> HttpResponse:
    response = _link_page(
        request,
        token,
        meetings.PURPOSE_EMAIL,
        "network/registration_email.html",
        meetings.registration_email_confirm,
    )
    if response is not None:
        return response
    registration = meetings.registration_from_link(token=token, purpose=meetings.PURPOSE_EMAIL)
    return render(
        request,
        "network/registration_email_done.html",
        {"registration": registration, "meeting": registration.meeting},
    )


@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        meetings.meetings_calendar(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="bijeenkomsten.ics"'
    return response
