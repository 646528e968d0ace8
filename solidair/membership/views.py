"""'Klopt dit niet?': the short form behind every municipality's page and its claims, and its
confirmation.

The municipality's page links here rather than holding the form: it is cached for everybody,
and a form needs its own CSRF cookie. A link next to a claim names it in the query string
(``?over=commitment&id=12``, templates/membership/includes/claim_report_link.html): the form
opens with that claim chosen.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from solidair.lib.i18n import language_current
from solidair.membership.corrections import (
    EMAIL_KEPT_AFTER_HANDLING,
    EMAIL_KEPT_AT_MOST,
    correction_report_create,
)
from solidair.membership.forms import CorrectionReportForm
from solidair.membership.models import ClaimKind, Membership
from solidair.membership.selectors import report_claims
from solidair.municipalities.models import Municipality
from solidair.web.ratelimits import is_limited, rate_limit

# Each report mails the coordinators: enough for a person, little for a script.
RATE_REPORT_PER_IP = "5/h"


def _municipality(slug: str) -> Municipality:
    return get_object_or_404(Municipality.objects.flemish().select_related("province"), slug=slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit(group="membership-report-ip", key="ip", rate=RATE_REPORT_PER_IP)  # answered below
def correction_report(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = _municipality(slug)
    claims = report_claims(municipality)
    error, status = "", 200
    if request.method == "POST":
        form = CorrectionReportForm(request.POST, claims=claims)
        if is_limited(request):
            error = _(
                "Er kwamen vanaf jouw verbinding al veel meldingen. Wacht een uur en probeer het "
                "dan opnieuw; wat je schreef staat er nog."
            )
            status = 429
        elif form.is_valid():
            correction_report_create(
                municipality=municipality,
                message=form.cleaned_data["message"],
                email=form.cleaned_data["email"],
                language=language_current(),
                claim_key=form.cleaned_data["claim"],
                source_url=form.cleaned_data["source_url"],
            )
            return redirect("membership:correction_report_thanks", slug=municipality.slug)
        elif form.is_bot():
            status = 400
    else:
        kind, pk = request.GET.get("over", ""), request.GET.get("id", "")
        key = f"{kind}:{pk}" if pk.isdigit() else kind
        known = {claim.key for claim in claims}
        form = CorrectionReportForm(
            claims=claims, initial={"claim": key if key in known else ClaimKind.PAGE}
        )
    chosen = next((claim for claim in claims if claim.key == form["claim"].value()), None)
    return render(
        request,
        "membership/correction_report.html",
        {
            "municipality": municipality,
            "is_member": Membership.objects.active().filter(municipality=municipality).exists(),
            "form": form,
            "claim": chosen if chosen and chosen.kind != ClaimKind.PAGE else None,
            "error": error,
            "kept_days": EMAIL_KEPT_AFTER_HANDLING.days,
            "kept_months": EMAIL_KEPT_AT_MOST.days // 30,
        },
        status=status,
    )


@require_safe
def correction_report_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return render(
        request, "membership/correction_report_thanks.html", {"municipality": _municipality(slug)}
    )
