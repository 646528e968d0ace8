import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from PIL import Image

from solidair.operations.uploads import (
    PrivateUploadTo,
    PublicUploadTo,
    image_prepare,
    validate_image,
    validate_pdf,
)
from tests.helpers import image_bytes, pdf_bytes, upload


def test_a_real_pdf_is_accepted():
    data = pdf_bytes(2)
    assert validate_pdf(upload("besluit.pdf", data)) == data


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"%PDF-1.7\nnot really a pdf at all",
        image_bytes("PNG", (10, 10)),
    ],
)
def test_a_file_that_only_claims_to_be_pdf_is_refused(data):
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload("besluit.pdf", data))
    assert error.value.code == "not_pdf"
    assert "geen PDF" in error.value.messages[0]


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload("leeg.pdf", b""))
    assert error.value.code == "empty"


def test_a_file_over_the_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        validate_pdf(upload("groot.pdf", pdf_bytes(1) + b" " * 2000))
    assert error.value.code == "too_large"
    assert "te groot" in error.value.messages[0]


def test_images_are_checked_by_content():
    assert validate_image(upload("foto.png", image_bytes("PNG", (20, 20)), "image/png")).size == (
        20,
        20,
    )
    with pytest.raises(ValidationError) as error:
        validate_image(upload("foto.jpg", pdf_bytes(), "image/jpeg"))
    assert error.value.code == "not_image"
    # GIF is a real image, but not one we accept.
    with pytest.raises(ValidationError):
        validate_image(upload("foto.gif", image_bytes("GIF", (20, 20)), "image/gif"))


def test_images_are_resized_and_encoded_again(settings):
    settings.IMAGE_MAX_PIXELS = 800
    prepared = image_prepare(upload("foto.jpg", image_bytes("JPEG"), "image/jpeg"))
    image = Image.open(io.BytesIO(prepared.read()))
    assert image.format == "JPEG"
    assert image.size == (800, 533)
    assert prepared.name.endswith(".jpg")


def test_a_transparent_png_stays_a_png():
    prepared = image_prepare(upload("logo.png", image_bytes("PNG", (50, 50), "RGBA"), "image/png"))
    assert Image.open(io.BytesIO(prepared.read())).format == "PNG"


def test_stored_names_are_random_and_keep_only_a_known_extension():
    public, private = PublicUploadTo("evidence"), PrivateUploadTo("applications")
    first = public(None, "../../etc/passwd.pdf")
    assert first.startswith("public/evidence/") and first.endswith(".pdf")
    assert ".." not in first and "passwd" not in first
    assert first != public(None, "../../etc/passwd.pdf")
    assert private(None, "x.html").startswith("private/applications/")
    assert private(None, "x.html").endswith(".bin")
    assert public.deconstruct() == ("solidair.operations.uploads.PublicUploadTo", ("evidence",), {})


def test_public_files_are_served_with_safe_headers(client, media):
    name = default_storage.save("public/evidence/abc.pdf", io.BytesIO(pdf_bytes()))
    response = client.get(f"/bestanden/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


@pytest.mark.parametrize(
    "path",
    [
        "/bestanden/../private/applications/abc.pdf",
        "/bestanden/private/applications/abc.pdf",
        "/bestanden/public/..%2F..%2Fprivate%2Fapplications%2Fabc.pdf",
        "/bestanden/public/evidence/../../private/applications/abc.pdf",
        "/bestanden/public/.hidden.pdf",
        "/bestanden/public/evidence/missing.pdf",
        "/bestanden/public/evidence/page.html",
        "/bestanden/evidence/abc.pdf",
    ],
)
def test_private_files_and_odd_paths_are_not_served(client, media, path):
    default_storage.save("private/applications/abc.pdf", io.BytesIO(pdf_bytes()))
    (media / "public" / "evidence").mkdir(parents=True, exist_ok=True)
    (media / "public" / "evidence" / "page.html").write_text("<script>alert(1)</script>")
    assert client.get(path).status_code == 404
    assert client.post("/bestanden/public/evidence/abc.pdf").status_code in (404, 405)
