"""Gzip of the app's own text answers, pages and open data alike, in this one place.

nginx compresses what the app sends uncompressed, but it does so on every request, also for
pages it answers from its edge cache (solidair.operations.pagecache): at a campaign's peak that was
nginx's largest cost. Compressed by the app, a public page is compressed once per change of
the data: the fast path and nginx keep the compressed answer (the fast path's key and nginx's
cache both follow ``Vary: Accept-Encoding``).

The middleware sits outside the open data's headers (solidair.opendata.middleware) and the page
cache, so that the page cache holds one plain copy whatever the client accepts, and the open
data's ETag (a digest of the plain body) is the same whether the answer goes plain or gzipped.

As Django's GZipMiddleware (whose code has no place for the kept bodies): random bytes in each
gzip header against BREACH, and a strong ETag made weak. Only text is compressed, never a PDF,
an image or a streamed answer (files and exports: whitenoise and nginx serve the static files'
compressed copies); only a body of ``MIN_COMPRESSED_BYTES`` or more, and only when the
compressed body is smaller. A HEAD answer carries its GET's body until the server drops it
(gunicorn, runserver and Django's test client do), so it has its GET's headers.

An answer with an ETag is compressed once per process: its compressed body is kept by ETag (the
map's GeoJSON is 0.7 MB and takes ~20 ms to compress). The app's ETags are digests of the plain
body (solidair.opendata.middleware), so an ETag names one body; the kept body, random bytes
included, is the same for everyone who gets that ETag, as the plain body is.
"""

import re
import threading
from collections import OrderedDict

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.deprecation import MiddlewareMixin
from django.utils.text import compress_string

COMPRESSED_TYPES = frozenset(
    {
        "text/html",
        "text/plain",
        "text/csv",
        "text/calendar",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/geo+json",
        "application/xml",
        "application/atom+xml",
        "application/rss+xml",
        "image/svg+xml",
    }
)
# Smaller bodies go as they are (nginx's gzip_min_length is the same).
MIN_COMPRESSED_BYTES = 1024
# Compressed bodies kept per process, by ETag: the most recently used ones.
COMPRESSED_KEPT = 16

# As Django's GZipMiddleware: random bytes in each gzip header, against BREACH.
MAX_RANDOM_BYTES = 100

ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def accepts_gzip(accept_encoding: str) -> bool:
    """Whether an Accept-Encoding header lets the app send gzip (the fast path's key asks it
    too: solidair.operations.pagecache)."""
    return bool(ACCEPTS_GZIP.search(accept_encoding))


def gzip_body(body: bytes) -> bytes:
    return compress_string(body, max_random_bytes=MAX_RANDOM_BYTES)


def _media_type(content_type: str) -> str:
    return content_type.partition(";")[0].strip().lower()


class CompressedBodies:
    """The compressed bodies of the last ``kept`` ETags, shared by the process's threads.

    The key is the ETag with the plain body's length, so that an ETag that did not follow a
    change of its body (a bug elsewhere) cannot send another answer's body as easily.
    """

    def __init__(self, kept: int):
        self.kept = kept
        self._bodies: OrderedDict[tuple[str, int], bytes] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        with self._lock:
            return len(self._bodies)

    def clear(self) -> None:
        with self._lock:
            self._bodies.clear()

    def gzip(self, etag: str, body: bytes) -> bytes:
        """The compressed ``body`` kept for ``etag``, else ``body`` compressed, then kept."""
        key = (etag, len(body))
        with self._lock:
            if key in self._bodies:
                self._bodies.move_to_end(key)
                return self._bodies[key]
        # Compressed outside the lock; should two threads compress the same new body, the first
        # one kept is the one sent from then on.
        compressed = gzip_body(body)
        with self._lock:
            compressed = self._bodies.setdefault(key, compressed)
            self._bodies.move_to_end(key)
            while len(self._bodies) > self.kept:
                self._bodies.popitem(last=False)
        return compressed


compressed_bodies = CompressedBodies(COMPRESSED_KEPT)


class TextGZipMiddleware(MiddlewareMixin):
    """Gzip of complete text answers, an answer with an ETag compressed once per process."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            response.streaming
            or response.has_header("Content-Encoding")
            or _media_type(response.get("Content-Type", "")) not in COMPRESSED_TYPES
        ):
            return response
        patch_vary_headers(response, ("Accept-Encoding",))
        body = response.content
        if len(body) < MIN_COMPRESSED_BYTES or not accepts_gzip(
            request.headers.get("Accept-Encoding", "")
        ):
            return response
        etag = response.get("ETag")
        compressed = compressed_bodies.gzip(etag, body) if etag else gzip_body(body)
        if len(compressed) >= len(body):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        # The same body compressed is no longer the same bytes (RFC 9110, 8.8.1).
        if etag and etag.startswith('"'):
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response
