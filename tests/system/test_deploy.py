"""The deployment of deploy/ on the loopback: nginx with deploy/nginx/solidair.conf in front of
two gunicorn instances with deploy/gunicorn.conf.py, in production settings.

Started here (issue #9); still to come: PostgreSQL and Redis of their own, the worker running
beside, load while an instance is killed, Redis and the SMTP server stopped.
"""

import gzip
import http.client
import json
import os
import secrets
import signal
import ssl
import time
from pathlib import Path

import pytest

from bench.run import HOST, Processes
from tests.operations.conftest import env_example, manage, settings_env
from tests.operations.servers import start_gunicorn, start_nginx

pytestmark = pytest.mark.system
DOMAIN = "solidairegemeenten.be"


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
def deployment(tmp_path_factory):
    """Two instances and nginx in production settings, on a migrated SQLite database."""
    tmp = tmp_path_factory.mktemp("deploy")
    values = env_example()
    values.update(
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS=DOMAIN,
        STATIC_ROOT=str(tmp / "static"),
        MEDIA_ROOT=str(tmp / "media"),
        SQLITE_PATH=str(tmp / "db.sqlite3"),
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT="1",
    )
    # SQLite and one cache per process for now; PostgreSQL and Redis come with the next part.
    del values["DATABASE_URL"], values["REDIS_URL"]
    env = settings_env(**values)
    for command in (("migrate", "--noinput", "-v0"), ("collectstatic", "--noinput", "-v0")):
        result = manage(env, *command)
        assert result.returncode == 0, result.stderr
    assert manage(env, "run_worker", "--batch").returncode == 0  # its heartbeat
    media = Path(env["MEDIA_ROOT"])
    (media / "public" / "evidence").mkdir(parents=True)
    (media / "public" / "evidence" / "besluit.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")
    (media / "private" / "applications").mkdir(parents=True)
    (media / "private" / "applications" / "geheim.pdf").write_bytes(b"%PDF-1.7\n%%EOF\n")

    processes = Processes()
    try:
        web = [start_gunicorn(processes, tmp, env) for _ in range(2)]
        http_port, https_port = start_nginx(processes, tmp, upstreams=[port for _, port in web])
        yield {"web": web, "http": http_port, "https": https_port, "tmp": tmp}
    finally:
        processes.stop_all()


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


def test_a_dead_instance_is_skipped(deployment):
    proc, _port = deployment["web"][0]
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    started = time.monotonic()
    statuses = [get(deployment["https"], "/netwerk/")[0] for _ in range(30)]
    assert statuses == [200] * 30
    assert time.monotonic() - started < 30
