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

from solidair.operations.compression import accepts_gzip
from solidair.web.languages import strip_language_prefix

VERSION_KEY = "pagecache:content-version"
CHANGED_AT_KEY = "pagecache:content-changed-at"

# Pages never kept, in any language: the back-office, files, personal pages (the portal,
# application drafts) and the monitor's endpoint (it must reach the view to test the cache).
EXCLUDED_PREFIXES = (
    "/beheer/",
    "/static/",
    "/bestanden/",
    "/portaal/",
    "/aansluiten/",
    "/gezondheid/",
)
# The apps whose rows public pages show: a change to one of their rows changes the content
# version.
CONTENT_APPS = {"municipalities", "membership", "initiatives", "network"}


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
    if sender._meta.app_label not in CONTENT_APPS:
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


def _cacheable_path(path: str) -> bool:
    # The excluded prefixes hold in every language: /fr/portaal/ is as personal as /portaal/.
    return not strip_language_prefix(path).startswith(EXCLUDED_PREFIXES)


def _cacheable_request(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and _cacheable_path(request.path)


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
            request.META[CACHEABLE_ENVIRON_KEY] = True  # the fast path may keep the answer too
            return cached
        response = self.get_response(request)
        if request.method == "GET" and _cacheable_response(response):
            if hasattr(response, "render") and callable(response.render):
                response.render()
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
            request.META[CACHEABLE_ENVIRON_KEY] = True
        return response


# --- The fast path: cache hits answered before Django -------------------------------------
#
# A hit through the middleware above still runs Django's request handling and every middleware
# outside the page cache (security headers, CSP, sessions, languages, open data headers): about
# 2.5 ms of CPU per hit under bench/load.py. PageCacheFastPath (solidair/wsgi.py) keeps the
# *final* answer of a request that the page cache served or stored, status and headers
# included, and answers the same request with it before Django, in one Redis round trip (MGET
# of the content version and the answer, which holds the version it was made under). A change
# to the data bumps the content version, so the next request misses here too: invalidation
# stays immediate.
#
# It only keeps what the page cache itself caches (the middleware marks the request), and only
# answers requests that cannot be personal: GET or HEAD of a cacheable path, no cookie but the
# CSRF cookie (no session, no messages), no conditional or range headers, no credentials.
# Everything in the request that the answer may depend on is in the key (the address, the
# host and scheme, Accept-Language, whether gzip is accepted, whether there are cookies), and
# an answer that varies on anything else is not kept.

CACHEABLE_ENVIRON_KEY = "solidair.pagecache.cacheable"
FAST_KEY_PREFIX = "pagecache:fast:"
# Requests with these headers go to Django: conditional (the open data answers 304), partial or
# with credentials.
_FAST_PATH_REFUSED_HEADERS = (
    "HTTP_IF_NONE_MATCH",
    "HTTP_IF_MODIFIED_SINCE",
    "HTTP_IF_MATCH",
    "HTTP_IF_UNMODIFIED_SINCE",
    "HTTP_IF_RANGE",
    "HTTP_RANGE",
    "HTTP_AUTHORIZATION",
)
# What an answer may depend on besides the headers in its Vary (see _fast_path_keeps).
_FAST_KEY_ENVIRON = (
    "wsgi.url_scheme",
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_HOST",
    "HTTP_X_FORWARDED_HOST",
    "SERVER_NAME",
    "SERVER_PORT",
    "SCRIPT_NAME",
    "PATH_INFO",
    "QUERY_STRING",
    "HTTP_ACCEPT_LANGUAGE",
)
_FAST_PATH_VARY = {"accept-language", "accept-encoding", "cookie"}


def _anonymous_cookies(header: str) -> bool:
    """Whether the Cookie header holds nothing but the CSRF cookie (or nothing at all)."""
    for part in header.split(";"):
        name = part.split("=", 1)[0].strip()
        if name and name != settings.CSRF_COOKIE_NAME:
            return False
    return True


def fast_path_key(environ: dict) -> str | None:
    """The fast path's cache key of a WSGI request, or None if the request is not for it."""
    if (
        not settings.PAGE_CACHE_SECONDS
        or environ.get("REQUEST_METHOD") not in ("GET", "HEAD")
        or not _cacheable_path(environ.get("SCRIPT_NAME", "") + environ.get("PATH_INFO", ""))
        or any(name in environ for name in _FAST_PATH_REFUSED_HEADERS)
    ):
        return None
    cookies = environ.get("HTTP_COOKIE", "")
    if cookies and not _anonymous_cookies(cookies):
        return None
    raw = "|".join(str(environ.get(name, "")) for name in _FAST_KEY_ENVIRON)
    # The app only asks whether gzip is accepted (solidair/operations/compression.py), so that
    # is the key rather than the whole Accept-Encoding header; the same for the cookies.
    gzip = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
    raw = f"{raw}|gzip={gzip}|cookies={bool(cookies)}"
    return FAST_KEY_PREFIX + hashlib.sha256(raw.encode("utf-8", "surrogateescape")).hexdigest()


def _fast_path_keeps(environ: dict, status: str, headers: list) -> bool:
    """Whether Django's answer (its status and headers) to ``environ`` may be kept for the
    fast path. The page cache marks only answers that are not streamed (_cacheable_response)."""
    if (
        environ.get("REQUEST_METHOD") != "GET"
        or environ.get(CACHEABLE_ENVIRON_KEY) is not True
        or not status.startswith("200 ")
    ):
        return False
    for name, value in headers:
        name = name.lower()
        if name == "set-cookie":
            return False
        if name == "cache-control" and ("private" in value or "no-store" in value):
            return False
        if name == "vary":
            vary = {token.strip().lower() for token in value.split(",") if token.strip()}
            if not vary <= _FAST_PATH_VARY:
                return False  # "*" or a header that is not in the key
            if "cookie" in vary and environ.get("HTTP_COOKIE"):
                return False
    return True


# --- The edge: nginx keeps what the fast path keeps, for a second ---------------------------
#
# During a campaign's peak even the fast path is the bottleneck: every hit still crosses
# gunicorn. So the answers that the fast path keeps (and only those: anonymous, public, the
# same for everyone) also carry ``X-Accel-Expires: PAGE_CACHE_EDGE_SECONDS``, and nginx keeps
# them that long in its proxy cache (deploy/nginx/solidair.conf), where it ignores
# Cache-Control and Expires: without this header from the app, nginx keeps nothing. nginx never
# passes X-Accel-* headers on to the visitor. A change to the data thus shows through nginx
# after at most PAGE_CACHE_EDGE_SECONDS (1 by default; 0 turns the edge off), and at once to
# everyone that nginx does not answer from its cache (signed-in people, every request with a
# cookie other than the CSRF cookie).

EDGE_HEADER = "X-Accel-Expires"


def _with_edge_header(headers: list) -> list:
    if not settings.PAGE_CACHE_EDGE_SECONDS:
        return list(headers)
    return [*headers, (EDGE_HEADER, str(settings.PAGE_CACHE_EDGE_SECONDS))]


class PageCacheFastPath:
    """WSGI wrapper around Django's application: answers page cache hits before Django."""

    def __init__(self, application):
        self.application = application

    def __call__(self, environ, start_response):
        key = fast_path_key(environ)
        if key is None:
            return self.application(environ, start_response)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY)
        entry = found.get(key)
        if version is not None and entry is not None and entry[0] == version:
            _version, status, headers, body = entry
            start_response(status, _with_edge_header(headers))
            return [] if environ["REQUEST_METHOD"] == "HEAD" else [body]
        if version is None or environ["REQUEST_METHOD"] != "GET":
            return self.application(environ, start_response)
        kept = []

        def capture(status, headers, exc_info=None):
            if _fast_path_keeps(environ, status, headers):
                kept[:] = [status, list(headers)]
                headers = _with_edge_header(headers)
            return start_response(status, headers, exc_info)

        response = self.application(environ, capture)
        if kept and isinstance(response, HttpResponse):
            # Under the version read before Django answered: if the data changed meanwhile,
            # the next request misses.
            entry = (version, kept[0], kept[1], response.content)
            cache.set(key, entry, settings.PAGE_CACHE_SECONDS)
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
