"""Pages of collective letters: start one, confirm it, share it (page, QR code, poster),
co-sign it, confirm a signature, manage and send it (solidair.letters.delivery.collective)."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from solidair.letters.delivery import collective
from solidair.letters.delivery.privacy import my_data_url
from solidair.letters.forms.collective import CollectiveStartForm, SignForm
from solidair.letters.models import CollectiveLetter, CoSignature, LetterStatus
from solidair.letters.views.common import (
    GET_POST,
    LINK_INVALID,
    RATE_LINKS,
    TOO_MANY,
    flemish_municipality,
)
from solidair.lib.tokens import email_digest
from solidair.web.links import LinkInvalid, mailed_link, mailed_link_view
from solidair.web.ratelimits import is_limited, rate_limit, too_many

# A person starts or signs a letter once; a script signing with invented addresses many times.
RATE_PER_IP = "10/10m"
RATE_PER_ADDRESS = "3/h"


def _address(group: str, request: HttpRequest) -> str:
    """Rate-limit key: the submitted address, as a digest (the cache never holds it)."""
    return email_digest(request.POST.get("email", ""))


@never_cache
@require_http_methods(GET_POST)
@rate_limit(group="collective-ip", key="ip", rate=RATE_PER_IP)
@rate_limit(group="collective-address", key=_address, rate=RATE_PER_ADDRESS)
def collective_start(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = flemish_municipality(slug)
    if request.method == "POST":
        if is_limited(request):
            return too_many(request, TOO_MANY)
        form = CollectiveStartForm(request.POST, municipality=municipality)
        if form.is_valid():
            if not form.is_bot():
                collective.collective_letter_start(
                    municipality=municipality, details=form.details()
                )
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


@mailed_link_view
@rate_limit(group="letter-links", key="ip", rate=RATE_LINKS, methods=None)
def collective_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if is_limited(request):
        return too_many(request, TOO_MANY)

    def act(found: CollectiveLetter) -> HttpResponse:
        letter = collective.collective_letter_confirm(token=token)
        if letter is None:
            raise LinkInvalid  # confirmed at the same moment, in another tab
        return redirect(collective.manage_path(letter))

    return mailed_link(
        request,
        row=collective.collective_letter_by_confirm_token(token),
        template="letters/collective/confirm.html",
        context=lambda letter: {"letter": letter},
        act=act,
        invalid_template=LINK_INVALID,
    )


@mailed_link_view
@rate_limit(group="letter-links", key="ip", rate=RATE_LINKS, methods=None)
def collective_manage(request: HttpRequest, token: str) -> HttpResponse:
    if is_limited(request):
        return too_many(request, TOO_MANY)

    def act(letter: CollectiveLetter) -> HttpResponse | None:
        if "versturen" not in request.POST:
            return None
        collective.collective_letter_send(letter=letter)
        return redirect(request.path)

    return mailed_link(
        request,
        row=collective.collective_letter_by_manage_token(token),
        template="letters/collective/manage.html",
        context=lambda letter: {
            "letter": letter,
            "share_url": collective.share_url(letter),
            "count": collective.signatory_count(letter),
            "public_names": collective.public_signatory_names(letter),
            "address_known": collective.council_address_known(letter),
            "my_data_url": my_data_url(letter),
        },
        act=act,
        invalid_template=LINK_INVALID,
    )


def _public_letter(share_key: str) -> CollectiveLetter:
    letter = get_object_or_404(
        CollectiveLetter.objects.select_related("municipality"), share_key=share_key
    )
    if letter.status == LetterStatus.UNCONFIRMED:
        raise Http404
    return letter


@require_http_methods(GET_POST)
@rate_limit(group="collective-ip", key="ip", rate=RATE_PER_IP)
@rate_limit(group="collective-address", key=_address, rate=RATE_PER_ADDRESS)
def collective_detail(request: HttpRequest, share_key: str) -> HttpResponse:
    """The share page: the letter, how many signed, and the form to co-sign."""
    letter = _public_letter(share_key)
    is_open = letter.status == LetterStatus.OPEN and letter.erased_at is None
    form = None
    if is_open:
        form_args = {"municipality": letter.municipality, "is_petition": letter.is_petition}
        if request.method == "POST":
            if is_limited(request):
                return too_many(request, TOO_MANY)
            form = SignForm(request.POST, **form_args)
            if form.is_valid():
                try:
                    if not form.is_bot():
                        collective.collective_letter_sign(letter=letter, details=form.details())
                except collective.SigningClosed:
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
            "count": collective.signatory_count(letter),
            "public_names": collective.public_signatory_names(letter),
            "preview": collective.collective_letter_build(letter=letter, public=True)
            if letter.erased_at is None
            else None,
            "share_url": collective.share_url(letter),
        },
    )


@require_safe
def collective_qr(request: HttpRequest, share_key: str) -> HttpResponse:
    letter = _public_letter(share_key)
    response = HttpResponse(collective.share_qr_svg(letter), content_type="image/svg+xml")
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
        {"letter": letter, "share_url": collective.share_url(letter)},
    )


@mailed_link_view
@rate_limit(group="letter-links", key="ip", rate=RATE_LINKS, methods=None)
def signature_confirm(request: HttpRequest, token: str) -> HttpResponse:
    if is_limited(request):
        return too_many(request, TOO_MANY)

    def act(found: CoSignature) -> HttpResponse:
        signature = collective.co_signature_confirm(token=token)
        if signature is None:
            raise LinkInvalid  # confirmed at the same moment, in another tab
        letter = signature.letter
        return render(
            request,
            "letters/collective/signed.html",
            {
                "letter": letter,
                "count": collective.signatory_count(letter),
                "share_url": collective.share_url(letter),
                "my_data_url": my_data_url(signature),
            },
        )

    return mailed_link(
        request,
        row=collective.co_signature_by_confirm_token(token),
        template="letters/collective/sign_confirm.html",
        context=lambda signature: {"signature": signature},
        act=act,
        invalid_template=LINK_INVALID,
    )
