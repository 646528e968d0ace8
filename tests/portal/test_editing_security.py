"""Security of the editing pages: every page with an outsider, anonymous, another
municipality's object in the URL, CSRF, the session's idle expiry and the rate limit."""

import datetime

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from solidair.membership.models import Commitment
from tests.factories import InitiativeFactory, make_member, municipality
from tests.helpers import CONTACT_BACKEND

pytestmark = pytest.mark.django_db

# Every editing page, as a template filled in with the ids of Merelbeke-Melle's objects.
PAGES = [
    "/portaal/merelbeke-melle/tekst/",
    "/portaal/merelbeke-melle/contacten/uitnodigen/",
    "/portaal/merelbeke-melle/contacten/{contact}/",
    "/portaal/merelbeke-melle/contacten/{contact}/verwijderen/",
    "/portaal/merelbeke-melle/initiatieven/nieuw/",
    "/portaal/merelbeke-melle/initiatieven/{initiative}/",
    "/portaal/merelbeke-melle/engagementen/nieuw/",
    "/portaal/merelbeke-melle/engagementen/{commitment}/",
    "/portaal/merelbeke-melle/engagementen/{commitment}/verwijderen/",
    "/portaal/merelbeke-melle/pauzeren/",
]
# The pages that take an object of the municipality.
OBJECT_PAGES = [page for page in PAGES if "{" in page]


def ids_of(place):
    return {
        "contact": place.contacts.order_by("pk").first().pk,
        "initiative": place.initiatives.order_by("pk").first().pk,
        "commitment": Commitment.objects.filter(membership__municipality=place)
        .order_by("pk")
        .first()
        .pk,
    }


@pytest.fixture
def gent(network):
    """Gent as a member too, with an initiative: its ids must be a 404 under Merelbeke-Melle."""
    make_member("Gent", ("reception", "education", "network"))
    InitiativeFactory(municipality=municipality("Gent"), title="Gents initiatief")
    return municipality("Gent")


@pytest.mark.parametrize("path", PAGES)
def test_the_owner_may_open_it(member_client, network, path):
    response = member_client.get(path.format(**ids_of(network)))
    assert response.status_code == 200
    assert "Merelbeke-Melle" in response.content.decode()
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("path", PAGES)
def test_an_outsider_gets_404(outsider_client, network, gent, path):
    url = path.format(**ids_of(network))
    assert outsider_client.get(url).status_code == 404
    assert (
        outsider_client.post(url, {"public_text": "x", "name": "x", "reason": "x"}).status_code
        == 404
    )
    # Their own municipality's path of the same kind opens.
    own = path.replace("merelbeke-melle", "gent").format(**ids_of(gent))
    assert outsider_client.get(own).status_code == 200


@pytest.mark.parametrize("path", PAGES)
def test_anonymous_is_sent_to_sign_in(client, network, path):
    url = path.format(**ids_of(network))
    for response in (client.get(url), client.post(url, {"public_text": "x"})):
        assert response.status_code == 302
        assert response.url == "/portaal/aanmelden/"
    network.refresh_from_db()
    assert network.memberships.get().public_text == ""


@pytest.mark.parametrize("path", OBJECT_PAGES)
def test_another_municipalitys_object_is_404(member_client, network, gent, path):
    url = path.format(**ids_of(gent))  # Gent's ids under Merelbeke-Melle's address
    assert member_client.get(url).status_code == 404
    assert (
        member_client.post(url, {"status": "stopped", "status_date": "2025-01-01"}).status_code
        == 404
    )
    assert gent.contacts.count() == 1
    assert Commitment.objects.filter(membership__municipality=gent).count() == 3


def test_a_municipality_without_membership_has_no_commitment_pages(outsider_client, network):
    """Gent (no membership here) has contacts and initiatives, but nothing to keep of a
    membership: those pages are a 404, the others work."""
    assert outsider_client.get("/portaal/gent/tekst/").status_code == 404
    assert outsider_client.get("/portaal/gent/engagementen/nieuw/").status_code == 404
    assert outsider_client.get("/portaal/gent/initiatieven/nieuw/").status_code == 200


def test_a_post_without_csrf_token_is_refused(network, member_contact):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member_contact, backend=CONTACT_BACKEND)
    page = client.get("/portaal/merelbeke-melle/tekst/")
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    response = client.post("/portaal/merelbeke-melle/tekst/", {"public_text": "Overgenomen"})
    assert response.status_code == 403
    assert network.memberships.get().public_text == ""


class TestSession:
    def test_it_expires_after_two_hours_without_a_request(self, member_client, settings):
        assert settings.SESSION_COOKIE_AGE == settings.SESSION_IDLE_SECONDS == 2 * 60 * 60
        assert settings.SESSION_SAVE_EVERY_REQUEST
        response = member_client.get("/portaal/")
        assert response.status_code == 200
        assert response.cookies["sessionid"]["max-age"] == 2 * 60 * 60

        # Every request renews it...
        session = Session.objects.get()
        session.expire_date = timezone.now() + datetime.timedelta(minutes=1)
        session.save()
        member_client.get("/portaal/")
        renewed = Session.objects.get().expire_date - timezone.now()
        assert renewed > datetime.timedelta(minutes=119)

        # ...but after the idle time the person signs in again.
        Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
        response = member_client.get("/portaal/merelbeke-melle/")
        assert response.status_code == 302
        assert response.url == "/portaal/aanmelden/"

    def test_cookies_are_secure_when_asked(self, monkeypatch):
        import importlib

        import solidair.settings as project_settings

        monkeypatch.setenv("SECURE_COOKIES", "1")
        monkeypatch.setenv("SESSION_IDLE_SECONDS", "900")
        try:
            reloaded = importlib.reload(project_settings)
            assert reloaded.SESSION_COOKIE_SECURE and reloaded.CSRF_COOKIE_SECURE
            assert reloaded.SESSION_COOKIE_AGE == 900
        finally:
            monkeypatch.delenv("SECURE_COOKIES")
            monkeypatch.delenv("SESSION_IDLE_SECONDS")
            reloaded = importlib.reload(project_settings)
        assert not reloaded.SESSION_COOKIE_SECURE  # the default, for `make run` over http


def test_forms_are_rate_limited_per_person(member_client, network, colleague_client):
    for number in range(30):
        response = member_client.post(
            "/portaal/merelbeke-melle/tekst/", {"public_text": f"Tekst {number}"}
        )
        assert response.status_code == 302
    response = member_client.post("/portaal/merelbeke-melle/tekst/", {"public_text": "Eén te veel"})
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()
    assert network.memberships.get().public_text == "Tekst 29"
    # Reading still works, and another person is not limited.
    assert member_client.get("/portaal/merelbeke-melle/tekst/").status_code == 200
    assert (
        colleague_client.post(
            "/portaal/merelbeke-melle/tekst/", {"public_text": "Bram"}
        ).status_code
        == 302
    )
