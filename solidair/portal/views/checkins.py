"""The check-in page: a contact confirms the municipality's page and commitments.

Members imported from the old page first choose their commitments (at least three) here.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.membership.checkins import checkin_commitments_confirm, checkin_confirm, flag_on
from solidair.membership.models import Activity, Membership
from solidair.membership.receptions import reception_current
from solidair.membership.selectors import current_membership
from solidair.portal.forms.checkins import LegacyCommitmentsForm
from solidair.portal.permissions import municipality_for_contact, portal_login_required
from solidair.web.ratelimits import is_limited, rate_limit, too_many

# A person confirms once; a script posting in a loop is stopped.
RATE_PER_USER = "30/h"


def _legacy_form(request: HttpRequest, membership: Membership) -> LegacyCommitmentsForm:
    if request.method == "POST":
        return LegacyCommitmentsForm(request.POST)
    commitments = list(membership.commitments.select_related("activity"))
    other = next((c for c in commitments if c.activity.code == Activity.OTHER), None)
    return LegacyCommitmentsForm(
        initial={
            "activities": [c.activity.code for c in commitments],
            "other_title": other.title if other else "",
            "member_since": membership.member_since,
        }
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@rate_limit(group="portal-changes", key="user", rate=RATE_PER_USER)  # answered below
def checkin(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = municipality_for_contact(request.user, slug)
    membership = current_membership(municipality)
    if is_limited(request):  # after the 404 of another municipality's page
        return too_many(request, "portal/too_many_changes.html")
    active = bool(membership and membership.is_active)
    legacy = active and membership.commitments_to_confirm
    form = _legacy_form(request, membership) if legacy else None

    if request.method == "POST" and active:
        try:
            if legacy:
                if form.is_valid():
                    checkin_commitments_confirm(
                        membership=membership,
                        activities=list(form.cleaned_data["activities"]),
                        other_title=form.cleaned_data["other_title"],
                        member_since=form.cleaned_data["member_since"],
                        by=request.user,
                    )
            else:
                checkin_confirm(membership=membership, by=request.user)
        except ValidationError as error:
            if form is None:
                raise  # only the legacy choice can be refused; the rest is a bug
            form.add_error(None, error)
        if form is None or not form.errors:
            messages.success(
                request,
                _("Bedankt! De gegevens van %(name)s zijn bevestigd op %(date)s.")
                % {
                    "name": municipality.name,
                    "date": formats.date_format(timezone.localdate(), "j F Y"),
                },
            )
            return redirect("portal:checkin", slug=municipality.slug)

    open_checkin = membership.checkins.open().first() if membership else None
    return render(
        request,
        "portal/checkin.html",
        {
            "municipality": municipality,
            "membership": membership,
            "active": active,
            "legacy": legacy,
            "form": form,
            "open_checkin": open_checkin,
            "deadline": flag_on(open_checkin) if open_checkin else None,
            "reception": reception_current(municipality),
        },
    )
