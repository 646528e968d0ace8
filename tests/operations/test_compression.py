"""Text answers gzipped by the app (solidair/operations/compression.py), nothing else."""

import gzip
import random

import pytest
from django.http import HttpResponse, StreamingHttpResponse
from django.test import RequestFactory

from solidair.operations import compression
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


# One path for pages and the open data: the minimum size, the per-ETag cache of compressed bodies.


@pytest.fixture
def kept():
    compression.compressed_bodies.clear()
    yield compression.compressed_bodies
    compression.compressed_bodies.clear()


@pytest.fixture
def compressions(monkeypatch):
    """The bodies actually compressed (not taken from the kept ones)."""
    done = []
    gzip_body = compression.gzip_body
    monkeypatch.setattr(compression, "gzip_body", lambda body: done.append(body) or gzip_body(body))
    return done


def with_etag(body=TEXT, etag='W/"7-nl-abc"'):
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    return response


def test_an_answer_with_an_etag_is_compressed_once(kept, compressions):
    first = through(with_etag())
    again = through(with_etag())
    assert len(compressions) == 1
    assert again.content == first.content  # the random bytes of the first compression too
    assert again["Content-Encoding"] == "gzip"
    assert again["ETag"] == 'W/"7-nl-abc"'
    assert int(again["Content-Length"]) == len(again.content)
    assert gzip.decompress(again.content).decode() == TEXT


def test_answers_without_an_etag_are_compressed_each_time_with_their_own_random_bytes(
    kept, compressions
):
    first = through(HttpResponse(TEXT))
    again = through(HttpResponse(TEXT))
    assert len(compressions) == 2
    assert len(kept) == 0
    assert gzip.decompress(first.content) == gzip.decompress(again.content)


def test_another_body_under_the_same_etag_is_not_answered_with_the_kept_one(kept, compressions):
    through(with_etag())
    other = through(with_etag(TEXT + "Brugge"))
    assert len(compressions) == 2
    assert gzip.decompress(other.content).decode() == TEXT + "Brugge"


def test_a_strong_etag_is_made_weak_once_compressed(kept):
    assert through(with_etag(etag='"abc"'))["ETag"] == 'W/"abc"'
    assert through(with_etag(etag='"abc"'), accept="identity")["ETag"] == '"abc"'


def test_only_the_latest_etags_are_kept(kept):
    for number in range(compression.COMPRESSED_KEPT + 5):
        through(with_etag(etag=f'W/"{number}"'))
    assert len(kept) == compression.COMPRESSED_KEPT


def test_a_small_body_goes_as_it_is():
    small = "x" * (compression.MIN_COMPRESSED_BYTES - 1)
    response = through(HttpResponse(small))
    assert "Content-Encoding" not in response
    assert response.content.decode() == small
    assert response["Vary"] == "Accept-Encoding"  # a larger version of it would be compressed
    assert through(HttpResponse("x" * compression.MIN_COMPRESSED_BYTES))["Content-Encoding"]


def test_a_body_that_gzip_would_make_larger_goes_as_it_is(kept):
    noise = random.Random(7).randbytes(4096)
    response = through(with_etag(noise))
    assert "Content-Encoding" not in response
    assert response.content == noise


def test_an_answer_compressed_before_is_left_alone():
    response = HttpResponse(TEXT)
    response["Content-Encoding"] = "br"
    assert through(response).content.decode() == TEXT
    assert "Vary" not in response


@pytest.mark.parametrize(
    ("accept", "gzip_accepted"),
    [
        ("gzip", True),
        ("deflate, gzip;q=0.5", True),
        ("br", False),
        ("identity", False),
        ("", False),
    ],
)
def test_the_fast_path_asks_what_the_middleware_asks(accept, gzip_accepted):
    assert compression.accepts_gzip(accept) is gzip_accepted
    response = through(HttpResponse(TEXT), accept=accept)
    assert (response.get("Content-Encoding") == "gzip") is gzip_accepted
