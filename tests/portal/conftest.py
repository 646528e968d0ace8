import re

import pytest

from tests.factories import ContactPersonFactory, InitiativeFactory, make_member, municipality
from tests.lib.conftest import smtp  # noqa: F401  (the real SMTP server, for the mail tests)

MERELBEKE_CONTACT = "Sociale.Dienst@merelbeke-melle.be"
GENT_CONTACT = "welzijn@stad.gent"

TOKEN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")


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


def contact_user(email: str):
    """The account a contact gets when they first ask for a link."""
    from django.contrib.auth.models import User

    user = User.objects.create(username=email.lower(), email=email.lower())
    user.set_unusable_password()
    user.save()
    return user


def without_csrf(body: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def link_from(message) -> str:
    match = TOKEN_LINK.search(message.get_body(("plain",)).get_content())
    assert match, "no sign-in link in the mail"
    return match.group(0)


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
