from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from solidair.initiatives.models import Initiative
from solidair.letters.delivery.addresses import council_address_public
from solidair.letters.delivery.campaigns import campaign_timeline
from solidair.membership.models import REPLY_DAYS, Activity
from solidair.membership.plans import plans_public
from solidair.membership.receptions import reception_current
from solidair.membership.selectors import (
    claim_changes_public,
    current_membership,
    directory_all,
    directory_members,
    member_ids,
)
from solidair.municipalities.models import FormerMunicipality, Municipality
from solidair.municipalities.search import search_municipalities
from solidair.pages.forms import DirectoryFilterForm, SearchForm
from solidair.pages.selectors import network_counts
from solidair.web.paging import paginate


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
    answer = outcome.answer
    if answer and answer.municipality.is_flemish:
        return redirect(answer.url)
    members = member_ids(municipalities=[m.municipality for m in outcome.flemish_candidates])
    return render(
        request,
        "municipalities/search.html",
        {"form": form, "outcome": outcome, "member_ids": members},
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
    # ?van= names what the resident searched for: a former municipality or a locality.
    arrived_by = request.GET.get("van", "")
    arrived_from = next((f for f in formers if f.slug == arrived_by), None)
    arrived_at = []
    if arrived_by and not arrived_from and arrived_by != municipality.slug:
        arrived_at = list(municipality.localities.filter(slug=arrived_by[:100]))
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
            "arrived_locality": arrived_at[0] if arrived_at else None,
            "arrived_codes": ", ".join(loc.postal_code for loc in arrived_at),
            "initiatives": initiatives,
            "contacts": municipality.contacts.filter(is_public=True),
            "reception": reception_current(municipality) if membership else [],
            "timeline": campaign_timeline(municipality),
            "council_address": council_address_public(municipality),
            "claim_changes": claim_changes_public(membership),
            "reply_days": REPLY_DAYS,
            "plans": plans_public(membership),
        },
    )
