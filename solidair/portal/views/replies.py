"""The right of reply: a contact answers a coordinators' change before it is published."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.membership.replies import claim_change_reply
from solidair.portal.forms.replies import ReplyForm
from solidair.portal.permissions import claim_change_for_contact, portal_login_required
from solidair.web.ratelimits import is_limited, rate_limit, too_many

RATE_PER_USER = "30/h"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@rate_limit(group="portal-changes", key="user", rate=RATE_PER_USER)  # answered below
def claim_change_reply_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    change = claim_change_for_contact(request.user, slug, pk)
    if is_limited(request):  # after the 404 of another municipality's change
        return too_many(request, "portal/too_many_changes.html")
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if change.status == "waiting" and request.method == "POST" and form.is_valid():
        try:
            claim_change_reply(
                change=change,
                stance=form.cleaned_data["stance"],
                note=form.cleaned_data["reply_note"],
                evidence_url=form.cleaned_data["evidence_url"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("Bedankt! Jullie antwoord staat nu samen met de wijziging op de pagina.")
            )
            return redirect("portal:municipality", slug=slug)
    return render(
        request,
        "portal/claim_change_reply.html",
        {"municipality": change.membership.municipality, "change": change, "form": form},
    )
