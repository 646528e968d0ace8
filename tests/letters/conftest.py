import datetime

import pytest

from solidair.letters.models import CouncilAddress
from tests.factories import municipality
from tests.lib.conftest import smtp  # noqa: F401  (the real SMTP server)


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    """Forms that send mail wait a few seconds for people; tests need not (one test checks it)."""
    settings.LETTER_FORM_MIN_SECONDS = 0


@pytest.fixture
def hove_address(db):
    return CouncilAddress.objects.create(
        municipality=municipality("Hove"),
        email="college@hove.be",
        source="https://www.hove.be/contact",
        last_verified=datetime.date(2026, 1, 5),
    )
