"""The portal in three languages: its pages switch language, and a sign-in link keeps the
language it was asked in (the mechanics of the languages: tests/lib/test_languages.py)."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings

from solidair.operations.mail import outbox_flush
from tests.helpers import html, switch
from tests.portal.helpers import MERELBEKE_CONTACT, link_from


@pytest.mark.django_db
def test_a_page_answered_to_a_post_switches_to_the_same_address(client, network):
    response = client.post("/fr/portaal/aanmelden/", {"email": "niemand@example.org"})
    assert response.status_code == 200
    hrefs = [a.get("href") for a in switch(response)]
    assert hrefs == ["/portaal/aanmelden/", "/fr/portaal/aanmelden/", "/en/portaal/aanmelden/"]
    assert client.get(hrefs[2]).status_code == 200


@pytest.mark.django_db
def test_a_mailed_sign_in_link_keeps_the_language_it_was_asked_in(client, network, smtp):
    client.post("/fr/portaal/aanmelden/", {"email": MERELBEKE_CONTACT})
    assert outbox_flush() == 1
    link = link_from(smtp.inbox.messages[-1])
    assert link.startswith(settings.SITE_URL + "/fr/portaal/aanmelden/link/?sleutel=")
    parts = urlsplit(link)
    page = client.get(f"{parts.path}?{parts.query}")
    assert page.status_code == 200
    assert html(page).get("lang") == "fr"
    signed_in = client.post(parts.path, {"sleutel": parts.query.removeprefix("sleutel=")})
    assert signed_in["Location"] == "/fr/portaal/"
