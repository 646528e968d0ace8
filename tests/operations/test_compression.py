"""Text answers gzipped by the app (solidair/operations/compression.py), nothing else."""

import gzip

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from solidair.operations.compression import TextGZipMiddleware

TEXT = "Solidaire Gemeenten " * 200


def through(response, accept="gzip, deflate, br"):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    return TextGZipMiddleware(lambda _request: response)(request)


@pytest.mark.parametrize(
    "content_type",
    ["text/html; charset=utf-8", "application/json", "application/geo+json", "text/csv"],
)
def test_text_is_compressed_when_the_visitor_accepts_it(content_type):
    response = through(HttpResponse(TEXT, content_type=content_type))
    assert response["Content-Encoding"] == "gzip"
    assert response["Vary"] == "Accept-Encoding"
    assert gzip.decompress(response.content).decode() == TEXT
    assert int(response["Content-Length"]) == len(response.content)


def test_text_stays_plain_for_a_visitor_without_gzip():
    response = through(HttpResponse(TEXT), accept="identity")
    assert "Content-Encoding" not in response
    assert response.content.decode() == TEXT
    assert response["Vary"] == "Accept-Encoding"


@pytest.mark.parametrize("content_type", ["application/pdf", "image/png", "application/zip"])
def test_files_are_never_compressed(content_type):
    body = b"%PDF-1.7 " + TEXT.encode()
    response = through(HttpResponse(body, content_type=content_type))
    assert "Content-Encoding" not in response
    assert response.content == body


def test_streamed_answers_are_left_alone():
    response = through(StreamingHttpResponse(iter([TEXT.encode()]), content_type="text/csv"))
    assert "Content-Encoding" not in response
    assert b"".join(response.streaming_content) == TEXT.encode()


@pytest.mark.django_db
def test_a_letter_pdf_is_not_compressed(client, settings):
    settings.LETTER_FORM_MIN_SECONDS = 0
    response = client.post(
        "/brief/hove/download/pdf/",
        {"naam": "An Peeters", "email": "an@example.be", "bestuur": "gemeente"},
        HTTP_ACCEPT_ENCODING="gzip",
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF-")
    assert "Content-Encoding" not in response


@pytest.mark.django_db
def test_a_page_arrives_compressed(client):
    response = client.get("/gemeenten/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Gemeenten" in gzip.decompress(response.content).decode()
