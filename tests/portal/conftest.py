import pytest

from tests.factories import InitiativeFactory


@pytest.fixture(autouse=True)
def _no_sign_in_floor(settings):
    """The constant-time floor only slows the tests down; one test puts it back."""
    settings.PORTAL_SIGN_IN_MIN_SECONDS = 0


@pytest.fixture
def member(member):
    """In the portal's tests, the people's member (tests/conftest.py: Merelbeke-Melle with a
    public and a private contact; Gent, with a contact of its own, the outsider) has a published
    and an unpublished initiative too."""
    InitiativeFactory(municipality=member, title="Buddywerking voor nieuwkomers")
    InitiativeFactory(municipality=member, title="Taalcafé in opbouw", published=False)
    return member


@pytest.fixture
def network(member):
    """Merelbeke-Melle, the member of the portal's tests."""
    return member


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
