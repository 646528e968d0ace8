"""Improvement plans: a contact proposes what the municipality will do for a lapsed commitment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.membership.models import PlanStatus
from solidair.membership.plans import plan_propose
from solidair.portal.forms.plans import PlanForm
from solidair.portal.permissions import plan_for_contact, portal_login_required
from solidair.web.ratelimits import is_limited, rate_limit, too_many

RATE_PER_USER = "30/h"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@rate_limit(group="portal-changes", key="user", rate=RATE_PER_USER)  # answered below
def plan_propose_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    plan = plan_for_contact(request.user, slug, pk)
    if is_limited(request):  # after the 404 of another municipality's plan
        return too_many(request, "portal/too_many_changes.html")
    can_propose = plan.status in (PlanStatus.ASKED, PlanStatus.PROPOSED)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if can_propose and form.is_valid():
            try:
                plan_propose(
                    plan=plan,
                    text=form.cleaned_data["plan"],
                    deadline=form.cleaned_data["deadline"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request, _("Bedankt! De coördinatoren bekijken het plan en laten het weten.")
                )
                return redirect("portal:municipality", slug=slug)
    else:
        form = PlanForm(initial={"plan": plan.plan, "deadline": plan.deadline})
    return render(
        request,
        "portal/plan.html",
        {
            "municipality": plan.membership.municipality,
            "plan": plan,
            "form": form,
            "can_propose": can_propose,
        },
    )
