import pytest

from tests.factories import ContactPersonFactory, InitiativeFactory, make_member, municipality
from tests.portal.helpers import GENT_CONTACT, MERELBEKE_CONTACT, contact_user


@pytest.fixture(autouse=True)
def _no_sign_in_floor(settings):
    """The constant-time floor only slows the tests down; one test puts it back."""
    settings.PORTAL_SIGN_IN_MIN_SECONDS = 0


@pytest.fixture
def network(db):
    """Merelbeke-Melle, a member with a public and a private contact, a published and an
    unpublished initiative; Gent, with a contact of its own (the outsider)."""
    make_member("Merelbeke-Melle", ("reception", "housing", "network"))
    merelbeke_melle = municipality("Merelbeke-Melle")
    ContactPersonFactory(municipality=merelbeke_melle, name="An Peeters", email=MERELBEKE_CONTACT)
    ContactPersonFactory(
        municipality=merelbeke_melle,
        name="Bram Claes",
        email="bram.claes@merelbeke-melle.be",
        is_public=False,
    )
    InitiativeFactory(municipality=merelbeke_melle, title="Buddywerking voor nieuwkomers")
    InitiativeFactory(municipality=merelbeke_melle, title="Taalcafé in opbouw", published=False)
    ContactPersonFactory(municipality=municipality("Gent"), name="Gert Gent", email=GENT_CONTACT)
    return merelbeke_melle


@pytest.fixture
def owner(client, network):
    """A signed-in contact of Merelbeke-Melle."""
    client.force_login(contact_user(MERELBEKE_CONTACT), backend="sesame.backends.ModelBackend")
    return client


@pytest.fixture
def outsider(client, network):
    """A signed-in contact of Gent: Merelbeke-Melle's pages must be a 404 for them."""
    client.force_login(contact_user(GENT_CONTACT), backend="sesame.backends.ModelBackend")
    return client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
