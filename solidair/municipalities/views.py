from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from solidair.initiatives.models import Initiative
from solidair.letters.selectors import campaign_timeline, council_address_public
from solidair.lib.paging import paginate
from solidair.membership.models import Activity
from solidair.membership.reception import reception_current
from solidair.membership.selectors import (
    current_membership,
    directory_all,
    directory_members,
    network_counts,
)
from solidair.municipalities.forms import DirectoryFilterForm, SearchForm
from solidair.municipalities.models import FormerMunicipality, Municipality
from solidair.municipalities.search import search_municipalities


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "municipalities/home.html",
        {"counts": network_counts(), "form": SearchForm(), "activities": Activity.objects.all()},
    )


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    outcome = search_municipalities(request.GET.get("q", ""))
    single = outcome.single
    if single and single.municipality.is_flemish:
        url = single.municipality.get_absolute_url()
        if single.via_former:
            url += f"?van={single.via_former.slug}"
        return redirect(url)
    return render(
        request,
        "municipalities/search.html",
        {"form": form, "outcome": outcome},
    )


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    province = filters.get("provincie").slug if filters.get("provincie") else ""
    commitment = filters.get("engagement").code if filters.get("engagement") else ""
    show_all = bool(filters.get("alle"))
    if show_all:
        rows = directory_all(province=province)
    else:
        rows = directory_members(province=province, commitment=commitment)
    page, query = paginate(request, rows, settings.DIRECTORY_PAGE_SIZE)
    return render(
        request,
        "municipalities/directory.html",
        {
            "form": form,
            "page": page,
            "show_all": show_all,
            "filtered": bool(province or commitment),
            "query": query,
        },
    )


@require_safe
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = Municipality.objects.flemish().filter(slug=slug).first()
    if municipality is None:
        former = get_object_or_404(
            FormerMunicipality.objects.select_related("merged_into"), slug=slug
        )
        url = reverse("municipalities:detail", kwargs={"slug": former.merged_into.slug})
        return redirect(f"{url}?van={former.slug}", permanent=True)

    formers = list(municipality.former_municipalities.all())
    arrived_from = next((f for f in formers if f.slug == request.GET.get("van")), None)
    membership = current_membership(municipality)
    initiatives = (
        Initiative.objects.published()
        .filter(municipality=municipality)
        .prefetch_related("themes", "links", "sub_projects", "partners")
    )
    return render(
        request,
        "municipalities/detail.html",
        {
            "municipality": municipality,
            "membership": membership,
            "is_member": bool(membership and membership.is_active),
            "formers": formers,
            "arrived_from": arrived_from,
            "initiatives": initiatives,
            "contacts": municipality.contacts.filter(is_public=True),
            "reception": reception_current(municipality) if membership else [],
            "timeline": campaign_timeline(municipality),
            "council_address": council_address_public(municipality),
        },
    )
