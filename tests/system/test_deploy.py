"""The deployment of deploy/ on the loopback: nginx with deploy/nginx/solidair.conf in front of
two gunicorn instances with deploy/gunicorn.conf.py, on PostgreSQL and Redis, in production
settings (the stack of tests/system/stack.py). Faults: tests/system/test_faults.py.
"""

import gzip
import http.client
import json
import ssl
import time

import brotli
import pytest

from bench.run import HOST
from tests.operations.helpers import manage
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
    # Brotli where the browser takes it: the .br copy that collectstatic wrote.
    status, headers, body = get(
        deployment["https"], f"/static/{hashed}", headers={"Accept-Encoding": "gzip, br"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "br"
    assert b".skip-link" in brotli.decompress(body)


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


# A municipality that is not a member becomes one (a change of the network's data).
BECOME_MEMBER = """
from solidair.membership.selectors import current_membership
from solidair.municipalities.models import Municipality
from tests.factories import make_member

for municipality in Municipality.objects.flemish().order_by("-slug"):
    if current_membership(municipality) is None:
        break
if "%s" == "pick":
    print(municipality.slug)
else:
    make_member(Municipality.objects.get(slug="%s").name)
"""


def cache_status(port: int, path: str, headers: dict | None = None) -> tuple[str, bytes]:
    status, answer_headers, body = get(port, path, headers=headers)
    assert status == 200, (path, status)
    assert "X-Accel-Expires" not in answer_headers  # nginx keeps it to itself
    return answer_headers.get("X-Cache", ""), body


def test_the_edge_answers_anonymous_visitors_and_shows_a_change_within_a_second(stack):
    port = stack.https
    seen = {cache_status(port, "/gemeenten/")[0] for _ in range(5)}
    assert "HIT" in seen, seen
    # The CSRF cookie alone (a visitor who opened a form) keeps the edge.
    csrf = {"Cookie": "csrftoken=abcdefghijklmnopqrstuvwxyz012345"}
    assert "HIT" in {cache_status(port, "/gemeenten/", csrf)[0] for _ in range(5)}
    # A session, any other cookie or credentials go to the app.
    for headers in ({"Cookie": "sessionid=abc"}, {"Cookie": "csrftoken=a; messages=b"},
                    {"Authorization": "Basic eDp5"}):  # fmt: skip
        assert cache_status(port, "/gemeenten/", headers)[0] == "BYPASS", headers
    # What the app does not mark is never kept: the portal, health, a form that sets a cookie.
    for path in ("/portaal/aanmelden/", "/gezondheid/", "/brief/aalst/"):
        assert "HIT" not in {cache_status(port, path)[0] for _ in range(3)}, path

    result = manage(stack.env, "shell", "-v0", "-c", BECOME_MEMBER % ("pick", "pick"))
    assert result.returncode == 0, result.stderr
    slug = result.stdout.strip()
    page = f"/gemeenten/{slug}/"
    for _ in range(3):
        _status, before = cache_status(port, page)
    assert b"is een Solidaire" not in before
    result = manage(stack.env, "shell", "-v0", "-c", BECOME_MEMBER % ("", slug))
    assert result.returncode == 0, result.stderr
    changed_at = time.monotonic()
    # At once for whom the edge does not answer (a signed-in coordinator has a session cookie).
    assert b"is een Solidaire" in cache_status(port, page, {"Cookie": "sessionid=x"})[1]
    # Within PAGE_CACHE_EDGE_SECONDS (1) for everyone else.
    while b"is een Solidaire" not in cache_status(port, page)[1]:
        assert time.monotonic() - changed_at < 3, "the edge kept the old page"
        time.sleep(0.05)
    print(f"\nthe change showed through the edge after {time.monotonic() - changed_at:.2f} s")


def test_pages_arrive_compressed_by_the_app(deployment):
    status, headers, body = get(
        deployment["https"], "/gemeenten/", headers={"Accept-Encoding": "gzip"}
    )
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert b"Gemeenten" in gzip.decompress(body)
