import pytest

from tests.factories import council_address_set, municipality


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    """Forms that send mail wait a few seconds for people; tests need not (one test checks it)."""
    settings.LETTER_FORM_MIN_SECONDS = 0


@pytest.fixture
def hove_address(db):
    return council_address_set(
        municipality("Hove"), "college@hove.be", source="https://www.hove.be/contact"
    )


@pytest.fixture
def offices_always_open(settings):
    """For tests that send at the wall clock's time: the council's office is always open and
    takes many letters a day, so nothing waits for Monday morning (tests/letters/test_queue.py
    checks the real schedule with a fixed clock)."""
    settings.COUNCIL_OFFICE_DAYS = [1, 2, 3, 4, 5, 6, 7]
    settings.COUNCIL_OFFICE_HOURS = "00:00-24:00"
    settings.COUNCIL_DAILY_CAP = 100_000
