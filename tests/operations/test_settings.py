"""Production settings: `check --deploy` is clean with the example environment, every variable
is documented, and wrong production values stop the start."""

import subprocess
import sys

import pytest

from tests.operations.helpers import ROOT, env_example, manage, settings_env, settings_variables


@pytest.mark.slow
def test_check_deploy_reports_nothing_in_production(production_env):
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.slow
def test_check_deploy_flags_the_development_defaults(production_env):
    del production_env["PRODUCTION"]
    result = manage(production_env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 1
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr


def test_every_variable_the_settings_read_is_in_the_example():
    documented = set(env_example()) | {
        line.lstrip("#").partition("=")[0]
        for line in (ROOT / "deploy" / "solidair.env.example").read_text().splitlines()
        if line.startswith("#") and "=" in line and " " not in line.partition("=")[0]
    }
    read = settings_variables()
    assert {"PRODUCTION", "DEFAULT_FROM_EMAIL", "STORAGE_BACKEND", "S3_BUCKET"} <= read
    assert read - documented == set()


def settings_value(env: dict[str, str], expression: str) -> subprocess.CompletedProcess:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr(({expression})))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.slow
def test_production_turns_on_https_and_the_proxy_headers(production_env):
    expression = (
        "settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT,"
        " settings.SECURE_PROXY_SSL_HEADER, settings.SECURE_HSTS_SECONDS,"
        " settings.RATELIMIT_IP_META_KEY, settings.SESSION_ENGINE,"
        " settings.CACHES['default']['BACKEND']"
    )
    result = settings_value(production_env, expression)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "(True, True, True, ('HTTP_X_FORWARDED_PROTO', 'https'), 31536000, "
        "'solidair.operations.middleware.client_ip', "
        "'django.contrib.sessions.backends.cached_db', "
        "'solidair.operations.cache.ResilientRedisCache')"
    )


@pytest.mark.slow
def test_development_stays_on_http():
    result = settings_value(
        settings_env(), "settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT"
    )
    assert result.stdout.strip() == "(False, False)"


@pytest.mark.slow
def test_wrong_production_values_stop_the_start(production_env):
    cases = {
        "DEBUG": ("1", "PRODUCTION=1 and DEBUG=1 do not go together"),
        "SECRET_KEY": ("change-me-" * 6, "PRODUCTION=1 needs SECRET_KEY"),
        "SITE_URL": ("http://solidairegemeenten.be", "PRODUCTION=1 needs an https:// SITE_URL"),
        "PRODUCTION": ("maybe", "PRODUCTION must be one of 1/0"),
        "STORAGE_BACKEND": ("ftp", "STORAGE_BACKEND must be local or s3"),
        "PAGE_CACHE_EDGE_SECONDS": ("61", "PAGE_CACHE_EDGE_SECONDS must be 0 (off) to 60"),
        "BOUNCE_ADDRESS": ("bounces+x@example.be", "BOUNCE_ADDRESS must be an e-mail address"),
    }
    for name, (value, message) in cases.items():
        result = manage({**production_env, name: value}, "check")
        assert result.returncode == 1, name
        assert message in result.stderr, (name, result.stderr[-500:])
