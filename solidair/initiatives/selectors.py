from django.db.models import QuerySet

from solidair.initiatives.models import SEARCH_RANK, Initiative

LIBRARY_ORDER = ("municipality__name_nl", "-is_highlighted", "title")


def library(
    *,
    query: str = "",
    commitment: str = "",
    province: str = "",
    audience: str = "",
    cost_band: str = "",
    has_results: bool = False,
) -> QuerySet[Initiative]:
    """Published initiatives for the good-practice library: by municipality, highlighted first;
    with a query, those with every term (or, when none has all, with some), the best matches
    first (InitiativeQuerySet.search_best). The structured fields filter: for whom
    (``Audience``), the cost band (``CostBand``), and only those with results."""
    initiatives = (
        Initiative.objects.published()
        .select_related("municipality__province")
        .prefetch_related("themes")
    )
    order = LIBRARY_ORDER
    if commitment:
        initiatives = initiatives.filter(themes__code=commitment)
    if province:
        initiatives = initiatives.filter(municipality__province__slug=province)
    if audience:
        initiatives = initiatives.filter(audience=audience)
    if cost_band:
        initiatives = initiatives.filter(cost_band=cost_band)
    if has_results:
        initiatives = initiatives.with_results()
    if query:
        # After the filters: "every term" is judged among the initiatives the page can show.
        initiatives = initiatives.search_best(query)
        order = (*SEARCH_RANK, *LIBRARY_ORDER)
    # No duplicates: an initiative has a theme at most once.
    return initiatives.order_by(*order)
