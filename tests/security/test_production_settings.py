"""The ``production`` fixture (tests/conftest.py) is what PRODUCTION=1 really sets: every setting
that a real start with PRODUCTION=1 changes is in PRODUCTION_SETTINGS, with the same value, so the
sweeps in tests/security run in the settings they claim to."""

import json
import subprocess
import sys

import pytest

from tests.helpers import PRODUCTION_HOST, PRODUCTION_SETTINGS
from tests.operations.helpers import ROOT

DUMP = (
    "import json, django; django.setup(); from django.conf import settings; "
    "show = lambda v: repr(sorted(v) if isinstance(v, (set, frozenset)) else v); "
    "print(json.dumps({name: show(getattr(settings, name)) for name in dir(settings) "
    "if name.isupper()}))"
)


def settings_of(env: dict[str, str]) -> dict[str, str]:
    result = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
def test_the_fixture_applies_what_production_changes(production_env):
    production = settings_of(production_env)
    without = settings_of({**production_env, "PRODUCTION": "0"})
    changed = {name for name in production if production[name] != without.get(name)}
    changed.discard("PRODUCTION")
    assert {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE"} <= changed
    assert changed - set(PRODUCTION_SETTINGS) == set()
    # And the example environment's own values (DEBUG, hosts, the site's address, sessions).
    for name, value in PRODUCTION_SETTINGS.items():
        assert production[name] == repr(value), name


@pytest.mark.django_db
def test_the_fixture_is_in_force(production, settings):
    # The settings as the application sees them, and the client as our nginx sends requests.
    for name, value in PRODUCTION_SETTINGS.items():
        assert getattr(settings, name) == value, name
    response = production.get("/", secure=False, HTTP_X_FORWARDED_PROTO="http")
    assert response.status_code == 301
    assert response["Location"] == f"https://{PRODUCTION_HOST}/"
    response = production.get("/")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Also when the page is in the page cache (the cache answered before the host was checked).
    for path in ("/", "/gemeenten/", "/initiatieven/"):
        assert production.get(path).status_code == 200
        assert production.get(path, HTTP_HOST="evil.example").status_code == 400, path
        response = production.get(path, HTTP_HOST=f"www.{PRODUCTION_HOST}")
        assert response.status_code == 200, path


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/gemeenten/", "/aansluiten/link/"])
def test_errors_are_pages_not_debug_output(production, path):
    response = production.get(path + "%00/bestaat-niet/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "Traceback" not in content and "DEBUG = True" not in content
    assert 'lang="nl-BE"' in content
