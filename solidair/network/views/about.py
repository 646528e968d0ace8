"""About the network: who takes part, and how a municipality joins."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from solidair.applications.privacy import draft_kept_days
from solidair.membership import checkins
from solidair.membership.models import MIN_COMMITMENTS, Activity
from solidair.membership.receptions import reception_network_totals
from solidair.network.models import Meeting, NetworkRole, PartnerOrganisation


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


@require_safe
def for_municipalities(request: HttpRequest) -> HttpResponse:
    """How a municipality joins and keeps its page; the application and the portal a click
    away. The figures are the platform's own rules and settings."""
    return render(
        request,
        "network/for_municipalities.html",
        {
            "activities": Activity.objects.all(),
            "minimum": MIN_COMMITMENTS,
            "draft_kept_days": draft_kept_days(),
            "upload_max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
            "sign_in_minutes": settings.SESAME_MAX_AGE // 60,
            "reminder_days": checkins.REMINDER_DAYS,
            "flag_months": checkins.FLAG_MONTHS,
            "upcoming": Meeting.objects.upcoming()[:3],
        },
    )
