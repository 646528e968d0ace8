"""Pages and files of the open data: map, figures, downloads, badge."""

import json

from django import forms
from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from solidair.lib.i18n import language_base
from solidair.lib.text import fold
from solidair.municipalities.forms import province_field
from solidair.opendata import badge, exports, figures, geo, selectors

STATUS_LABELS = selectors.STATUS_LABELS


def campaign_class_labels() -> list[str]:
    labels = []
    for low, high in selectors.CAMPAIGN_CLASSES:
        if high == low:
            labels.append(_("%(count)d inwoners") % {"count": low})
        elif high is None:
            labels.append(_("%(low)d of meer inwoners") % {"low": low})
        else:
            labels.append(_("%(low)d tot %(high)d inwoners") % {"low": low, "high": high})
    return labels


class MapFilterForm(forms.Form):
    provincie = province_field()


def leaflet_available() -> bool:
    return finders.find("vendor/leaflet/leaflet.js") is not None


@require_safe
def map_page(request: HttpRequest) -> HttpResponse:
    form = MapFilterForm(request.GET or None)
    province = form.cleaned_data["provincie"] if form.is_valid() else None
    # The map (and its list of choices) has every municipality; the table may be filtered.
    # Both in the order of the names shown (French names in French).
    municipalities = sorted(selectors.municipalities_with_status(), key=lambda m: fold(m.name))
    campaign = selectors.campaign_counts()
    class_labels = campaign_class_labels()
    rows = []
    for municipality in municipalities:
        if province and municipality.province_id != province.pk:
            continue
        residents = campaign.get(municipality.pk, selectors.EMPTY_CAMPAIGN)["residents"]
        rows.append(
            {
                "municipality": municipality,
                "status": municipality.status,
                "status_label": STATUS_LABELS[municipality.status],
                "residents": residents,
            }
        )
    counts = dict.fromkeys(selectors.MapStatus.ALL, 0)
    for municipality in municipalities:
        counts[municipality.status] += 1
    map_available = leaflet_available() and geo.boundaries() is not None
    return render(
        request,
        "opendata/map.html",
        {
            "form": form,
            "province": province,
            "rows": rows,
            "municipalities": municipalities,
            "legend": [(status, STATUS_LABELS[status], counts[status]) for status in counts],
            "class_labels": class_labels,
            "map_available": map_available,
            # The map's data in the page's language, whatever the browser's Accept-Language.
            "geojson_url": f"{reverse('opendata:map_geojson')}?lang={language_base()}",
            "map_labels": {
                "statuses": {key: str(value) for key, value in STATUS_LABELS.items()},
                "classes": class_labels,
                "page": _("Naar de pagina van %(name)s"),
                "residents": _("Inwoners die schreven: %(count)s"),
                "zoom_in": _("Inzoomen"),
                "zoom_out": _("Uitzoomen"),
                "tiles": settings.MAP_TILE_URL,
                "attribution": settings.MAP_TILE_ATTRIBUTION,
            },
        },
    )


@require_safe
def map_geojson(request: HttpRequest) -> HttpResponse:
    collection = geo.municipality_features()
    if collection is None:
        raise Http404(_("De kaart is niet beschikbaar: er zijn geen gemeentegrenzen ingesteld."))
    body = json.dumps(collection, separators=(",", ":"), ensure_ascii=False)
    return HttpResponse(body, content_type="application/geo+json")


@require_safe
def figures_page(request: HttpRequest) -> HttpResponse:
    return render(request, "opendata/figures.html", {"figures": figures.figures_all()})


def _csv_response(body: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def figure_csv(request: HttpRequest, slug: str) -> HttpResponse:
    build = figures.FIGURES.get(slug)
    if build is None:
        raise Http404
    return _csv_response(exports.figure_csv(build()), f"solidaire-gemeenten-cijfers-{slug}.csv")


@require_safe
def open_data_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "opendata/open_data.html",
        {
            "datasets": exports.DATASETS.values(),
            "licence": exports.LICENCE,
            "licence_url": exports.LICENCE_URL,
            "figures": figures.FIGURES.keys(),
        },
    )


@require_safe
def dataset_download(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = exports.DATASETS.get(slug)
    if dataset is None:
        raise Http404
    if fmt == "csv":
        return _csv_response(exports.dataset_csv(dataset), f"solidaire-gemeenten-{slug}.csv")
    return HttpResponse(exports.dataset_json(dataset), content_type="application/json")


def _badge_for(slug: str) -> badge.Badge:
    municipality = selectors.municipality_with_status(slug=slug)
    if municipality is None:
        raise Http404
    return badge.badge_for(municipality)


@require_safe
def badge_svg(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(
        badge.badge_svg(_badge_for(slug)), content_type="image/svg+xml; charset=utf-8"
    )


@require_safe
def badge_png(request: HttpRequest, slug: str) -> HttpResponse:
    return HttpResponse(badge.badge_png(_badge_for(slug)), content_type="image/png")
