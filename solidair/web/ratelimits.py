"""Rate limits: one decorator for every view that limits, and the same count for a view whose key
is only known inside it.

A limit is a group (its name in the cache), a key (``"ip"``, ``"user"`` or a callable
``key(group, request)``: what is counted), a rate (``"10/h"``) and the methods it counts
(``("POST",)`` by default; ``None`` for every method). Counting goes through django_ratelimit's
``is_ratelimited``, so a group, key, rate and methods that stay the same keep their counts
(the methods are part of the count's name: ``None`` is django_ratelimit's ``method`` left out).

Each view answers with its own ``too_many*.html`` page and status 429, in the words that fit it::

    @rate_limit(group="portal-sign-in-ip", key="ip", rate="20/h", template="portal/too_many.html")
    @rate_limit(group="portal-sign-in-address", key=address, rate="5/10m", template=...)
    def sign_in(request): ...

Limits stacked right on each other all count every request (also once one of them is over),
then the view is answered once. Without a template the request is only counted and marked:
the view answers at the point it chooses (after its own 404s and 403s, or with the form and an
error) by asking ``is_limited(request)`` and returning ``too_many(request, template, context)``.
A view whose key depends on what it read first counts in place with ``rate_limited(request,
...)``: the same count, the same page.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

__all__ = ["is_limited", "rate_limit", "rate_limited", "too_many"]

Key = str | Callable[[str, HttpRequest], str]


def rate_limited(
    request: HttpRequest,
    *,
    group: str,
    key: Key,
    rate: str,
    methods: Sequence[str] | None = ("POST",),
) -> bool:
    """Count this request against the limit (if its method is one of ``methods``) and say
    whether it is now over it. Marks the request for ``is_limited`` when it is."""
    limited = is_ratelimited(
        request,
        group=group,
        key=key,
        rate=rate,
        method=ALL if methods is None else methods,
        increment=True,
    )
    if limited:
        # The mark is_limited() reads (the attribute django_ratelimit's own decorator sets).
        request.limited = True
    return limited


def is_limited(request: HttpRequest) -> bool:
    """Whether a limit counted on this request found it over."""
    return getattr(request, "limited", False)


def too_many(request: HttpRequest, template: str, context: dict | None = None) -> HttpResponse:
    """The page that tells a person they went over a limit, with status 429."""
    return render(request, template, context or {}, status=429)


@dataclass(frozen=True)
class _Limit:
    group: str
    key: Key
    rate: str
    methods: Sequence[str] | None


def rate_limit(
    *,
    group: str,
    key: Key,
    rate: str,
    template: str | None = None,
    methods: Sequence[str] | None = ("POST",),
):
    """Count every request to the view whose method is in ``methods`` (every method if
    ``None``) against ``rate`` per ``key`` in ``group``. With ``template``, a request over the
    limit is answered with that page (status 429) and the view does not run; without it the
    view runs and answers itself (see ``is_limited``)."""
    limit = _Limit(group=group, key=key, rate=rate, methods=methods)

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        # A limit stacked right on another joins it: one wrapper counts them all, outer first.
        # (Other decorators copy these attributes with functools.wraps: hence the "is view".)
        stacked = getattr(view, "rate_limit_wrapper", None) is view
        limits = (limit, *(view.rate_limits if stacked else ()))
        templates = {template, view.rate_limit_template if stacked else None} - {None}
        if len(templates) > 1:
            raise ImproperlyConfigured(f"Stacked rate limits answer with two pages: {templates}")
        answer = templates.pop() if templates else None
        if stacked:
            view = view.rate_limited_view

        @wraps(view)
        def limited_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            over = False
            for each in limits:
                over |= rate_limited(
                    request, group=each.group, key=each.key, rate=each.rate, methods=each.methods
                )
            if over and answer:
                return too_many(request, answer)
            return view(request, *args, **kwargs)

        limited_view.rate_limit_wrapper = limited_view
        limited_view.rate_limited_view = view
        limited_view.rate_limits = limits
        limited_view.rate_limit_template = answer
        return limited_view

    return decorator
