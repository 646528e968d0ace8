"""ETag, Last-Modified, caching and CORS headers for the open data.

Covers the API (/api/), the downloads and the machine-readable files (map data, badge,
feeds, figures' CSV). It sits *outside* the page cache, so a response served from the
cache is revalidated too. The ETag is the page cache's content version plus a digest
of the body: the version alone would miss the few counts that change without a new
version (letters composed), and the digest costs far less than building the answer.
"""

import hashlib

from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date

from solidair.lib.pagecache import content_changed_at, content_version

DOWNLOAD_SUFFIXES = (".csv", ".json", ".geojson", ".svg", ".png", ".atom")
READ_METHODS = ("GET", "HEAD")
# Embedded on other sites: a short cache, then revalidation (a 304 most of the time).
BADGE_CACHE_CONTROL = "public, max-age=300, must-revalidate"
# Data: stored, but always revalidated, so a change shows at once.
DATA_CACHE_CONTROL = "public, no-cache"


def is_open_data(path: str) -> bool:
    return path.startswith("/api/") or path.endswith(DOWNLOAD_SUFFIXES)


def _cors(response: HttpResponse) -> HttpResponse:
    # Reading only, and never with credentials: any site may fetch the open data.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Last-Modified"
    return response


class OpenDataHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_open_data(request.path):
            return self.get_response(request)
        if request.method == "OPTIONS":
            # The preflight of a cross-site conditional GET: If-None-Match is not a "simple"
            # header, so browsers ask first.
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD"
            response["Access-Control-Allow-Headers"] = "If-None-Match, If-Modified-Since"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        version = content_version()
        response = self.get_response(request)
        if request.method not in READ_METHODS:
            return response
        _cors(response)
        if response.status_code != 200 or response.streaming:
            return response
        digest = hashlib.sha256(response.content).hexdigest()[:16]
        etag = f'"{version}-{digest}"'
        response["ETag"] = etag
        if not response.has_header("Cache-Control"):
            badge = request.path.startswith("/badge/")
            response["Cache-Control"] = BADGE_CACHE_CONTROL if badge else DATA_CACHE_CONTROL
        last_modified = content_changed_at()
        response["Last-Modified"] = http_date(last_modified)
        conditional = get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )
        return _cors(conditional) if conditional is not response else response
