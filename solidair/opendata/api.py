"""The read-only open data API, version 1, mounted at /api/v1/.

The OpenAPI document is at /api/v1/openapi.json. The interactive docs page is
switched off: ninja's loads Swagger UI from a CDN.
"""

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, P, PathEx, Query
from ninja.pagination import paginate

from solidair.opendata import selectors
from solidair.opendata.schemas import (
    CampaignFilters,
    CampaignOut,
    CampaignPagination,
    ErrorOut,
    InitiativeFilters,
    InitiativeOut,
    InitiativePagination,
    LanguageQuery,
    MeetingOut,
    MunicipalityDetailOut,
    MunicipalityFilters,
    MunicipalityOut,
    MunicipalityPagination,
    ReceptionFilters,
    ReceptionOut,
    RecommendationFilters,
    RecommendationOut,
    ValidationErrorOut,
)

DESCRIPTION = """\
Open data of the Flemish network of Solidaire Steden en Gemeenten: which municipalities
are members, what they committed to, their initiatives and self-reported reception places,
the learning network's meetings and policy recommendations, and anonymous counts of the
residents' campaign (letters to their council).

Read-only, no authentication. `name` is the Dutch name and `name_fr` the French one; the
human-readable labels (`display_name`, `status_label`, `commitment_labels`...) are in the
language of `?lang=nl|fr|en` or of the Accept-Language header (Dutch by default), and the
answer says which in `Content-Language`. Lists are paginated with `limit` and
`offset` and answer `{"items": [...], "count": N}`, where `count` is the number of items
that match the filters. A filter on an unknown province or activity code returns an empty
list; a malformed parameter, or a `limit` above the endpoint's maximum, returns 422.

Every answer carries an `ETag` (send it back in `If-None-Match` for a 304 when nothing
changed) and `Last-Modified`, and `Access-Control-Allow-Origin: *`: any site may read it.
The same data is downloadable as CSV and JSON at /open-data/ (licence CC BY 4.0).

Activity codes: reception, housing, volunteering, participation, international, network,
sponsorship, education, access, other.
"""

api = NinjaAPI(
    title="Solidaire Gemeenten API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    docs_url=None,
)


@api.get(
    "/municipalities/",
    response={200: list[MunicipalityOut], 422: ValidationErrorOut},
    summary="Flemish municipalities",
    description="Every Flemish municipality (285), by Dutch name, with its membership of the "
    "network. The default `limit` (300, at most 500) returns them all in one page.",
    tags=["municipalities"],
)
@paginate(MunicipalityPagination)
def list_municipalities(request: HttpRequest, filters: Query[MunicipalityFilters]):
    return selectors.municipality_list(
        province=filters.province, member=filters.member, commitment=filters.commitment
    )


@api.get(
    "/municipalities/{refnis}/",
    response={200: MunicipalityDetailOut, 404: ErrorOut, 422: ValidationErrorOut},
    summary="One Flemish municipality",
    description="A Flemish municipality by REFNIS code, with its published initiatives and "
    "public contact persons. 404 for a code that is not a Flemish municipality.",
    tags=["municipalities"],
)
def get_municipality(
    request: HttpRequest,
    refnis: PathEx[
        str, P(pattern=r"^[0-9]{5}$", description="REFNIS code, 5 digits.", example="44021")
    ],
    language: Query[LanguageQuery],
):
    municipality = selectors.municipality_detail(refnis=refnis)
    if municipality is None:
        raise Http404
    return municipality


@api.get(
    "/initiatives/",
    response={200: list[InitiativeOut], 422: ValidationErrorOut},
    summary="Initiatives",
    description="Published initiatives, by municipality, highlighted first; with `q`, those "
    "with every word (or, when none has them all, with some), the best matches first. "
    "`limit` is 50 by default, at most 200.",
    tags=["initiatives"],
)
@paginate(InitiativePagination)
def list_initiatives(request: HttpRequest, filters: Query[InitiativeFilters]):
    return selectors.initiative_list(
        commitment=filters.commitment,
        province=filters.province,
        audience=filters.audience,
        cost_band=filters.cost_band,
        has_results=bool(filters.has_results),
        q=filters.q,
    )


@api.get(
    "/campaign/",
    response={200: list[CampaignOut], 422: ValidationErrorOut},
    summary="Campaign counts per municipality",
    description="Every Flemish municipality with anonymous counts of the residents' campaign: "
    "letters composed and sent, co-signatures, residents who wrote, and answers of the "
    "council. Never who: only numbers. The default `limit` (300, at most 500) returns all "
    "municipalities in one page.",
    tags=["campaign"],
)
@paginate(CampaignPagination)
def list_campaign(request: HttpRequest, filters: Query[CampaignFilters]):
    return selectors.campaign_list(province=filters.province)


@api.get(
    "/meetings/",
    response={200: list[MeetingOut], 422: ValidationErrorOut},
    summary="Meetings of the learning network",
    description="Published meetings, newest first. The link for online participation is "
    "never included: it is for registered participants. `limit` is 50 by default, at most 200.",
    tags=["learning network"],
)
@paginate(InitiativePagination)
def list_meetings(request: HttpRequest):
    return selectors.meeting_list()


@api.get(
    "/recommendations/",
    response={200: list[RecommendationOut], 422: ValidationErrorOut},
    summary="Policy recommendations",
    description="Published policy recommendations of the network with their timeline, in the "
    "network's order. `limit` is 50 by default, at most 200.",
    tags=["learning network"],
)
@paginate(InitiativePagination)
def list_recommendations(request: HttpRequest, filters: Query[RecommendationFilters]):
    return selectors.recommendation_list(
        level=filters.level, status=filters.status, commitment=filters.commitment
    )


@api.get(
    "/reception/",
    response={200: list[ReceptionOut], 422: ValidationErrorOut},
    summary="Reception places (self-reported)",
    description="For each active member and kind of reception, the latest number of places "
    "the municipality reported itself, with the date of the count; not checked by the "
    "network. By municipality. The default `limit` (300, at most 500) is one page for most.",
    tags=["reception"],
)
@paginate(MunicipalityPagination)
def list_reception(request: HttpRequest, filters: Query[ReceptionFilters]):
    return selectors.reception_list(province=filters.province)
