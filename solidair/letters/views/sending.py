"""Sending a letter by e-mail (solidair.letters.delivery.sending): the request, the confirmation
link, and an address suggestion for a council whose address is unknown.

Every refusal shows the page again with a Dutch message and everything the resident typed.
Pages reached by a mailed link are never cached; their GET only shows a button, so that mail
scanners that open links do not confirm anything.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from solidair.letters.composing.services import letter_build
from solidair.letters.delivery.addresses import council_address, council_address_suggestion_create
from solidair.letters.delivery.sending import (
    SendRefused,
    resident_letter_confirm,
    resident_letter_create,
    resident_letter_for_token,
)
from solidair.letters.forms.composing import ResidentLetterForm
from solidair.letters.forms.sending import AddressSuggestionForm, SendLetterForm
from solidair.letters.models import LetterStatus, ResidentLetter
from solidair.letters.views.common import LINK_INVALID, TOO_MANY, flemish_municipality
from solidair.letters.views.composing import preview_render
from solidair.membership.selectors import current_membership
from solidair.web.links import LinkInvalid, mailed_link, mailed_link_view
from solidair.web.ratelimits import is_limited, rate_limit, too_many

# A resident sends one letter, maybe after a correction; a script sends many.
RATE_SEND_PER_IP = "10/h"
RATE_SEND_PER_ADDRESS = "3/h"
RATE_CONFIRM_PER_IP = "30/h"
RATE_SUGGEST_PER_IP = "5/h"


def _submitted_address(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()


@never_cache
@require_POST
@rate_limit(group="letters-send-ip", key="ip", rate=RATE_SEND_PER_IP, methods=None)
@rate_limit(
    group="letters-send-address", key=_submitted_address, rate=RATE_SEND_PER_ADDRESS, methods=None
)
def send(request: HttpRequest, slug: str) -> HttpResponse:
    """The resident chose "Verstuur via e-mail" on the preview: store, mail the link."""
    municipality = flemish_municipality(slug)
    form = ResidentLetterForm(request.POST)
    if not form.is_valid():
        # Only a changed page gets here: the preview posts what the form accepted.
        return redirect("letters:compose", slug=slug)
    membership = current_membership(municipality)
    is_member = bool(membership and membership.is_active)
    letter = letter_build(municipality=municipality, resident=form.resident())
    send_form = SendLetterForm(request.POST)

    def refuse(message: str, status: int = 200) -> HttpResponse:
        return preview_render(
            request,
            municipality=municipality,
            form=form,
            letter=letter,
            is_member=is_member,
            send_form=send_form,
            send_error=message,
            status=status,
        )

    if is_limited(request):
        return refuse(
            _(
                "Er werden vanaf jouw verbinding of met dit e-mailadres al veel brieven "
                "verstuurd. Wacht een uur en probeer het dan opnieuw; je brief blijft hieronder "
                "staan en je kan hem ook downloaden."
            ),
            status=429,
        )
    if not send_form.is_valid():
        return refuse(" ".join(send_form.non_field_errors()))
    try:
        resident_letter_create(
            municipality=municipality,
            resident=form.resident(),
            letter=letter,
            cc_resident=send_form.cleaned_data["kopie"],
        )
    except SendRefused as refused:
        return refuse(refused.message)
    return redirect("letters:send_check_mail", slug=slug)


@require_safe
def send_check_mail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = flemish_municipality(slug)
    return render(request, "letters/send_check_mail.html", {"municipality": municipality})


@mailed_link_view
@rate_limit(group="letters-confirm-ip", key="ip", rate=RATE_CONFIRM_PER_IP, methods=None)
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the confirmation mail. The answer is the same for every link that does not
    work (never valid, used, expired, deleted)."""
    if request.method == "POST" and is_limited(request):
        return too_many(request, TOO_MANY)

    def act(found: ResidentLetter) -> HttpResponse:
        letter = resident_letter_confirm(token=token)
        if letter is None:
            raise LinkInvalid  # confirmed at the same moment, in another tab
        address = council_address(letter.municipality)
        return render(
            request,
            "letters/confirmed.html",
            {
                "letter": letter,
                "held": letter.status == LetterStatus.HELD,
                "address_failing": address is not None and address.is_failing,
            },
        )

    return mailed_link(
        request,
        row=resident_letter_for_token(token),
        template="letters/confirm.html",
        context=lambda letter: {
            "letter": letter,
            "council_address": council_address(letter.municipality),
        },
        act=act,
        invalid_template=LINK_INVALID,
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(group="letters-suggest-ip", key="ip", rate=RATE_SUGGEST_PER_IP)
def suggest_address(request: HttpRequest, slug: str) -> HttpResponse:
    """A resident proposes the council's address; coordinators review it in /beheer/."""
    municipality = flemish_municipality(slug)
    error = ""
    status = 200
    if request.method == "POST":
        form = AddressSuggestionForm(request.POST)
        if is_limited(request):
            error = _(
                "Er werden vanaf jouw verbinding al veel adressen voorgesteld. Wacht een uur en "
                "probeer het dan opnieuw."
            )
            status = 429
        elif form.is_valid():
            council_address_suggestion_create(
                municipality=municipality,
                email=form.cleaned_data["voorstel_email"],
                note=form.cleaned_data["toelichting"],
            )
            return render(request, "letters/suggest_thanks.html", {"municipality": municipality})
    else:
        form = AddressSuggestionForm()
    return render(
        request,
        "letters/suggest_address.html",
        {"municipality": municipality, "form": form, "error": error},
        status=status,
    )
