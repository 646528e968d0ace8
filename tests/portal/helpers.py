"""Plain helpers for tests/portal (fixtures: conftest.py)."""

import re
from urllib.parse import urlsplit

MERELBEKE_CONTACT = "Sociale.Dienst@merelbeke-melle.be"
GENT_CONTACT = "welzijn@stad.gent"
TOKEN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")


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


def path_of(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def token_of(link: str) -> str:
    return urlsplit(link).query.removeprefix("sleutel=")
