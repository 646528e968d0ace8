"""Fixtures shared by the whole suite, the Hypothesis profile and the tiers (the `slow` marker).

Fixtures live in conftest.py files only (this one, or the conftest.py of the app's folder);
plain helpers in non-test modules (tests/helpers.py, tests/<app>/helpers.py). A test module never
imports from another test module or from a conftest.py.

The people (one set for the whole suite; names and addresses in tests/helpers.py):
- ``member`` (the place): Merelbeke-Melle, a member with three commitments, and the contact
  persons of the three people below (An Peeters public, Bram Claes not public, Gert Gent).
- ``member_contact``: An Peeters, contact person of Merelbeke-Melle (the account, not signed in).
- ``colleague``: Bram Claes, another contact person of Merelbeke-Melle.
- ``outsider``: Gert Gent, contact person of Gent (not a member): Merelbeke-Melle's portal
  pages are a 404 for them.
- ``coordinator``: a superuser for /beheer/.
- ``anonymous``: a client of its own, not signed in.
Clients: ``member_client`` and ``outsider_client`` are the test's ``client`` signed in (as a
contact signs in, with the mailed link's backend); ``colleague_client`` and
``coordinator_client`` are clients of their own, so that a test can act as two people.
"""

import secrets
from pathlib import Path

import pytest
from _pytest.nodeid import coerce_node_id
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.helpers import (
    COLLEAGUE,
    CONTACT_BACKEND,
    COORDINATOR,
    COORDINATOR_PASSWORD,
    LEGACY_LETTER,
    LEGACY_PAGE,
    MEMBER,
    MEMBER_CONTACT,
    OUTSIDER,
    PRODUCTION_HOST,
    PRODUCTION_SETTINGS,
    contact_user,
)
from tests.operations.helpers import env_example, manage, settings_env

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
# live server, a browser, the deployment stack), lives in one of these folders, or is a property
# test (Hypothesis, or a test_*properties.py module that goes through every name or word); the
# others that start processes, crawl every page or wait in real time say so with
# `pytest.mark.slow`.
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
        if (
            SLOW_FIXTURES.intersection(getattr(item, "fixturenames", ()))
            or any(path.is_relative_to(folder) for folder in slow_folders)
            or path.stem.endswith("properties")
            or getattr(getattr(item, "function", None), "is_hypothesis_test", False)
        ):
            item.add_marker(pytest.mark.slow)
    _unique_ids(items)


def _unique_ids(items) -> None:
    """Every test has an id of its own: make test's processes (pytest-xdist) hand out tests by
    id, and would run only one of several that share it. Schemathesis gives each operation of
    the API its own test, named after the operation, under the one id of the test function:
    the name goes into the id. Any other repeated id stops the run."""
    for item in items:
        if getattr(item, "operation_label", None) and not item.nodeid.endswith("]"):
            item._id = coerce_node_id(f"{item.parent.nodeid}::{item.name}")
    seen: set[str] = set()
    repeated = {item.nodeid for item in items if item.nodeid in seen or seen.add(item.nodeid)}
    if repeated:
        raise pytest.UsageError(f"tests that share an id: {sorted(repeated)}")


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


class StoppedClock:
    """A clock that stays where a test started it (``time()``), unless the test moves it."""

    def __init__(self, now: float):
        self.now = now

    def time(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def ratelimit_clock(monkeypatch) -> StoppedClock:
    """The rate limits' windows (django-ratelimit's fixed windows, "20/m") do not end in the
    middle of a test that counts its requests up to a limit, however slowly the machine runs
    them; a test that needs a window to pass moves ``ratelimit_clock.now``."""
    import time

    import django_ratelimit.core

    clock = StoppedClock(time.time())
    monkeypatch.setattr(django_ratelimit.core, "time", clock)
    return clock


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


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory) -> Path:
    """The static files as a deploy and `make run` collect them (hashed names, compressed
    copies), once per session: the journeys' default install and the gunicorn test serve them."""
    folder = tmp_path_factory.mktemp("static")
    result = manage(settings_env(STATIC_ROOT=str(folder)), "collectstatic", "--noinput", "-v0")
    assert result.returncode == 0, result.stderr
    return folder


# --- The reference data after a flush ------------------------------------------------------
# A transactional test (a live server, a worker process) ends with the database emptied. The
# tests after it, transactional or not, find the reference data as the migrations left it: it is
# put back from a snapshot right after the flush (tests/database.py), in a fraction of a second.
# In one process pytest-django runs the transactional tests last; with one process per core
# (make test), a process may run other test files after them.
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
RESTORE = pytest.StashKey[object]()


