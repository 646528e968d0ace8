from pathlib import Path

import pytest
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

# The suite's one Hypothesis profile: the same examples on every run (a failure is always
# reproducible), no deadline (pages and databases vary in speed), no example database on disk,
# and Django's function-scoped fixtures (client, settings) allowed. Tests set max_examples.
hypothesis_settings.register_profile(
    "solidair",
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
hypothesis_settings.load_profile("solidair")

# --- Tiers ------------------------------------------------------------------------------------
# `pytest -m "not slow"` (make test-fast) is the tier a developer runs after every change; `make
# test` runs everything. A test is slow when it uses one of these fixtures (a real SMTP server, a
# live server, a browser, the deployment stack) or lives in one of these folders; the others that
# start processes or wait in real time say so themselves with `pytest.mark.slow`.
SLOW_FIXTURES = {
    "smtp",
    "live_server",
    "browser",
    "context",
    "page",
    "stack",
    "install",
}
SLOW_FOLDERS = ("browser", "system")
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    slow_folders = [TESTS / name for name in SLOW_FOLDERS]
    for item in items:
        path = Path(item.path)
        if SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ())) or any(
            path.is_relative_to(folder) for folder in slow_folders
        ):
            item.add_marker(pytest.mark.slow)


SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
LEGACY_PAGE = SEEDS / "000_62e2fbc28d8d54bd.txt"
LEGACY_LETTER = SEEDS / "004_c5cf21f2fbf0fed5.txt"


@pytest.fixture
def legacy_paths():
    """The network's source documents; tests that need them skip when ../shared is absent."""
    if not (LEGACY_PAGE.exists() and LEGACY_LETTER.exists()):
        pytest.skip("../shared/seeds is not present")
    return LEGACY_PAGE, LEGACY_LETTER


@pytest.fixture(autouse=True)
def _empty_cache():
    """The database is rolled back after each test; the page cache must be too."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path_factory):
    """Uploads go to a folder of the test's own: never to, nor cleaned from (the periodic job
    uploads_orphans_delete), the developer's media folder."""
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _dutch_after_each_test():
    """A request activates its language in the thread and leaves it there (LocaleMiddleware):
    a test that asked for a French page must not make the next test's code run in French."""
    from django.utils import translation

    yield
    translation.activate(translation.get_supported_language_variant("nl-be"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    """Tests render {% static %} without a collectstatic manifest, and hash passwords fast."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def reference_data(transactional_db):
    """For transactional tests: the reference data the migrations load (municipalities,
    activities, letter templates), loaded again when an earlier transactional test (the browser
    tests run first) flushed the database."""
    from django.core.management import call_command

    from solidair.municipalities.models import Municipality

    if not Municipality.objects.exists():
        call_command("load_reference_data", verbosity=0)


# --- Production settings (issue #9, tests/security) ------------------------------------------
# What PRODUCTION=1 and the example environment (deploy/solidair.env.example) change, applied in
# this process; tests/security/test_production_settings.py checks it against a real start.
# Redis is left out (shared by every engineer's tests on this machine): sessions are cached_db on
# the local cache instead, the same code path.
PRODUCTION_HOST = "solidairegemeenten.be"
PRODUCTION_SETTINGS = {
    "DEBUG": False,
    "ALLOWED_HOSTS": [PRODUCTION_HOST, f"www.{PRODUCTION_HOST}"],
    "SITE_URL": f"https://{PRODUCTION_HOST}",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_REDIRECT_EXEMPT": [r"^gezondheid/$"],
    "SECURE_PROXY_SSL_HEADER": ("HTTP_X_FORWARDED_PROTO", "https"),
    "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "RATELIMIT_IP_META_KEY": "solidair.operations.middleware.client_ip",
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
}


@pytest.fixture
def production(settings, client):
    """Production settings, and ``client`` asking as our nginx does: over https (the forwarded
    scheme), for the public host name, with the visitor's address in X-Real-IP. Errors are
    answered as in production (no exception propagates out of the handler)."""
    for name, value in PRODUCTION_SETTINGS.items():
        setattr(settings, name, value)
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.defaults.update(
        HTTP_HOST=PRODUCTION_HOST, HTTP_X_FORWARDED_PROTO="https", HTTP_X_REAL_IP="203.0.113.9"
    )
    return client


@pytest.fixture(autouse=True)
def _production_marker(request):
    """``@pytest.mark.production``: the test runs with the ``production`` fixture."""
    if request.node.get_closest_marker("production"):
        request.getfixturevalue("production")
