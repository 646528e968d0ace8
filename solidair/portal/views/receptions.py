"""Reception places: a contact reports what the municipality offers, and sees the history."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.membership.receptions import reception_current, reception_history, reception_report
from solidair.portal.forms.receptions import ReceptionForm
from solidair.portal.permissions import municipality_for_contact, portal_login_required
from solidair.web.paging import paginate
from solidair.web.ratelimits import is_limited, rate_limit, too_many

RATE_PER_USER = "30/h"
HISTORY_PAGE_SIZE = 20


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@rate_limit(group="portal-changes", key="user", rate=RATE_PER_USER)  # answered below
def reception(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_contact(request.user, slug)
    if is_limited(request):  # after the 404 of another municipality's page
        return too_many(request, "portal/too_many_changes.html")
    current = reception_current(municipality)
    if request.method == "POST":
        form = ReceptionForm(request.POST)
        if form.is_valid():
            try:
                reception_report(
                    municipality=municipality,
                    places=form.places(),
                    counted_on=form.cleaned_data["counted_on"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bedankt! De opvangplaatsen zijn bewaard."))
                return redirect("portal:reception", slug=municipality.slug)
    else:
        # The current figures, to be confirmed or changed: a new count in a few keystrokes.
        form = ReceptionForm(
            initial={
                "counted_on": timezone.localdate(),
                **{figure.kind: figure.places for figure in current},
            }
        )
    page, query = paginate(request, reception_history(municipality), HISTORY_PAGE_SIZE)
    return render(
        request,
        "portal/reception.html",
        {
            "municipality": municipality,
            "form": form,
            "current": current,
            "page": page,
            "query": query,
        },
    )
