from django.db.models import QuerySet

from solidair.initiatives.models import Initiative


def library(*, query: str = "", commitment: str = "", province: str = "") -> QuerySet[Initiative]:
    """Published initiatives for the good-practice library, highlighted first."""
    initiatives = (
        Initiative.objects.published()
        .select_related("municipality__province")
        .prefetch_related("themes")
    )
    if query:
        initiatives = initiatives.search(query)
    if commitment:
        initiatives = initiatives.filter(themes__code=commitment)
    if province:
        initiatives = initiatives.filter(municipality__province__slug=province)
    return initiatives.distinct().order_by("municipality__name_nl", "-is_highlighted", "title")
