"""Uploaded files: checked by their content, stored under names we make, served with safe headers.

- A PDF is accepted only when it starts like a PDF and pypdf can read a page of it; an image only
  when Pillow decodes it as JPEG, PNG or WebP. The name and the browser's content type are never
  trusted. The limit is ``UPLOAD_MAX_BYTES`` (10 MB).
- Images are decoded and encoded again, resized to at most ``IMAGE_MAX_PIXELS`` on the longest
  side: what is stored is our own file, without the uploader's metadata (GPS position...).
- Files are stored under a random name in ``public/<folder>/`` or ``private/<folder>/``. Only
  the public folder is served to everyone (``/bestanden/public/...``, ``public_file``); a
  private file is served by a view that first checks who asks (``file_response``). No path
  from a request reaches the disk unjoined, and nothing uploaded is ever executed or shown as
  HTML.
"""

import io
import secrets
import warnings
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from PIL import Image, UnidentifiedImageError

PDF = "application/pdf"
IMAGE_TYPES = {"JPEG", "PNG", "WEBP"}
# What may be served at all, by extension of the names we made.
SERVED_TYPES = {"pdf": PDF, "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def _read(upload: File) -> bytes:
    size = getattr(upload, "size", None)
    limit = settings.UPLOAD_MAX_BYTES
    if size is not None and size > limit:
        raise ValidationError(
            _("Dit bestand is te groot (%(size)s); het mag hoogstens %(limit)s zijn.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if len(data) > limit:
        raise ValidationError(
            _("Dit bestand is te groot; het mag hoogstens %(limit)s zijn.")
            % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("Dit bestand is leeg."), code="empty")
    return data


def validate_pdf(upload: File) -> bytes:
    """The upload's bytes if it is a readable PDF; a ValidationError in Dutch otherwise."""
    data = _read(upload)
    not_pdf = ValidationError(
        _("Dit bestand is geen PDF. Kies een PDF-bestand (ook als de naam op .pdf eindigt)."),
        code="not_pdf",
    )
    if b"%PDF-" not in data[:1024]:
        raise not_pdf
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise ValidationError(
                _("Deze PDF is beveiligd met een wachtwoord. Kies een PDF zonder wachtwoord."),
                code="encrypted",
            )
        if len(reader.pages) < 1:
            raise not_pdf
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise not_pdf from None
    except RecursionError:
        raise not_pdf from None
    return data


def validate_image(upload: File) -> Image.Image:
    """The decoded image if the upload is a JPEG, PNG or WebP; a ValidationError otherwise."""
    data = _read(upload)
    not_image = ValidationError(
        _("Dit bestand is geen afbeelding die we kunnen tonen. Kies een JPEG, PNG of WebP."),
        code="not_image",
    )
    try:
        with warnings.catch_warnings():
            # Pillow only warns below twice its pixel limit; a huge image is refused here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_TYPES:
                raise not_image
            image.load()
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
        Image.DecompressionBombWarning,
    ):
        raise not_image from None
    return image


def image_prepare(upload: File, *, max_pixels: int | None = None) -> ContentFile:
    """A checked image, resized to fit ``max_pixels`` (longest side) and encoded again."""
    image = validate_image(upload)
    source_format = image.format
    limit = max_pixels or settings.IMAGE_MAX_PIXELS
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info else "RGB")
    image.thumbnail((limit, limit), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    if source_format == "JPEG" or image.mode in ("RGB", "L"):
        image.convert("RGB").save(out, format="JPEG", quality=85, optimize=True)
        extension = "jpg"
    else:
        image.save(out, format="PNG", optimize=True)
        extension = "png"
    return ContentFile(out.getvalue(), name=f"image.{extension}")


def _random_name(visibility: str, folder: str, filename: str) -> str:
    """A name nobody can guess or steer: only the (checked) extension comes from the upload."""
    extension = PurePosixPath(filename).suffix.lower().lstrip(".")
    if extension not in SERVED_TYPES:
        extension = "bin"
    return f"{visibility}/{folder}/{secrets.token_urlsafe(16)}.{extension}"


class PublicUploadTo:
    """``upload_to`` for files everyone may see (evidence, images of initiatives).

    A class rather than a closure, so that migrations can refer to it.
    """

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: object, filename: str) -> str:
        return _random_name("public", self.folder, filename)

    def deconstruct(self):
        return ("solidair.operations.uploads.PublicUploadTo", (self.folder,), {})

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.folder))


class PrivateUploadTo(PublicUploadTo):
    """``upload_to`` for files only some people may see (decisions attached to an application)."""

    def __call__(self, instance: object, filename: str) -> str:
        return _random_name("private", self.folder, filename)

    def deconstruct(self):
        return ("solidair.operations.uploads.PrivateUploadTo", (self.folder,), {})


def file_response(field_file: FieldFile, *, download_name: str | None = None) -> FileResponse:
    """Serve a stored upload with headers that keep a browser from running or sniffing it.

    Callers check permissions first; this only serves the types in SERVED_TYPES.
    """
    name = field_file.name or ""
    extension = PurePosixPath(name).suffix.lower().lstrip(".")
    content_type = SERVED_TYPES.get(extension)
    if not name or content_type is None or not field_file.storage.exists(name):
        raise Http404("No such file.")
    response = FileResponse(
        field_file.storage.open(name, "rb"),
        content_type=content_type,
        as_attachment=False,
        filename=download_name or PurePosixPath(name).name,
    )
    safe_headers(response)
    return response


def safe_headers(response) -> None:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    response["Cache-Control"] = "private, max-age=3600"


def public_file_url(field_file: FieldFile | None) -> str:
    """The address of a public upload, /bestanden/public/... ("" when there is none, or when the
    file is not a public one)."""
    name = (field_file.name if field_file else "") or ""
    if not name.startswith("public/"):
        return ""
    return field_file.url


@require_safe
def public_file(request: HttpRequest, path: str):
    """``/bestanden/public/<...>``: a file's own URL (``FieldFile.url``), for files stored under
    ``public/`` only; anything else, or any odd path, is a 404."""
    parts = PurePosixPath(path).parts
    if len(parts) < 2 or parts[0] != "public":
        raise Http404("No such file.")
    if any(part in ("", ".", "..") or part.startswith(".") for part in parts):
        raise Http404("No such file.")
    field_file = FieldFile(None, _FakeField(), "/".join(parts))
    response = file_response(field_file)
    response["Cache-Control"] = "public, max-age=86400"
    return response


class _FakeField:
    """Enough of a FileField for FieldFile to find the storage."""

    storage = default_storage
