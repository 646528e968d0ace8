"""ETag, Last-Modified, Cache-Control and CORS on the API and the downloads."""

import gzip

import pytest
from django.test import Client
from django.utils.http import http_date

from solidair.membership.models import MembershipStatus
from tests.factories import make_member

pytestmark = pytest.mark.django_db

OPEN_DATA_URLS = [
    "/api/v1/municipalities/",
    "/api/v1/municipalities/44021/",
    "/api/v1/initiatives/",
    "/api/v1/campaign/",
    "/api/v1/openapi.json",
    "/open-data/gemeenten.csv",
    "/open-data/campagne.json",
    "/cijfers/leden.csv",
    "/kaart/gemeenten.geojson",
    "/badge/gent.svg",
    "/feeds/leden.atom",
]


@pytest.mark.parametrize("url", OPEN_DATA_URLS)
def test_open_data_has_a_validator_and_may_be_read_by_any_site(client, url):
    response = client.get(url, headers={"origin": "https://example.org"})

    if url.endswith(".geojson") and response.status_code == 404:
        pytest.skip("no boundaries file")
    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    assert response["Last-Modified"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response
    assert "ETag" in response["Access-Control-Expose-Headers"]
    again = client.get(url, headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]
    assert again["Access-Control-Allow-Origin"] == "*"


def test_a_change_gives_a_new_etag_and_the_new_data(client):
    membership = make_member("Gent")
    first = client.get("/api/v1/municipalities/44021/")

    membership.status = MembershipStatus.SUSPENDED
    membership.save()
    second = client.get("/api/v1/municipalities/44021/", headers={"if-none-match": first["ETag"]})

    assert second.status_code == 200
    assert second.json()["status"] == "suspended"
    assert second["ETag"] != first["ETag"]


def test_if_modified_since_is_honoured(client):
    first = client.get("/api/v1/campaign/")

    again = client.get("/api/v1/campaign/", headers={"if-modified-since": first["Last-Modified"]})
    assert again.status_code == 304
    older = http_date(0)
    assert client.get("/api/v1/campaign/", headers={"if-modified-since": older}).status_code == 200


def test_data_is_always_revalidated(client):
    assert client.get("/api/v1/campaign/")["Cache-Control"] == "public, no-cache"
    assert client.get("/open-data/gemeenten.csv")["Cache-Control"] == "public, no-cache"


def test_a_preflight_allows_conditional_reads_only(client):
    response = client.options(
        "/api/v1/municipalities/",
        headers={
            "origin": "https://example.org",
            "access-control-request-method": "GET",
            "access-control-request-headers": "if-none-match",
        },
    )

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD"
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]


def test_pages_are_not_open_to_other_sites(client):
    response = client.get("/kaart/")

    assert "Access-Control-Allow-Origin" not in response
    assert "ETag" not in response


def test_a_404_in_the_api_is_readable_but_not_cached(client):
    response = client.get("/api/v1/municipalities/21004/")

    assert response.status_code == 404
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" not in response


def test_large_answers_are_gzipped_for_clients_that_accept_it(client):
    plain = client.get("/api/v1/municipalities/")
    packed = client.get("/api/v1/municipalities/", headers={"accept-encoding": "gzip, br"})

    assert "Content-Encoding" not in plain
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert len(packed.content) < len(plain.content) / 4
    assert packed["ETag"] == plain["ETag"]
    assert "Accept-Encoding" in packed["Vary"]


@pytest.mark.parametrize("url", ["/api/v1/municipalities/", "/open-data/gemeenten.csv"])
def test_head_is_a_get_without_the_body(client, url):
    get = client.get(url)
    head = client.head(url, headers={"origin": "https://example.org"})

    assert head.status_code == 200
    assert head.content == b""
    assert head["ETag"] == get["ETag"]
    assert head["Content-Type"] == get["Content-Type"]
    assert head["Access-Control-Allow-Origin"] == "*"
    assert client.head(url, headers={"if-none-match": get["ETag"]}).status_code == 304


def test_a_revalidation_costs_no_query(client, django_assert_num_queries):
    make_member("Gent")
    first = client.get("/open-data/gemeenten.csv")

    with django_assert_num_queries(0):  # the page cache answers, the middleware compares
        again = client.get("/open-data/gemeenten.csv", headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304


def test_head_has_the_headers_of_the_compressed_get(client):
    gzip_accepted = {"accept-encoding": "gzip"}
    get = client.get("/api/v1/municipalities/", headers=gzip_accepted)
    head = client.head("/api/v1/municipalities/", headers=gzip_accepted)

    assert head.content == b""
    assert head["Content-Encoding"] == get["Content-Encoding"] == "gzip"
    assert head["Content-Length"] == get["Content-Length"] == str(len(get.content))
    assert head["ETag"] == get["ETag"]
    assert "Accept-Encoding" in head["Vary"]


def test_a_revalidation_is_not_compressed(client):
    first = client.get("/api/v1/municipalities/", headers={"accept-encoding": "gzip"})
    again = client.get(
        "/api/v1/municipalities/",
        headers={"accept-encoding": "gzip", "if-none-match": first["ETag"]},
    )

    assert again.status_code == 304
    assert again.content == b""
    assert "Content-Encoding" not in again


def test_the_open_data_is_compressed_by_the_one_middleware_of_every_answer(client, settings):
    gzip_accepted = {"accept-encoding": "gzip"}
    packed = client.get("/api/v1/municipalities/", headers=gzip_accepted)
    settings.MIDDLEWARE = [
        name
        for name in settings.MIDDLEWARE
        if name != "solidair.operations.compression.TextGZipMiddleware"
    ]
    without = Client().get("/api/v1/municipalities/", headers=gzip_accepted)

    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in without  # the open data's own middleware does not compress
    assert without.content == gzip.decompress(packed.content)
    assert without["ETag"] == packed["ETag"]
    assert without["Access-Control-Allow-Origin"] == "*"
