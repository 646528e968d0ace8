"""Sign-in by e-mailed link, against a real SMTP server (tests/lib/smtp.py)."""

import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from post_office.models import Email
from sesame import tokens_v2

from solidair.operations.mail import outbox_flush
from solidair.portal.sign_in import portal_sign_in_link_send
from tests.portal.helpers import (
    GENT_CONTACT,
    MERELBEKE_CONTACT,
    link_from,
    path_of,
    token_of,
    without_csrf,
)

pytestmark = pytest.mark.django_db


class _TwoSecondsLater:
    """The clock django-sesame reads, two seconds ahead: a link ages without a wait."""

    @staticmethod
    def time() -> float:
        return time.time() + 2


SENT = "Als dit adres bij een gemeente hoort, kreeg je een e-mail met een link"
INVALID = "Deze link werkt niet meer"


def ask_link(client, email: str, **extra):
    return client.post("/portaal/aanmelden/", {"email": email}, **extra)


def mailed_link(client, smtp, email: str = MERELBEKE_CONTACT) -> str:
    ask_link(client, email)
    assert outbox_flush() == 1
    return link_from(smtp.inbox.messages[-1])


def use_link(client, link: str):
    """What a person does: open the link, then press 'Meld je aan'."""
    page = client.get(path_of(link))
    assert page.status_code == 200
    assert "Meld je aan" in page.content.decode()
    return client.post("/portaal/aanmelden/link/", {"sleutel": token_of(link)})


class TestAskForALink:
    def test_it_shows_the_form(self, client):
        body = client.get("/portaal/aanmelden/").content.decode()
        assert "Aanmelden voor gemeenten" in body
        assert 'type="email" name="email"' in body

    def test_a_known_address_gets_one_mail_with_a_link(self, client, network, smtp):
        # Typed in other capitals than registered: still the contact.
        response = ask_link(client, "  sociale.dienst@MERELBEKE-MELLE.be ")
        assert response.status_code == 200
        assert SENT in response.content.decode()

        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [[MERELBEKE_CONTACT]]  # the address as registered
        assert message["Subject"].strip() == "Je link om je aan te melden bij Solidaire Gemeenten"
        text = message.get_body(("plain",)).get_content()
        assert "15 minuten geldig en werkt één keer" in text
        assert link_from(message).startswith(settings.SITE_URL + "/portaal/aanmelden/link/")

    def test_the_account_is_made_once_without_password_nor_staff(self, client, network, smtp):
        ask_link(client, MERELBEKE_CONTACT)
        ask_link(client, MERELBEKE_CONTACT.upper())
        user = User.objects.get()
        assert user.username == user.email == MERELBEKE_CONTACT.lower()
        assert not user.has_usable_password()
        assert not (user.is_staff or user.is_superuser)
        assert outbox_flush() == 2

    def test_an_unknown_address_gets_the_same_answer_and_no_mail(self, client, network, smtp):
        known = ask_link(client, MERELBEKE_CONTACT)
        unknown = ask_link(client, "niemand@example.be")

        assert unknown.status_code == known.status_code == 200
        assert without_csrf(unknown.content.decode()) == without_csrf(known.content.decode())
        assert Email.objects.filter(to__icontains="niemand").count() == 0
        assert not User.objects.filter(username="niemand@example.be").exists()
        assert outbox_flush() == 1
        assert smtp.inbox.envelopes == [[MERELBEKE_CONTACT]]

    def test_known_and_unknown_take_the_same_time(self, client, network, settings):
        settings.PORTAL_SIGN_IN_MIN_SECONDS = 0.3
        timings = {}
        for email in (MERELBEKE_CONTACT, "niemand@example.be"):
            started = time.monotonic()
            ask_link(client, email)
            timings[email] = time.monotonic() - started
        assert all(0.3 <= seconds < 0.6 for seconds in timings.values()), timings

    def test_a_staff_account_gets_no_link(self, client, network, smtp):
        User.objects.create_user(
            username=GENT_CONTACT, email=GENT_CONTACT, password="x" * 20, is_staff=True
        )
        response = ask_link(client, GENT_CONTACT)
        assert SENT in response.content.decode()
        assert Email.objects.count() == 0

    def test_an_invalid_address_shows_a_dutch_error(self, client, network):
        response = ask_link(client, "geen-adres")
        body = response.content.decode()
        assert response.status_code == 200
        assert 'role="alert"' in body
        assert "Voer een geldig e-mailadres in." in body
        assert SENT not in body
        assert Email.objects.count() == 0

    def test_the_service_says_whether_it_queued(self, network):
        assert portal_sign_in_link_send(email=MERELBEKE_CONTACT) is True
        assert portal_sign_in_link_send(email="niemand@example.be") is False


