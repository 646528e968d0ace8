"""Signing in to the municipality portal by e-mailed link, and signing out."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from solidair.portal.forms.sign_in import SignInForm
from solidair.portal.sign_in import (
    address_normalise,
    portal_sign_in_link_send,
    portal_token_user,
)
from solidair.web.links import mailed_link, mailed_link_view
from solidair.web.ratelimits import rate_limit

# A person asks for a link once or twice; a script guessing addresses asks for many.
RATE_PER_ADDRESS = "5/10m"
RATE_PER_IP = "20/h"
TOO_MANY = "portal/too_many.html"


def _submitted_address(group: str, request: HttpRequest) -> str:
    return address_normalise(request.POST.get("email", ""))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(group="portal-sign-in-ip", key="ip", rate=RATE_PER_IP, template=TOO_MANY)
@rate_limit(
    group="portal-sign-in-address", key=_submitted_address, rate=RATE_PER_ADDRESS, template=TOO_MANY
)
def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for a link. The answer says nothing about whether the address is known."""
    if request.method != "POST":
        return render(request, "portal/sign_in.html", {"form": SignInForm()})
    started = time.monotonic()
    form = SignInForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/sign_in.html", {"form": form})
    portal_sign_in_link_send(email=form.cleaned_data["email"])
    # Known and unknown addresses take the same time: the difference (an account, a queued
    # mail) disappears under this floor.
    remaining = settings.PORTAL_SIGN_IN_MIN_SECONDS - (time.monotonic() - started)
    if remaining > 0:
        time.sleep(remaining)
    return render(request, "portal/sign_in_sent.html", {})


@mailed_link_view
def sign_in_link(request: HttpRequest) -> HttpResponse:
    """The page the mailed link opens. GET only shows a button; its POST uses the token, so a
    mail scanner that fetches the link does not sign anyone in nor use the link up."""
    token_name = settings.SESAME_TOKEN_NAME
    source = request.POST if request.method == "POST" else request.GET
    token = source.get(token_name, "")

    def act(user: AbstractBaseUser) -> HttpResponse:
        login(request, user)  # updates the last login date: this link and older ones are used up
        return redirect("portal:home")

    return mailed_link(
        request,
        row=portal_token_user(token=token),
        template="portal/sign_in_link.html",
        context={"token": token, "token_name": token_name},
        act=act,
        invalid_template="portal/link_invalid.html",
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.success(request, _("Je bent afgemeld."))
    return redirect("portal:sign_in")
