from pathlib import Path

import pytest

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
