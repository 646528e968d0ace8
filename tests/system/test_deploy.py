"""The deployment of deploy/ on the loopback: nginx with deploy/nginx/solidair.conf in front of
two gunicorn instances with deploy/gunicorn.conf.py, on PostgreSQL and Redis, in production
settings (the stack of tests/system/stack.py). Faults: tests/system/test_faults.py.
"""

import gzip
import http.client
import json
import ssl

import pytest

from bench.run import HOST
from tests.system.stack import DOMAIN

pytestmark = pytest.mark.system


def get(port: int, path: str, *, tls: bool = True, headers: dict | None = None):
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        conn = http.client.HTTPSConnection(HOST, port, timeout=20, context=context)
    else:
        conn = http.client.HTTPConnection(HOST, port, timeout=20)
    try:
        conn.request("GET", path, headers={"Host": DOMAIN, **(headers or {})})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def deployment(stack):
    return {"web": stack.web, "http": stack.http, "https": stack.https, "tmp": stack.tmp}


def test_pages_come_through_nginx_with_the_production_headers(deployment):
    status, headers, body = get(deployment["https"], "/gemeenten/")
    assert status == 200
    assert b"Gemeenten" in body
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Server" not in headers or "nginx/" not in headers["Server"]


def test_http_is_sent_to_https(deployment):
    status, headers, _ = get(deployment["http"], "/gemeenten/?q=a", tls=False)
    assert status == 301
    assert headers["Location"] == f"https://{DOMAIN}/gemeenten/?q=a"


def test_hashed_static_files_are_cached_for_a_year_and_compressed(deployment):
    manifest = json.loads((deployment["tmp"] / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    status, headers, body = get(
        deployment["https"], f"/static/{hashed}", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Encoding"] == "gzip"
    assert b".skip-link" in gzip.decompress(body)


def test_public_uploads_have_safe_headers_and_private_ones_are_not_served(deployment):
    status, headers, body = get(deployment["https"], "/bestanden/public/evidence/besluit.pdf")
    assert status == 200
    assert body.startswith(b"%PDF-")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Cross-Origin-Resource-Policy"] == "same-origin"
    for path in (
        "/bestanden/private/applications/geheim.pdf",
        "/bestanden/public/../private/applications/geheim.pdf",
        "/bestanden/public/evidence/../../private/applications/geheim.pdf",
    ):
        assert get(deployment["https"], path)[0] == 404, path


def test_health_through_nginx(deployment):
    status, headers, body = get(deployment["https"], "/gezondheid/")
    assert status == 200, body
    assert json.loads(body) == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "worker": "ok", "outbox": "ok"},
        "outbox": {"late": 0, "failed": 0},
    }
    assert "no-store" in headers["Cache-Control"]
