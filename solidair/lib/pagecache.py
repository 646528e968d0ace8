"""Whole-page cache for the public pages, invalidated by every change to the network's data.

Anonymous GET requests of public pages are answered from the cache. The key
holds a *content version* that every save or delete of the network's data
increments, so a membership approved in the back-office shows on the
directory at once, not after a timeout. The version lives in the cache, so
every process that serves the site must share one cache (Redis through
REDIS_URL in production); a system check warns when it does not.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.checks import Tags, Warning, register
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.http import HttpRequest, HttpResponse

from solidair.lib.languages import strip_language_prefix

VERSION_KEY = "pagecache:content-version"
CHANGED_AT_KEY = "pagecache:content-changed-at"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        version = cache.get(VERSION_KEY, 1)
    return version


def content_changed_at() -> float:
    """When the content version last changed (a Unix time; the open data's Last-Modified).

    A fresh cache does not know: it then says "now", which is never too early.
    """
    changed_at = cache.get(CHANGED_AT_KEY)
    if changed_at is None:
        cache.add(CHANGED_AT_KEY, int(time.time()), timeout=None)
        changed_at = cache.get(CHANGED_AT_KEY, int(time.time()))
    return changed_at


def bump_content_version(**_kwargs) -> None:
    """Receiver of post_save, post_delete, m2m_changed and post_migrate."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, 2, timeout=None)
    cache.set(CHANGED_AT_KEY, int(time.time()), timeout=None)


def _bump_after_commit() -> None:
    bump_content_version()


def content_changed(sender, using=DEFAULT_DB_ALIAS, **kwargs) -> None:
    """Receiver of post_save, post_delete and m2m_changed.

    Bumps at once and, inside a transaction, once more when it commits: a request served
    between the change and the commit still reads the old rows and may cache the old page
    under the bumped version; the bump on commit orphans that page. One bump on commit per
    transaction is enough. (The immediate bump also serves code, and tests, that read their
    own uncommitted changes inside the transaction.)
    """
    if sender._meta.app_label not in settings.PAGE_CACHE_CONTENT_APPS:
        return
    bump_content_version()
    connection = connections[using or DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        return
    if any(func is _bump_after_commit for _sids, func, _robust in connection.run_on_commit):
        return  # already scheduled in this transaction (dropped again if a savepoint rolls back)
    transaction.on_commit(_bump_after_commit, using=using)


def _page_key(request: HttpRequest) -> str:
    # The host (get_host() refuses one outside ALLOWED_HOSTS, as the view would have) and the
    # scheme are part of the key: a cached page is never an answer to another site's name.
    raw = (
        f"{request.get_host()}|{request.scheme}|"
        f"{getattr(request, 'LANGUAGE_CODE', '')}|{request.get_full_path()}"
    )
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"pagecache:page:{content_version()}:{digest}"


def _cacheable_request(request: HttpRequest) -> bool:
    # The excluded prefixes hold in every language: /fr/portaal/ is as personal as /portaal/.
    path = strip_language_prefix(request.path)
    return request.method in ("GET", "HEAD") and not path.startswith(
        settings.PAGE_CACHE_EXCLUDED_PREFIXES
    )


def _cacheable_response(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and "cookie" not in response.get("Vary", "").lower()
        and "no-store" not in response.get("Cache-Control", "")
        and "private" not in response.get("Cache-Control", "")
    )


class PublicPageCacheMiddleware:
    """Place after LocaleMiddleware and LanguageParameterMiddleware, so that the language is
    part of the key (besides the path, which holds /fr/ or ?lang=)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not settings.PAGE_CACHE_SECONDS or not _cacheable_request(request):
            return self.get_response(request)
        key = _page_key(request)
        cached = cache.get(key)
        if cached is not None:
            return cached
        response = self.get_response(request)
        if request.method == "GET" and _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response


@register(Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    backend = settings.CACHES["default"]["BACKEND"]
    if settings.PAGE_CACHE_SECONDS and backend.endswith("LocMemCache"):
        return [
            Warning(
                "The page cache uses a per-process cache: with more than one process, a "
                "change may not show on every process.",
                hint="Set REDIS_URL so that all processes share one cache.",
                id="solidair.W001",
            )
        ]
    return []
