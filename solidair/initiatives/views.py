from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from solidair.initiatives.forms import InitiativeFilterForm
from solidair.initiatives.models import Initiative
from solidair.initiatives.selectors import library
from solidair.web.paging import paginate


@require_safe
def initiative_list(request: HttpRequest) -> HttpResponse:
    form = InitiativeFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    initiatives = library(
        query=filters.get("q", ""),
        commitment=filters["engagement"].code if filters.get("engagement") else "",
        province=filters["provincie"].slug if filters.get("provincie") else "",
        audience=filters.get("voor_wie", ""),
        cost_band=filters.get("kosten", ""),
        has_results=filters.get("met_resultaat", False),
    )
    page, query = paginate(request, initiatives, settings.INITIATIVES_PAGE_SIZE)
    return render(
        request,
        "initiatives/list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(filters.values()),
            "searched": bool(filters.get("q")),
            "query": query,
        },
    )


@require_safe
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = get_object_or_404(
        Initiative.objects.published()
        .select_related("municipality__province", "contact")
        .prefetch_related("themes", "links", "sub_projects", "partners"),
        pk=pk,
    )
    return render(request, "initiatives/detail.html", {"initiative": initiative})