class TestRateLimits:
    def test_five_links_per_address_in_ten_minutes(self, client, network):
        for _ in range(5):
            assert ask_link(client, MERELBEKE_CONTACT).status_code == 200
        # Another IP, other capitals: the same address.
        response = ask_link(client, MERELBEKE_CONTACT.upper(), REMOTE_ADDR="192.0.2.7")
        assert response.status_code == 429
        assert "Even geduld" in response.content.decode()
        assert Email.objects.count() == 5
        # Another address still gets through.
        assert ask_link(client, GENT_CONTACT).status_code == 200

    def test_twenty_requests_per_ip_in_an_hour(self, client, network):
        for number in range(20):
            assert ask_link(client, f"iemand{number}@example.be").status_code == 200
        response = ask_link(client, MERELBEKE_CONTACT)
        assert response.status_code == 429
        assert "te veel aanmeldlinks" in response.content.decode()
        assert Email.objects.count() == 0
        assert ask_link(client, MERELBEKE_CONTACT, REMOTE_ADDR="192.0.2.7").status_code == 200


class TestTheLink:
    def test_following_it_signs_in_and_shows_the_own_municipality(self, client, network, smtp):
        link = mailed_link(client, smtp)
        response = use_link(client, link)
        assert response.status_code == 302
        assert response.url == "/portaal/"

        home = client.get("/portaal/").content.decode()
        assert 'href="/portaal/merelbeke-melle/"' in home
        assert "/portaal/gent/" not in home
        page = client.get("/portaal/merelbeke-melle/").content.decode()
        assert "Jouw gemeente in het netwerk" in page

    def test_opening_it_does_not_use_it_up(self, client, network, smtp):
        """Mail scanners fetch links: only the button's POST uses the token."""
        link = mailed_link(client, smtp)
        for _ in range(3):
            assert client.get(path_of(link)).status_code == 200
        assert not client.session.get("_auth_user_id")
        assert use_link(client, link).url == "/portaal/"

    def test_it_works_only_once(self, client, network, smtp, django_user_model):
        link = mailed_link(client, smtp)
        assert use_link(client, link).status_code == 302
        client.post("/portaal/afmelden/")

        for response in (
            client.get(path_of(link)),
            client.post("/portaal/aanmelden/link/", {"sleutel": token_of(link)}),
        ):
            assert response.status_code == 410
            body = response.content.decode()
            assert INVALID in body
            assert 'href="/portaal/aanmelden/"' in body
        assert client.get("/portaal/").status_code == 302

    def test_signing_in_voids_older_links(self, client, network, smtp):
        first = mailed_link(client, smtp)
        second = mailed_link(client, smtp)
        assert use_link(client, second).status_code == 302
        assert client.get(path_of(first)).status_code == 410

    def test_an_expired_link_is_refused(self, client, network, smtp, settings, monkeypatch):
        settings.SESAME_MAX_AGE = 1
        link = mailed_link(client, smtp)
        monkeypatch.setattr(tokens_v2, "time", _TwoSecondsLater)
        response = client.post("/portaal/aanmelden/link/", {"sleutel": token_of(link)})
        assert response.status_code == 410
        assert INVALID in response.content.decode()
        assert not client.session.get("_auth_user_id")

    def test_a_broken_or_missing_token_is_refused(self, client, network):
        for query in ("", "?sleutel=", "?sleutel=abc", "?sleutel=%00%ff"):
            response = client.get("/portaal/aanmelden/link/" + query)
            assert response.status_code == 410
            assert INVALID in response.content.decode()

    def test_a_token_of_a_staff_account_is_refused(self, client, member_contact):
        from sesame.utils import get_token

        user = member_contact
        user.is_staff = True
        user.save()
        response = client.post(
            "/portaal/aanmelden/link/", {"sleutel": get_token(user, scope="portal")}
        )
        assert response.status_code == 410

    def test_a_token_of_another_scope_is_refused(self, client, member_contact):
        from sesame.utils import get_token

        user = member_contact
        response = client.post("/portaal/aanmelden/link/", {"sleutel": get_token(user)})
        assert response.status_code == 410
