from django.db.models import QuerySet

from solidair.initiatives.models import SEARCH_RANK, Initiative

LIBRARY_ORDER = ("municipality__name_nl", "-is_highlighted", "title")


def library(*, query: str = "", commitment: str = "", province: str = "") -> QuerySet[Initiative]:
    """Published initiatives for the good-practice library: by municipality, highlighted first;
    with a query, the best matches first (InitiativeQuerySet.search)."""
    initiatives = (
        Initiative.objects.published()
        .select_related("municipality__province")
        .prefetch_related("themes")
    )
    order = LIBRARY_ORDER
    if query:
        initiatives = initiatives.search(query)
        order = (*SEARCH_RANK, *LIBRARY_ORDER)
    if commitment:
        initiatives = initiatives.filter(themes__code=commitment)
    if province:
        initiatives = initiatives.filter(municipality__province__slug=province)
    # No duplicates: an initiative has a theme at most once.
    return initiatives.order_by(*order)
