"""Plain helpers for tests/portal (fixtures: conftest.py)."""

import re
from urllib.parse import urlsplit

from tests.helpers import MEMBER_CONTACT, OUTSIDER

# The people's addresses (tests/helpers.py), as the portal's tests write them.
MERELBEKE_CONTACT = MEMBER_CONTACT.email
GENT_CONTACT = OUTSIDER.email
TOKEN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")


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
