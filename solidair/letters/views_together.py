"""Pages of collective letters, the follow-up and the residents' own data.

Every link a resident gets by mail opens a page that only shows what will happen and a button;
the button's POST does it, so mail scanners that open links change nothing. A link that does
not fit (forged, expired, used, erased, unknown) always gets the same page (status 410).
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_ratelimit.decorators import ratelimit

from solidair.letters.delivery import collective as together
from solidair.letters.delivery.followup import ANSWER_SLUGS, followup_answer, followup_lookup
from solidair.letters.delivery.privacy import (
    KEPT_AFTER_SENDING,
    KEPT_OPEN_COLLECTIVE,
    KEPT_UNCONFIRMED,
    UNSENT,
    my_data_lookup,
    my_data_url,
    personal_data_erase,
    personal_data_shown,
)
from solidair.letters.forms_together import CollectiveStartForm, ResponseForm, SignForm
from solidair.letters.models import CollectiveLetter, CoSignature, FollowUpAnswer, LetterStatus
from solidair.letters.views import _municipality, _too_many
from solidair.lib.tokens import email_digest
from solidair.membership.corrections import EMAIL_KEPT_AFTER_HANDLING, EMAIL_KEPT_AT_MOST

# A person starts or signs a letter once; a script signing with invented addresses many times.
RATE_PER_IP = "10/10m"
RATE_PER_ADDRESS = "3/h"
# Links from mails: a person clicks a few; a script guessing tokens many.
RATE_LINKS = "30/10m"

GET_POST = ["GET", "HEAD", "POST"]


def _address(group: str, request: HttpRequest) -> str:
    """Rate-limit key: the submitted address, as a digest (the cache never holds it)."""
    return email_digest(request.POST.get("email", ""))


def _link_invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "letters/link_invalid.html", status=410)


def _limited(request: HttpRequest) -> bool:
    return getattr(request, "limited", False)


# --- Collective letters ----------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
@ratelimit(group="collective-ip", key="ip", rate=RATE_PER_IP, method="POST", block=False)
@ratelimit(group="collective-address", key=_address, rate=RATE_PER_ADDRESS, method="POST",
           block=False)  # fmt: skip
def collective_start(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    if request.method == "POST":
        if _limited(request):
            return _too_many(request)
        form = CollectiveStartForm(request.POST, municipality=municipality)
        if form.is_valid():
            if not form.is_bot():
                together.collective_letter_start(municipality=municipality, details=form.details())
            return render(
                request,
                "letters/collective/check_mail.html",
                {"municipality": municipality, "email": form.cleaned_data["email"]},
            )
    else:
        form = CollectiveStartForm(
            municipality=municipality,
            initial={"bestuur": "stad" if municipality.is_city else "gemeente"},
        )
    return render(
        request, "letters/collective/start.html", {"municipality": municipality, "form": form}
    )


@never_cache
@require_http_methods(GET_POST)
@ratelimit(group="letter-links", key="ip", rate=RATE_LINKS, block=False)
def collective_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        return _too_many(request)
    if request.method == "POST":
        letter = together.collective_letter_confirm(token=token)
        if letter is None:
            return _link_invalid(request)
        return redirect(together.manage_path(letter))
    letter = together.collective_letter_by_confirm_token(token)
    if letter is None:
        return _link_invalid(request)
    return render(request, "letters/collective/confirm.html", {"letter": letter})


@never_cache
@require_http_methods(GET_POST)
@ratelimit(group="letter-links", key="ip", rate=RATE_LINKS, block=False)
def collective_manage(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        return _too_many(request)
    letter = together.collective_letter_by_manage_token(token)
    if letter is None:
        return _link_invalid(request)
    if request.method == "POST" and "versturen" in request.POST:
        together.collective_letter_send(letter=letter)
        return redirect(request.path)
    return render(
        request,
        "letters/collective/manage.html",
        {
            "letter": letter,
            "share_url": together.share_url(letter),
            "count": together.signatory_count(letter),
            "public_names": together.public_signatory_names(letter),
            "address_known": together.council_address_known(letter),
            "my_data_url": my_data_url(letter),
        },
    )


def _public_letter(share_key: str) -> CollectiveLetter:
    letter = get_object_or_404(
        CollectiveLetter.objects.select_related("municipality"), share_key=share_key
    )
    if letter.status == LetterStatus.UNCONFIRMED:
        raise Http404
    return letter


@require_http_methods(GET_POST)
@ratelimit(group="collective-ip", key="ip", rate=RATE_PER_IP, method="POST", block=False)
@ratelimit(group="collective-address", key=_address, rate=RATE_PER_ADDRESS, method="POST",
           block=False)  # fmt: skip
def collective_detail(request: HttpRequest, share_key: str) -> HttpResponse:
    """The share page: the letter, how many signed, and the form to co-sign."""
    letter = _public_letter(share_key)
    is_open = letter.status == LetterStatus.OPEN and letter.erased_at is None
    form = None
    if is_open:
        form_args = {"municipality": letter.municipality, "is_petition": letter.is_petition}
        if request.method == "POST":
            if _limited(request):
                return _too_many(request)
            form = SignForm(request.POST, **form_args)
            if form.is_valid():
                try:
                    if not form.is_bot():
                        together.collective_letter_sign(letter=letter, details=form.details())
                except together.SigningClosed:
                    return redirect(request.path)
                return render(
                    request,
                    "letters/collective/sign_check_mail.html",
                    {"letter": letter, "email": form.cleaned_data["email"]},
                )
        else:
            form = SignForm(**form_args)
    elif request.method == "POST":
        return redirect(request.path)
    return render(
        request,
        "letters/collective/detail.html",
        {
            "letter": letter,
            "is_open": is_open,
            "form": form,
            "count": together.signatory_count(letter),
            "public_names": together.public_signatory_names(letter),
            "preview": together.collective_letter_build(letter=letter, public=True)
            if letter.erased_at is None
            else None,
            "share_url": together.share_url(letter),
        },
    )


@require_safe
def collective_qr(request: HttpRequest, share_key: str) -> HttpResponse:
    letter = _public_letter(share_key)
    response = HttpResponse(together.share_qr_svg(letter), content_type="image/svg+xml")
    response["Content-Disposition"] = (
        f'inline; filename="brief-samen-{letter.municipality.slug}.svg"'
    )
    return response


@require_safe
def collective_poster(request: HttpRequest, share_key: str) -> HttpResponse:
    """A page to print: what the letter asks, the QR code and the link."""
    letter = _public_letter(share_key)
    return render(
        request,
        "letters/collective/poster.html",
        {"letter": letter, "share_url": together.share_url(letter)},
    )


@never_cache
@require_http_methods(GET_POST)
@ratelimit(group="letter-links", key="ip", rate=RATE_LINKS, block=False)
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if _limited(request):
        return _too_many(request)
    if request.method == "POST":
        signature = together.co_signature_confirm(token=token)
        if signature is None:
            return _link_invalid(request)
        letter = signature.letter
        return render(
            request,
            "letters/collective/signed.html",
            {
                "letter": letter,
                "count": together.signatory_count(letter),
                "share_url": together.share_url(letter),
                "my_data_url": my_data_url(signature),
            },
        )
    signature = together.co_signature_by_confirm_token(token)
    if signature is None:
        return _link_invalid(request)
    return render(request, "letters/collective/sign_confirm.html", {"signature": signature})


# --- Follow-up -------------------------------------------------------------------------------


@never_cache
@require_http_methods(GET_POST)
@ratelimit(group="letter-links", key="ip", rate=RATE_LINKS, block=False)
def followup(request: HttpRequest, token: str, answer: str) -> HttpResponse:
    if answer not in ANSWER_SLUGS:
        raise Http404
    if _limited(request):
        return _too_many(request)
    letter = followup_lookup(token=token)
    if letter is None:
        return _link_invalid(request)
    choice = ANSWER_SLUGS[answer]
    form = ResponseForm(request.POST or None) if choice == FollowUpAnswer.YES else None
    if request.method == "POST" and (form is None or form.is_valid()):
        # Answered in another tab in the meantime: that answer stands; thank them all the same.
        followup_answer(letter=letter, answer=choice, response=form.response() if form else None)
        return render(
            request,
            "letters/followup/thanks.html",
            {"letter": letter, "answer": choice, "municipality": letter.municipality},
        )
    return render(
        request,
        "letters/followup/answer.html",
        {
            "letter": letter,
            "answer": choice,
            "answer_label": FollowUpAnswer(choice).label,
            "form": form,
            "municipality": letter.municipality,
        },
    )


# --- Personal data ---------------------------------------------------------------------------


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "letters/privacy.html",
        {
            "days_sent": KEPT_AFTER_SENDING.days,
            "days_unconfirmed": KEPT_UNCONFIRMED.days,
            "months_open": 12,
            "days_open": KEPT_OPEN_COLLECTIVE.days,
            "contact": settings.NETWORK_CONTACT_EMAIL,
            # "Klopt er iets niet?" (solidair/membership/corrections.py).
            "report_days": EMAIL_KEPT_AFTER_HANDLING.days,
            "report_months": EMAIL_KEPT_AT_MOST.days // 30,
        },
    )


@never_cache
@require_http_methods(GET_POST)
@ratelimit(group="letter-links", key="ip", rate=RATE_LINKS, block=False)
def my_data(request: HttpRequest, token: str) -> HttpResponse:
    """A resident sees what is stored about them, and erases it at once."""
    if _limited(request):
        return _too_many(request)
    record = my_data_lookup(token=token)
    if record is None:
        return _link_invalid(request)
    if request.method == "POST" and "wissen" in request.POST:
        personal_data_erase(record=record)
        return render(request, "letters/my_data_erased.html", {})
    letter = record.letter if isinstance(record, CoSignature) else record
    return render(
        request,
        "letters/my_data.html",
        {
            "record": record,
            "rows": personal_data_shown(record),
            "letter": letter,
            "is_signature": isinstance(record, CoSignature),
            "is_collective": isinstance(record, CollectiveLetter),
            "is_sent": letter.status == LetterStatus.SENT,
            "is_unsent": letter.status in UNSENT,
            "days_sent": KEPT_AFTER_SENDING.days,
        },
    )
