"""Asking for an introduction to a member that has realised what this municipality has not
(solidair/network/peers.py)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.membership.models import Activity
from solidair.municipalities.models import Municipality
from solidair.network.peers import IntroductionRefused, introduction_request
from solidair.portal.permissions import municipality_for_contact, portal_login_required
from solidair.web.ratelimits import rate_limit

# Each introduction mails two municipalities' contacts.
RATE_PER_USER = "10/h"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@rate_limit(
    group="portal-introduction",
    key="user",
    rate=RATE_PER_USER,
    template="portal/edit/too_many.html",
)
def introduction_create(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the members who can help, each with its button; POST: ask one of them."""
    municipality = municipality_for_contact(request.user, slug)
    if request.method != "POST":
        return render(request, "portal/introductions.html", {"municipality": municipality})
    to = Municipality.objects.filter(slug=request.POST.get("to", "")).first()
    activity = Activity.objects.filter(code=request.POST.get("activity", "")).first()
    if to is None or activity is None:
        raise Http404("No such municipality or activity.")
    try:
        introduction_request(
            from_municipality=municipality, to_municipality=to, activity=activity, by=request.user
        )
    except IntroductionRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(
            request,
            _(
                "Gevraagd: de contactpersonen van %(name)s en van jouw gemeente kregen een "
                "e-mail om kennis te maken over '%(activity)s'."
            )
            % {"name": to.name, "activity": activity.label},
        )
    return redirect(reverse("portal:municipality", kwargs={"slug": slug}) + "#wie-kan-helpen")