def _flushes(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    return bool(TRANSACTIONAL_FIXTURES.intersection(getattr(item, "fixturenames", ()))) or bool(
        marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )


@pytest.fixture(scope="session")
def reference_snapshot(request, django_db_setup, django_db_blocker):
    """The rows of our tables as the migrations left the test database, and what puts them back
    after a flush (``pytest_runtest_teardown`` below)."""
    from solidair.municipalities.models import Municipality
    from solidair.municipalities.search import search_index_invalidate
    from solidair.operations.pagecache import bump_content_version
    from tests.database import snapshot_restore, snapshot_take

    with django_db_blocker.unblock():
        snapshot = snapshot_take()

    def restore() -> None:
        with django_db_blocker.unblock():
            if not Municipality.objects.exists():
                snapshot_restore(snapshot)
                search_index_invalidate()
                bump_content_version()

    request.config.stash[RESTORE] = restore
    return snapshot


@pytest.fixture(autouse=True)
def _snapshot_before_a_flush(request):
    """The snapshot is taken before the first transactional test empties the database."""
    if _flushes(request.node):
        request.getfixturevalue("reference_snapshot")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    # After the last test the test database is already gone (its session fixture ended in
    # this teardown): nothing to put back.
    if nextitem is None:
        return result
    if _flushes(item) and (restore := item.config.stash.get(RESTORE, None)):
        restore()
    return result


@pytest.fixture
def reference_data(transactional_db, reference_snapshot):
    """For transactional tests: the reference data the migrations load (municipalities,
    activities, letter templates, council addresses); put back after each flush."""


# --- The people (see the module's docstring; names and addresses: tests/helpers.py) ----------
@pytest.fixture
def member(db):
    """Merelbeke-Melle, a member, with the contact persons of the member contact, the
    colleague (not public) and the outsider (of Gent)."""
    from tests.factories import ContactPersonFactory, make_member, municipality

    make_member(MEMBER, ("reception", "housing", "network"))
    place = municipality(MEMBER)
    ContactPersonFactory(municipality=place, name=MEMBER_CONTACT.name, email=MEMBER_CONTACT.email)
    ContactPersonFactory(
        municipality=place, name=COLLEAGUE.name, email=COLLEAGUE.email, is_public=False
    )
    ContactPersonFactory(
        municipality=municipality(OUTSIDER.municipality), name=OUTSIDER.name, email=OUTSIDER.email
    )
    return place


@pytest.fixture
def member_contact(member):
    return contact_user(MEMBER_CONTACT.email)


@pytest.fixture
def colleague(member):
    return contact_user(COLLEAGUE.email)


@pytest.fixture
def outsider(member):
    return contact_user(OUTSIDER.email)


@pytest.fixture
def coordinator(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser(
        COORDINATOR.name, COORDINATOR.email, COORDINATOR_PASSWORD
    )


@pytest.fixture
def anonymous(db):
    from django.test import Client

    return Client()


@pytest.fixture
def member_client(client, member_contact):
    client.force_login(member_contact, backend=CONTACT_BACKEND)
    return client


@pytest.fixture
def outsider_client(client, outsider):
    client.force_login(outsider, backend=CONTACT_BACKEND)
    return client


@pytest.fixture
def colleague_client(colleague):
    from django.test import Client

    other = Client()
    other.force_login(colleague, backend=CONTACT_BACKEND)
    return other


@pytest.fixture
def coordinator_client(coordinator):
    from django.test import Client

    other = Client()
    other.force_login(coordinator)
    return other


# --- Production settings (PRODUCTION_SETTINGS: tests/helpers.py) -------------------------------
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


@pytest.fixture
def production_env(tmp_path) -> dict[str, str]:
    """A realistic production environment for a new process: the example file with a real
    secret key."""
    values = env_example()
    values.update(
        SECRET_KEY=secrets.token_urlsafe(60),
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    return settings_env(**values)


# --- Mail and uploads -------------------------------------------------------------------------
@pytest.fixture
def smtp(settings, tmp_path):
    """A real SMTP server on loopback; the outbox delivers to it and keeps files in tmp_path."""
    from tests.lib.smtp import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_HOST = server.host
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.MEDIA_ROOT = tmp_path / "media"
    # Not the lock of a worker that may be running on this machine.
    settings.MAIL_LOCK_FILE = str(tmp_path / "outbox.lock")
    yield server
    server.stop()


@pytest.fixture
def media(settings, tmp_path):
    """Uploads go to the test's own folder, and the default storage forgets where it was."""
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path
    default_storage.__dict__.pop("base_location", None)
    default_storage.__dict__.pop("location", None)
    return tmp_path
