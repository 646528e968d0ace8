from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, items, per_page: int) -> tuple[Page, str]:
    """The requested page (`?pagina=`) and the other query parameters, for page links."""
    page = Paginator(items, per_page).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return page, query.urlencode()
