"""Collective letters: start, confirm, share, co-sign, send; the council's mail over real SMTP."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from post_office.models import Email
from pypdf import PdfReader

from solidair.letters.delivery.collective import (
    MANAGE_PURPOSE,
    collective_letter_message,
    collective_letter_send,
    share_qr_svg,
)
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.models import CollectiveLetter, CoSignature, LetterStatus
from solidair.lib.tokens import link_key
from solidair.operations.mail import outbox_flush
from tests.factories import council_address_remove, municipality
from tests.letters.collective_helpers import (
    COUNCIL,
    SIGN,
    START,
    council_address,
    link_to,
    open_collective,
    signature,
    text_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices_always_open")]

EMAIL_ADDRESS = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
INVALID = "Deze link werkt niet meer"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def start(client, **changes):
    return client.post("/brief/hove/samen/", {**START, **changes})


def confirm(client, path: str):
    """Open the link (a page with a button), then press the button."""
    page = client.get(path)
    assert page.status_code == 200, page.content.decode()[:500]
    return client.post(path)


def started_and_confirmed(client, smtp) -> tuple[CollectiveLetter, str]:
    start(client)
    outbox_flush()
    response = confirm(client, link_to(smtp.inbox.messages[-1], "/samen/bevestig/"))
    assert response.status_code == 302
    return CollectiveLetter.objects.get(), response.url


def manage_key_of(path: str) -> str | None:
    """The key in a manage link (its token carries the time, so links differ by the second)."""
    token = path.rstrip("/").rsplit("/", 1)[-1]
    return link_key(token, purpose=MANAGE_PURPOSE)


def pdf_text(data: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


class TestStart:
    def test_the_letter_pages_lead_to_it(self, client):
        body = client.get("/brief/hove/").content.decode()
        assert "Schrijf samen met andere inwoners" in body
        assert 'href="/brief/hove/samen/"' in body
        assert 'href="/brief/privacy/"' in body

    def test_it_shows_the_form(self, client):
        body = client.get("/brief/hove/samen/").content.decode()
        assert "Schrijf samen met andere inwoners van Hove" in body
        assert 'name="verzoekschrift"' in body
        assert 'href="/brief/privacy/"' in body

    def test_it_mails_a_confirmation_link_and_opens_nothing_yet(self, client, smtp):
        response = start(client)
        assert "Kijk in je mailbox" in response.content.decode()
        letter = CollectiveLetter.objects.get()
        assert letter.status == LetterStatus.UNCONFIRMED
        assert letter.initiator_name == "Griet Vermeulen"
        assert letter.show_initiator_name is True
        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [["griet@example.be"]]
        assert message["Subject"] == "Bevestig je gezamenlijke brief aan het bestuur van Hove"
        assert "/brief/samen/bevestig/" in text_of(message)
        assert "/brief/mijn-gegevens/" in text_of(message)
        # Not public before it is confirmed.
        assert client.get(f"/brief/samen/{letter.share_key}/").status_code == 404

    def test_a_postal_code_elsewhere_is_refused_and_nothing_is_lost(self, client):
        body = start(client, postcode="9000").content.decode()
        assert "9000 is geen postcode van Hove." in body
        assert 'value="Griet Vermeulen"' in body
        assert "Wij willen dat Hove solidair is." in body
        assert not CollectiveLetter.objects.exists()

    def test_a_petition_needs_the_initiator_to_be_16(self, client):
        body = start(client, verzoekschrift="on").content.decode()
        assert "Een verzoekschrift kan je enkel indienen als je 16 jaar of ouder bent." in body
        assert not CollectiveLetter.objects.exists()
        start(client, verzoekschrift="on", zestien_plus="on")
        assert CollectiveLetter.objects.get().is_petition is True

    def test_the_honeypot_answers_the_same_and_does_nothing(self, client):
        body = start(client, website="http://spam.example").content.decode()
        assert "Kijk in je mailbox" in body
        assert not CollectiveLetter.objects.exists()
        assert not Email.objects.exists()

    def test_it_is_rate_limited_per_address(self, client):
        for _ in range(3):
            assert start(client).status_code == 200
        response = start(client)
        assert response.status_code == 429
        assert CollectiveLetter.objects.count() == 3


class TestConfirm:
    def test_the_link_shows_a_button_and_only_its_post_opens_the_letter(self, client, smtp):
        start(client)
        outbox_flush()
        path = link_to(smtp.inbox.messages[0], "/samen/bevestig/")
        for _ in range(2):  # a mail scanner opening the link changes nothing
            assert "Bevestig en open de brief" in client.get(path).content.decode()
        assert CollectiveLetter.objects.get().status == LetterStatus.UNCONFIRMED
        response = client.post(path)
        letter = CollectiveLetter.objects.get()
        assert letter.status == LetterStatus.OPEN
        assert letter.confirm_key == ""
        assert manage_key_of(response.url) == letter.manage_key
        # Used once: the second time it is the same page as any unknown link.
        again = client.post(path)
        assert again.status_code == 410
        assert INVALID in again.content.decode()
        # The initiator gets the share link and the manage link by mail.
        outbox_flush()
        opened = smtp.inbox.messages[-1]
        assert f"/brief/samen/{letter.share_key}/" in text_of(opened)
        assert manage_key_of(link_to(opened, "/samen/beheer/")) == letter.manage_key

    @pytest.mark.parametrize("token", ["", "x", "abc:def", "a" * 300])
    def test_unknown_and_forged_links_get_the_same_page(self, client, token):
        for path in (
            f"/brief/samen/bevestig/{token}/",
            f"/brief/samen/ondertekening/{token}/",
            f"/brief/samen/beheer/{token}/",
            f"/brief/opvolging/{token}/ja/",
            f"/brief/mijn-gegevens/{token}/",
        ):
            if not token:
                continue
            response = client.get(path)
            assert response.status_code == 410, path
            assert INVALID in response.content.decode()

    def test_an_expired_link_does_not_confirm(self, client, smtp, monkeypatch):
        start(client)
        outbox_flush()
        path = link_to(smtp.inbox.messages[0], "/samen/bevestig/")
        monkeypatch.setattr(
            "solidair.letters.delivery.collective.CONFIRM_MAX_AGE", datetime.timedelta(seconds=-1)
        )
        assert client.post(path).status_code == 410
        assert CollectiveLetter.objects.get().status == LetterStatus.UNCONFIRMED


class TestShareAndSign:
    def test_the_share_page_the_qr_code_and_the_poster(self, client, smtp):
        letter, manage = started_and_confirmed(client, smtp)
        page = client.get(f"/brief/samen/{letter.share_key}/").content.decode()
        assert "1 inwoner ondertekende" in page
        assert "Griet Vermeulen" in page  # she agreed to show her name
        assert "griet@example.be" not in page
        assert "Onderteken de brief" in page
        qr = client.get(f"/brief/samen/{letter.share_key}/qr.svg")
        assert qr["Content-Type"] == "image/svg+xml"
        assert qr.content.startswith(b"<svg") and b"<path" in qr.content
        assert share_qr_svg(letter) == qr.content
        poster = client.get(f"/brief/samen/{letter.share_key}/affiche/").content.decode()
        assert f"http://testserver/brief/samen/{letter.share_key}/" in poster
        assert "Woon je in Hove? Onderteken mee!" in poster
        manage_page = client.get(manage).content.decode()
        assert "Verstuur de brief naar het bestuur" in manage_page
        assert f"/brief/samen/{letter.share_key}/qr.svg" in manage_page

    def test_a_co_signature_counts_once_confirmed_by_mail(self, client, smtp):
        letter, _ = started_and_confirmed(client, smtp)
        share = f"/brief/samen/{letter.share_key}/"
        body = client.post(share, SIGN).content.decode()
        assert "Kijk in je mailbox" in body
        assert "1 inwoner ondertekende" in client.get(share).content.decode()
        outbox_flush()
        message = smtp.inbox.messages[-1]
        assert smtp.inbox.envelopes[-1] == ["karim@example.be"]
        assert message["Subject"] == (
            "Bevestig je handtekening onder de brief aan het bestuur van Hove"
        )
        assert "/brief/mijn-gegevens/" in text_of(message)
        path = link_to(message, "/samen/ondertekening/")
        done = confirm(client, path).content.decode()
        assert "Je handtekening telt mee. De brief heeft nu 2 ondertekenaars." in done
        page = client.get(share).content.decode()
        assert "2 inwoners ondertekenden" in page
        assert "Karim El Amrani" in page
        assert client.post(path).status_code == 410  # single use

    def test_names_show_only_with_consent(self, client):
        letter = open_collective(show_initiator_name=False)
        signature(letter, "Sofie Maes", "sofie@example.be", show_name=False)
        signature(letter, "Tom Peeters", "tom@example.be", show_name=True)
        page = client.get(f"/brief/samen/{letter.share_key}/").content.decode()
        assert "3 inwoners ondertekenden" in page
        assert "Tom Peeters" in page
        assert "Sofie Maes" not in page and "Griet Vermeulen" not in page

    def test_one_signature_per_address_and_the_same_answer(self, client, smtp):
        letter = open_collective()
        signature(letter, "Karim El Amrani", "karim@example.be")
        share = f"/brief/samen/{letter.share_key}/"
        first = client.post(share, {**SIGN, "email": "KARIM@example.be "})
        second = client.post(share, {**SIGN, "email": "nieuw@example.be"})
        assert first.content.decode().replace("KARIM@example.be", "X") == (
            second.content.decode().replace("nieuw@example.be", "X")
        )
        assert letter.signatures.count() == 2
        outbox_flush()
        known, new = smtp.inbox.messages
        assert known["Subject"] == "Je ondertekende de brief aan het bestuur van Hove al"
        assert new["Subject"].startswith("Bevestig je handtekening")
        # The initiator's own address counts as signed too.
        client.post(share, {**SIGN, "email": "griet@example.be"})
        assert letter.signatures.count() == 2

    def test_an_unconfirmed_signature_asking_again_gets_a_new_link(self, client, smtp):
        letter = open_collective()
        share = f"/brief/samen/{letter.share_key}/"
        client.post(share, SIGN)
        client.post(share, SIGN)
        outbox_flush()
        first, second = (link_to(m, "/ondertekening/") for m in smtp.inbox.messages)
        assert client.post(first).status_code == 410  # replaced by the newer link
        assert client.post(second).status_code == 200
        assert CoSignature.objects.get().confirmed_at is not None

    def test_signing_needs_residence_and_age_for_a_petition(self, client):
        letter = open_collective(is_petition=True)
        share = f"/brief/samen/{letter.share_key}/"
        body = client.post(share, {**SIGN, "woont_hier": "", "postcode": "9000"}).content.decode()
        assert "Enkel inwoners van Hove kunnen deze brief ondertekenen." in body
        assert "9000 is geen postcode van Hove." in body
        assert "Een verzoekschrift kunnen enkel mensen van 16 jaar of ouder ondertekenen." in body
        assert 'value="Karim El Amrani"' in body
        assert not CoSignature.objects.exists()
        client.post(share, {**SIGN, "zestien_plus": "on"})
        assert CoSignature.objects.get().is_16_or_older is True

    def test_the_honeypot_signs_nothing(self, client):
        letter = open_collective()
        body = client.post(
            f"/brief/samen/{letter.share_key}/", {**SIGN, "website": "x"}
        ).content.decode()
        assert "Kijk in je mailbox" in body
        assert not CoSignature.objects.exists() and not Email.objects.exists()


class TestSend:
    def test_after_sending_nobody_can_sign_and_the_page_says_when(self, client, smtp):
        council_address()
        letter, manage = started_and_confirmed(client, smtp)
        signature(letter, "Karim El Amrani", "karim@example.be")
        pending = signature(letter, "Niet Bevestigd", "nb@example.be", confirmed=False)
        client.post(manage, {"versturen": "1"})
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert letter.signatory_count == 2
        share = f"/brief/samen/{letter.share_key}/"
        assert client.post(share, SIGN).status_code == 302
        assert letter.signatures.count() == 2
        # A pending co-signature can no longer be confirmed.
        from solidair.lib.tokens import link_token

        token = link_token(pending.confirm_key, purpose="signature-confirm")
        assert client.post(f"/brief/samen/ondertekening/{token}/").status_code == 410

        now = timezone.now()
        assert letters_dispatch(now=now) == "1 letters sent"
        page = client.get(share).content.decode()
        assert "Deze brief werd op" in page and "verstuurd" in page
        assert "Onderteken de brief" not in page
        assert 'name="naam"' not in page

    def test_a_paragraph_with_a_link_or_too_long_is_held_for_review(self, settings):
        council_address_remove(municipality("Hove"))
        linked = open_collective(personal_paragraph="Zie www.voorbeeld.be voor meer.")
        long = open_collective(
            email="x@example.be", personal_paragraph="a" * (settings.LETTER_REVIEW_MAX_LENGTH + 1)
        )
        plain = open_collective(email="y@example.be")
        for letter in (linked, long, plain):
            collective_letter_send(letter=letter)
            letter.refresh_from_db()
        assert (linked.status, linked.held_reason) == (LetterStatus.HELD, "bevat een link")
        assert long.status == LetterStatus.HELD and "langer dan" in long.held_reason
        assert (plain.status, plain.held_reason) == (LetterStatus.WAITING, "")
        assert letters_dispatch(now=timezone.now()) == ""  # no address yet

    def test_the_council_gets_one_mail_with_the_list_and_the_pdf(self, smtp):
        council_address()
        letter = open_collective(is_petition=True)
        signature(letter, "Karim El Amrani", "karim@example.be", show_name=False)
        signature(letter, "Sofie Maes", "sofie@example.be")
        signature(letter, "Niet Bevestigd", "nb@example.be", confirmed=False)
        collective_letter_send(letter=letter)
        assert letters_dispatch(now=timezone.now()) == "1 letters sent"
        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [[COUNCIL]]
        assert message["To"] == COUNCIL
        assert message["Reply-To"] == "griet@example.be"
        assert message["Subject"] == (
            "Brief van 3 inwoners van Hove aan het college van burgemeester en schepenen"
        )
        assert message["Message-ID"]
        text = text_of(message)
        html = message.get_body(("html",)).get_content()
        for body in (text, html):
            assert "3 inwoners van Hove samen ondertekenden als verzoekschrift" in body
            assert "Griet Vermeulen (Hove)" in body
            assert "Karim El Amrani (Hove)" in body
            assert "Sofie Maes (Hove)" in body
            assert "Niet Bevestigd" not in body
            assert not EMAIL_ADDRESS.search(body), EMAIL_ADDRESS.search(body)
        [attachment] = list(message.iter_attachments())
        assert attachment.get_content_type() == "application/pdf"
        assert attachment.get_filename() == "brief-3-inwoners-hove.pdf"
        pdf = " ".join(pdf_text(attachment.get_content()).split())
        assert "Ondertekenaars (3)" in pdf
        assert "Griet Vermeulen (Hove)" in pdf
        assert "Karim El Amrani (Hove)" in pdf
        assert "Sofie Maes (Hove)" in pdf
        assert "16 jaar of ouder" in pdf
        assert "Niet Bevestigd" not in pdf
        assert not EMAIL_ADDRESS.search(pdf)
        letter.refresh_from_db()
        assert letter.status == LetterStatus.SENT
        assert letter.council_mail.message_id == message["Message-ID"]

    def test_the_message_builder_is_registered(self):
        from django.utils.module_loading import import_string

        from solidair.letters.delivery.dispatch import MESSAGE_BUILDERS

        builder = import_string(MESSAGE_BUILDERS["letters.collectiveletter"])
        assert builder is collective_letter_message
