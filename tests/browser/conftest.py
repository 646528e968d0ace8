"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One browser is launched for the whole session (pytest-playwright's session-scoped
``browser`` fixture); every test gets a fresh context and page. The live server
implies a transactional database, which is flushed after every test, so the
``site`` fixture reloads the reference data and creates a small network first.
"""

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.helpers import axe_violations, format_violations

# Playwright's sync API runs an event loop in the test thread, which trips
# Django's async-safety check on every ORM call made by the test itself.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is not installed")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # Dutch UI, Belgian locale; a desktop viewport unless a test asks otherwise.
    return {
        **browser_context_args,
        "locale": "nl-BE",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture(autouse=True)
def _short_timeouts(request):
    """Fail fast: a server-rendered page that needs more than 5 s is a failure."""
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        page.set_default_timeout(5_000)
        page.set_default_navigation_timeout(10_000)


@dataclass
class Site:
    url: str
    initiative_url: str


@pytest.fixture
def site(live_server, reference_data) -> Site:
    """Reference data plus a small network: two members in different provinces
    (one with a public contact and a published initiative), the rest non-members."""
    from solidair.membership.models import Activity
    from tests.factories import (
        ContactPersonFactory,
        InitiativeFactory,
        make_member,
        municipality,
    )

    make_member("Merelbeke-Melle", ("reception", "housing", "network"))
    make_member("Leuven", ("reception", "education", "network"))
    merelbeke_melle = municipality("Merelbeke-Melle")
    ContactPersonFactory(
        municipality=merelbeke_melle,
        name="An Peeters",
        role="Sociale dienst",
        email="sociale.dienst@example.be",
    )
    initiative = InitiativeFactory(
        municipality=merelbeke_melle,
        title="Buddywerking voor nieuwkomers",
        summary="Vrijwilligers helpen nieuwkomers hun weg te vinden in de gemeente.",
        text='<p>Elke buddy begeleidt een gezin. <a href="https://example.be/">Meer info</a>.</p>',
        is_highlighted=True,
    )
    initiative.themes.set(Activity.objects.filter(code__in=["reception", "network"]))
    return Site(url=live_server.url, initiative_url=live_server.url + initiative.get_absolute_url())


@pytest.fixture
def assert_accessible():
    def check(page) -> None:
        violations = axe_violations(page)
        assert not violations, (
            f"axe found {len(violations)} WCAG 2.1 AA violation(s) on {page.url}:\n"
            + format_violations(violations)
        )

    return check
