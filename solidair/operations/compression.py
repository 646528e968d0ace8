"""Gzip of the app's own text answers, so that a kept page is compressed once.

nginx compresses what the app sends uncompressed, but it does so on every request, also for
pages it answers from its edge cache (solidair.operations.pagecache): at a campaign's peak that was
nginx's largest cost. Compressed by the app, a public page is compressed once per change of
the data: the fast path and nginx keep the compressed answer (the fast path's key and nginx's
cache both follow ``Vary: Accept-Encoding``).

Django's GZipMiddleware does the work, with its mitigation of BREACH (random bytes in each
gzip header). Only text is compressed, never a PDF, an image or a streamed answer (files and
exports: whitenoise and nginx serve the static files' compressed copies).
"""

from django.middleware.gzip import GZipMiddleware

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


def _media_type(content_type: str) -> str:
    return content_type.partition(";")[0].strip().lower()


class TextGZipMiddleware(GZipMiddleware):
    """GZipMiddleware for complete text answers only."""

    def process_response(self, request, response):
        if response.streaming or _media_type(response.get("Content-Type", "")) not in (
            COMPRESSED_TYPES
        ):
            return response
        return super().process_response(request, response)
