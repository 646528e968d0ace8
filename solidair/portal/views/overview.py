"""A contact's home in the portal and the overview of a municipality they stand for.

Every page is private (never cached) and every read of a municipality goes through
permissions.py.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from solidair.portal.permissions import (
    managed_municipalities,
    municipality_for_contact,
    portal_login_required,
)
from solidair.portal.selectors import municipality_overview, partner_organisations


@never_cache
@require_safe
@portal_login_required
def home(request: HttpRequest) -> HttpResponse:
    municipalities = list(managed_municipalities(request.user))
    organisations = [] if municipalities else partner_organisations(request.user)
    return render(
        request,
        "portal/home.html",
        {"municipalities": municipalities, "organisations": organisations},
    )


@never_cache
@require_safe
@portal_login_required
def municipality_detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_contact(request.user, slug)
    return render(
        request, "portal/municipality.html", {"overview": municipality_overview(municipality)}
    )
