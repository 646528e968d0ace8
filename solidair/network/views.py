from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from solidair.membership.models import MIN_COMMITMENTS, Activity
from solidair.membership.reception import reception_network_totals
from solidair.network.meetings import meeting_page
from solidair.network.models import Meeting, NetworkRole, PartnerOrganisation
from solidair.web.paging import paginate


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
            "draft_kept_days": settings.APPLICATION_DRAFT_KEPT_DAYS,
            "upload_max_mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024),
            "sign_in_minutes": settings.SESAME_MAX_AGE // 60,
            "reminder_days": settings.CHECKIN_REMINDER_DAYS,
            "flag_months": settings.CHECKIN_FLAG_MONTHS,
            "upcoming": Meeting.objects.upcoming()[:3],
        },
    )


@require_safe
def meetings(request: HttpRequest) -> HttpResponse:
    """Upcoming and past learning meetings."""
    page, query = paginate(request, Meeting.objects.past(), per_page=20)
    return render(
        request,
        "network/meetings.html",
        {"upcoming": Meeting.objects.upcoming(), "page": page, "query": query},
    )


@never_cache  # shows the visitor's own registration (issue #7)
@require_safe
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.published(), pk=pk)
    practices = meeting.practices.filter(published=True).select_related("municipality")
    registration = meeting_page(meeting=meeting, user=request.user)  # issue #7, items 1-4
    return render(
        request,
        "network/meeting.html",
        {"meeting": meeting, "practices": practices, **registration},
    )
