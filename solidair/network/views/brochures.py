"""Brochures of good practices, every version of every published meeting."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from solidair.network.models import Brochure
from solidair.web.paging import paginate

PAGE_SIZE = 20


@require_safe
def brochures(request: HttpRequest) -> HttpResponse:
    """Every version of every published meeting's brochure, newest first."""
    page, query = paginate(request, Brochure.objects.published(), PAGE_SIZE)
    return render(request, "network/brochures.html", {"page": page, "query": query})
