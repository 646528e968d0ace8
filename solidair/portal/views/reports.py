"""The right of reply: a contact answers a 'Klopt dit niet?' report on their municipality
(solidair/membership/corrections.py) until the coordinators decide."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from solidair.membership.corrections import correction_report_reply
from solidair.portal.forms.reports import ReportReplyForm
from solidair.portal.permissions import correction_report_for_contact, portal_login_required
from solidair.web.ratelimits import is_limited, rate_limit, too_many

RATE_PER_USER = "30/h"


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@portal_login_required
@rate_limit(group="portal-changes", key="user", rate=RATE_PER_USER)  # answered below
def report_reply(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    report = correction_report_for_contact(request.user, slug, pk)
    municipality = report.municipality
    if is_limited(request):  # after the 404 of another municipality's report
        return too_many(request, "portal/too_many_changes.html")
    if request.method == "POST" and not report.is_decided:
        form = ReportReplyForm(request.POST)
        if form.is_valid():
            try:
                correction_report_reply(
                    report=report,
                    position=form.cleaned_data["position"],
                    note=form.cleaned_data["note"],
                    evidence_url=form.cleaned_data["evidence_url"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Bedankt! Jullie antwoord is bewaard."))
                return redirect("portal:municipality", slug=municipality.slug)
    else:
        form = ReportReplyForm(
            initial={
                "position": report.reply_position,
                "note": report.reply_note,
                "evidence_url": report.reply_evidence_url,
            }
        )
    return render(
        request,
        "portal/report_reply.html",
        {"municipality": municipality, "report": report, "form": form},
    )
