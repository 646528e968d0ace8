from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from solidair.membership.models import Activity
from solidair.membership.reception import reception_network_totals
from solidair.network.models import NetworkRole, PartnerOrganisation


@require_safe
def about(request: HttpRequest) -> HttpResponse:
    partners = PartnerOrganisation.objects.exclude(network_role=NetworkRole.NONE)
    return render(
        request,
        "network/about.html",
        {
            "activities": Activity.objects.all(),
            "supporting": [p for p in partners if p.network_role == NetworkRole.SUPPORTING],
            "participating": [p for p in partners if p.network_role == NetworkRole.PARTICIPATING],
            "reception": reception_network_totals(),
        },
    )
