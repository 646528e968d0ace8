"""deploy/: the nginx site is valid, gunicorn runs with its configuration, and no log keeps a
token (they live in query strings and paths)."""

import logging
import subprocess
import urllib.error
import urllib.request

import pytest

from bench.run import HOST, Processes, free_port
from solidair.operations.accesslog import RedactPathsFilter, redact_path
from tests.operations.conftest import manage, settings_env
from tests.operations.servers import (
    DEPLOY,
    nginx_binary,
    nginx_command,
    render_nginx,
    start_gunicorn,
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


def test_the_nginx_site_is_valid(tmp_path):
    nginx = nginx_binary()
    conf = render_nginx(tmp_path, upstreams=[8001, 8002], http_port=free_port(),
                        https_port=free_port())  # fmt: skip
    result = subprocess.run([*nginx_command(nginx, conf), "-t"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_gunicorn_runs_with_the_deploy_configuration_and_logs_no_token(tmp_path):
    processes = Processes()
    env = settings_env(
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        MEDIA_ROOT=str(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert manage(env, "collectstatic", "--noinput", "-v0").returncode == 0  # for the 404 page
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


def test_the_units_run_what_the_repository_holds():
    web = (DEPLOY / "systemd" / "solidair-web@.service").read_text()
    worker = (DEPLOY / "systemd" / "solidair-worker.service").read_text()
    assert "--config deploy/gunicorn.conf.py solidair.wsgi" in web
    assert "SOLIDAIR_BIND=127.0.0.1:%i" in web
    assert "manage.py run_worker" in worker
    assert "EnvironmentFile=/etc/solidair/solidair.env" in web and worker
