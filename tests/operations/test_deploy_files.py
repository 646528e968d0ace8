"""deploy/: the nginx site is valid, gunicorn runs with its configuration, and no log keeps a
token (they live in query strings and paths)."""

import http.client
import logging
import ssl
import subprocess
import urllib.error
import urllib.request

import pytest

from bench.run import HOST, Processes, free_port
from solidair.operations.accesslog import RedactPathsFilter, redact_path
from tests.operations.helpers import settings_env
from tests.operations.servers import (
    DEPLOY,
    nginx_binary,
    nginx_command,
    render_nginx,
    start_gunicorn,
    start_nginx,
)

TOKEN = "Xk3_9fQpL2mZr8TvBn4wYs"


@pytest.mark.parametrize(
    ("path", "logged"),
    [
        (f"/aansluiten/{TOKEN}/", "/aansluiten/:token/"),
        (f"/aansluiten/{TOKEN}/stap/2/?x=1", "/aansluiten/:token/stap/2/"),
        ("/portaal/aanmelden/?sleutel=abc", "/portaal/aanmelden/"),
        ("/gemeenten/beveren-kruibeke-zwijndrecht/", "/gemeenten/beveren-kruibeke-zwijndrecht/"),
        ("/static/css/site.3f2a9b8c1d4e.css", "/static/css/site.3f2a9b8c1d4e.css"),
        ("/api/v1/municipalities/44021/", "/api/v1/municipalities/44021/"),
        (f"/bestanden/public/evidence/{TOKEN}.pdf", "/bestanden/public/evidence/:token.pdf"),
    ],
)
def test_paths_lose_their_tokens(path, logged):
    assert redact_path(path) == logged


def test_django_log_lines_lose_their_tokens():
    record = logging.LogRecord(
        "django.request", logging.WARNING, "", 0, "Not Found: %s", (f"/aansluiten/{TOKEN}/",), None
    )
    RedactPathsFilter().filter(record)
    assert record.getMessage() == "Not Found: /aansluiten/:token/"


@pytest.mark.slow
def test_the_nginx_site_is_valid(tmp_path):
    nginx = nginx_binary()
    conf = render_nginx(tmp_path, upstreams=[8001, 8002], http_port=free_port(),
                        https_port=free_port())  # fmt: skip
    result = subprocess.run([*nginx_command(nginx, conf), "-t"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


@pytest.mark.slow
def test_gunicorn_runs_with_the_deploy_configuration_and_logs_no_token(tmp_path, collected_static):
    processes = Processes()
    env = settings_env(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path),
        STATIC_ROOT=str(collected_static),  # for the 404 page
    )
    try:
        _proc, port = start_gunicorn(processes, tmp_path, env)
        url = f"http://{HOST}:{port}/bestanden/public/evidence/{TOKEN}.pdf?sleutel=geheim123"
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(url, timeout=10)
        assert error.value.code == 404
    finally:
        processes.stop_all()
    log = next(tmp_path.glob("gunicorn-*.log")).read_text()
    assert '"GET /bestanden/public/evidence/:token.pdf HTTP/1.1" 404' in log, log
    assert "Not Found: /bestanden/public/evidence/:token.pdf" in log
    assert TOKEN not in log
    assert "geheim123" not in log and "sleutel" not in log
    assert "warm-up failed" not in log  # post_worker_init (solidair/operations/warmup.py)


def _https(port: int) -> http.client.HTTPSConnection:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection(HOST, port, timeout=10, context=context)


@pytest.mark.slow
def test_nginx_speaks_dutch_when_no_instance_answers_or_a_body_is_too_large(tmp_path):
    processes = Processes()
    try:
        # Both upstream ports have nobody listening.
        _http, https = start_nginx(processes, tmp_path, upstreams=[free_port(), free_port()])
        conn = _https(https)
        conn.request("GET", "/gemeenten/", headers={"Host": "solidairegemeenten.be"})
        response = conn.getresponse()
        body = response.read().decode()
        assert response.status == 502
        assert response.getheader("Content-Type").startswith("text/html")
        assert '<html lang="nl-BE">' in body and "Even niet bereikbaar" in body
        assert "nginx" not in body
        conn.close()

        # Over client_max_body_size (12 MB): refused on the announced length, before the body.
        conn = _https(https)
        conn.putrequest("POST", "/initiatieven/nieuw/", skip_host=True)
        conn.putheader("Host", "solidairegemeenten.be")
        conn.putheader("Content-Type", "multipart/form-data; boundary=x")
        conn.putheader("Content-Length", str(13 * 1024 * 1024))
        conn.endheaders()
        response = conn.getresponse()
        body = response.read().decode()
        assert response.status == 413
        assert "Bestand te groot" in body and "10 MB" in body
        conn.close()
        # The error pages themselves are not addresses of the site.
        conn = _https(https)
        conn.request("GET", "/_fouten/413.html", headers={"Host": "solidairegemeenten.be"})
        assert conn.getresponse().status != 200
        conn.close()
    finally:
        processes.stop_all()


def test_the_units_run_what_the_repository_holds():
    web = (DEPLOY / "systemd" / "solidair-web@.service").read_text()
    worker = (DEPLOY / "systemd" / "solidair-worker.service").read_text()
    assert "--config deploy/gunicorn.conf.py solidair.wsgi" in web
    assert "SOLIDAIR_BIND=127.0.0.1:%i" in web
    assert "manage.py run_worker" in worker
    assert "EnvironmentFile=/etc/solidair/solidair.env" in web and worker


@pytest.mark.slow
def test_collectstatic_compresses_the_files_but_not_the_source_maps(collected_static):
    script = next(collected_static.glob("ninja/swagger-ui-bundle.*.js"))
    assert script.with_name(script.name + ".br").exists()
    assert script.with_name(script.name + ".gz").exists()
    maps = list(collected_static.rglob("*.map"))
    assert maps
    assert not [m for m in maps if m.with_name(m.name + ".br").exists()]
    assert not [m for m in maps if m.with_name(m.name + ".gz").exists()]
