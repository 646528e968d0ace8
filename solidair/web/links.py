"""Links for what leaves the site: absolute addresses (mails, calendars, embed codes, feeds), and
the pages that links with a token, sent by mail, open.

A link from a mail opens a page that only shows what will happen and a button; the button's POST
does it, so mail scanners that open links change nothing. A link that does not fit (forged,
expired, used, erased, unknown) gets its app's "this link no longer works" page, status 410.
"""

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

T = TypeVar("T")


def absolute_url(to: str | Model, *, args=None, kwargs=None) -> str:
    """The address of ``to`` on the site (SITE_URL): a URL name (reversed with ``args`` or
    ``kwargs``, in the active language), a path that starts with "/", or a model instance (its
    ``get_absolute_url()``)."""
    if isinstance(to, Model):
        path = to.get_absolute_url()
    elif to.startswith("/"):
        path = to
    else:
        path = reverse(to, args=args, kwargs=kwargs)
    return settings.SITE_URL + path


class LinkInvalid(Exception):
    """Raised by a mailed link's action when its row no longer fits (the link was used at the
    same moment in another tab): the answer is the link's 410 page, as for any link that does
    not fit."""


def mailed_link_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Decorate the view of a mailed link: never cached (it carries a token), and only GET and
    HEAD (the page with the button) and POST (the button)."""
    return never_cache(require_http_methods(["GET", "HEAD", "POST"])(view))


def mailed_link(
    request: HttpRequest,
    *,
    row: T | None,
    template: str,
    context: dict | Callable[[T], dict] | None = None,
    act: Callable[[T], HttpResponse | None],
    invalid_template: str,
) -> HttpResponse:
    """The answer to a link from a mail, once its token is resolved to ``row``.

    - ``row`` is None (the token is forged, expired, used, or its row erased):
      ``invalid_template``, status 410;
    - GET or HEAD: ``template`` with ``context`` (a dict, or a function of the row): the page
      with the button. It never acts: mail scanners open links.
    - POST: ``act(row)``, and its response is the answer. ``act`` returns None to show the
      page again (a form with errors, a POST without the expected button), and raises
      ``LinkInvalid`` when the row no longer fits (a second click at the same moment).
    """
    if row is None:
        return render(request, invalid_template, status=410)
    if request.method == "POST":
        try:
            response = act(row)
        except LinkInvalid:
            return render(request, invalid_template, status=410)
        if response is not None:
            return response
    if callable(context):
        context = context(row)
    return render(request, template, context or {})
