"""ETag, Last-Modified, caching, CORS and HEAD for the open data.

Covers the API (/api/), the downloads and the machine-readable files (map data, badge,
feeds, figures' CSV). It sits *outside* the page cache, so a response served from the
cache is revalidated too. The ETag is the page cache's content version plus a digest
of the body: the version alone would miss the few counts that change without a new
version (letters composed), and the digest costs far less than building the answer.

Compression is not done here: TextGZipMiddleware (solidair.operations.compression), outside this
middleware, gzips the answers like every page, and keeps a compressed body per ETag.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from solidair.lib.i18n import DUTCH, supported_language
from solidair.operations.pagecache import content_changed_at, content_version
from solidair.web.languages import (
    LANGUAGE_PARAMETER,
    accepted_language,
    is_language_neutral,
)

DOWNLOAD_SUFFIXES = (".csv", ".json", ".geojson", ".svg", ".png", ".atom")
READ_METHODS = ("GET", "HEAD")
# Embedded on other sites: a short cache, then revalidation (a 304 most of the time).
BADGE_CACHE_CONTROL = "public, max-age=300, must-revalidate"
# Data: stored, but always revalidated, so a change shows at once.
DATA_CACHE_CONTROL = "public, no-cache"


def open_data_language(request: HttpRequest) -> str:
    """``?lang=nl|fr|en``, else the first language of Accept-Language we have, else Dutch.

    Not the URL prefix or the cookie of the pages: data is fetched by programs, and the
    same URL answers the same to everyone who sends the same headers (Vary).
    """
    return (
        supported_language(request.GET.get(LANGUAGE_PARAMETER))
        or accepted_language(request)
        or DUTCH
    )


def is_open_data(request: HttpRequest) -> bool:
    """The API, and the files at addresses without a language prefix (solidair/urls.py).

    A page's own file under ``i18n_patterns`` (a collective letter's QR code) is not open data:
    its address decides its language, and overriding that with Accept-Language (or Dutch) would
    make the prefixed URL resolve to nothing.
    """
    path = request.path_info
    if path.startswith("/api/"):
        return True
    return path.endswith(DOWNLOAD_SUFFIXES) and is_language_neutral(
        path, getattr(request, "urlconf", None)
    )


def _cors(response: HttpResponse) -> HttpResponse:
    # Reading only, and never with credentials: any site may fetch the open data.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


class OpenDataHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_open_data(request):
            return self.get_response(request)
        if request.method == "OPTIONS":
            # The preflight of a cross-site conditional GET: If-None-Match is not a "simple"
            # header, so browsers ask first.
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        language = open_data_language(request)
        request.LANGUAGE_CODE = language  # the page cache's key
        with translation.override(language):
            response = self._read(request, language)
        if request.method in READ_METHODS:
            response["Content-Language"] = language
            patch_vary_headers(response, ("Accept-Language",))
        return response

    def _read(self, request: HttpRequest, language: str) -> HttpResponse:
        version = content_version()
        head = request.method == "HEAD"
        if head:
            # The API's routes answer GET only; HEAD is the same answer, whose body the server
            # does not send.
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            if head:
                request.method = "HEAD"
        if request.method not in READ_METHODS:
            return response
        _cors(response)
        if response.status_code != 200 or response.streaming:
            return response
        digest = hashlib.sha256(response.content).hexdigest()[:16]
        # Weak: the same data is sent plain or gzipped.
        etag = f'W/"{version}-{language}-{digest}"'
        response["ETag"] = etag
        if not response.has_header("Cache-Control"):
            badge = request.path.startswith("/badge/")
            response["Cache-Control"] = BADGE_CACHE_CONTROL if badge else DATA_CACHE_CONTROL
        last_modified = content_changed_at()
        response["Last-Modified"] = http_date(last_modified)
        conditional = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        if conditional is not response:
            return _cors(conditional)
        # A HEAD answer keeps the GET's body, which the server drops: TextGZipMiddleware thus
        # gives it the headers of the GET it stands for (Content-Encoding, Content-Length).
        return response
