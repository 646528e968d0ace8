"""Policy recommendations: the filtered list and a recommendation's timeline."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from solidair.network.forms import RecommendationFilterForm
from solidair.network.models import Recommendation, StepStatus
from solidair.network.recommendations import (
    recommendation_current_step,
    recommendation_list,
    recommendation_timeline,
)
from solidair.web.paging import paginate

PAGE_SIZE = 20


@require_safe
def recommendations(request: HttpRequest) -> HttpResponse:
    form = RecommendationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = recommendation_list(
        level=filters.get("niveau", ""),
        status=filters.get("status", ""),
        addressee=filters.get("aan"),
    )
    page, query = paginate(request, rows, PAGE_SIZE)
    return render(
        request,
        "network/recommendations.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "filtered": any(filters.values()),
            "statuses": dict(StepStatus.choices),
        },
    )


@require_safe
def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = get_object_or_404(
        Recommendation.objects.published().select_related("meeting", "addressee"), pk=pk
    )
    return render(
        request,
        "network/recommendation.html",
        {
            "recommendation": recommendation,
            "current": recommendation_current_step(recommendation),
            "timeline": recommendation_timeline(recommendation),
            "activities": recommendation.activities.all(),
        },
    )
