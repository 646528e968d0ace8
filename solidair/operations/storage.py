"""Uploads in an S3-compatible bucket (``STORAGE_BACKEND=s3``), with the site's own addresses."""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class MediaS3Storage(S3Storage):
    """S3 storage whose files keep their /bestanden/... address.

    Public files are then served by ``solidair.operations.uploads.public_file`` (nginx passes
    what it does not have on disk to the app) with the same safe headers as from a local folder, the
    Content-Security-Policy needs no bucket host, and cached pages hold no expiring signed URLs.
    A CDN in front of /bestanden/public/ takes the load off the app.
    """

    def url(self, name, parameters=None, expire=None, http_method=None):
        return settings.MEDIA_URL + filepath_to_uri(name)
