"""A resident's letter sent by e-mail, end to end against a real SMTP server (aiosmtpd)."""

import datetime
import time
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from post_office.models import Email

from solidair.letters.composing.services import ResidentInput, letter_build
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.delivery.sending import (
    resident_letter_create,
    resident_letters_expire,
    resident_letters_remind,
)
from solidair.letters.forms.common import STARTED_SALT
from solidair.letters.models import LetterCount, LetterStatus, ResidentLetter
from solidair.lib.tokens import link_key
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run
from tests.factories import council_address_remove, municipality
from tests.letters.helpers import (
    CONFIRM_LINK,
    DETAILS,
    MY_DATA_LINK,
    confirm_path,
    pdf_text,
    plain,
    send,
)

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")


def dispatch_when_due(letter: ResidentLetter) -> str:
    letter.refresh_from_db()
    return letters_dispatch(now=letter.scheduled_for)


class TestPreview:
    def test_it_says_exactly_where_the_letter_goes(self, client, hove_address):
        body = client.post("/brief/hove/", DETAILS).content.decode()
        assert "Verstuur via e-mail" in body
        assert (
            "naar het college van burgemeester en schepenen van Hove, via college@hove.be" in body
        )
        assert 'action="/brief/hove/verstuur/#versturen"' in body
        assert 'name="kopie" aria-describedby="id_kopie_helptext" id="id_kopie" checked' in body
        assert 'name="begonnen"' in body

    def test_an_unknown_address_gives_downloads_a_mailto_link_and_a_suggestion(self, client):
        council_address_remove(municipality("Hove"))
        body = client.post("/brief/hove/", DETAILS).content.decode()
        assert "/brief/hove/verstuur/" not in body
        assert "We kennen het e-mailadres van het college van Hove nog niet." in body
        assert 'href="mailto:?subject=Brief%20aan%20het%20college' in body
        assert "Ik%20woon%20al%20twintig%20jaar%20in%20Hove" in body
        assert 'href="/brief/hove/adres-voorstellen/"' in body
        assert 'action="/brief/hove/download/pdf/"' in body

    def test_sending_without_a_known_address_is_refused_and_keeps_the_letter(self, client):
        council_address_remove(municipality("Hove"))
        response = send(client)
        body = response.content.decode()
        assert "We kennen het e-mailadres van het college van Hove nog niet." in body
        assert 'name="naam" value="An Peeters"' in body
        assert not ResidentLetter.objects.exists()
        assert not Email.objects.exists()


class TestSendAndConfirm:
    def test_a_confirmed_letter_reaches_the_council_as_the_resident_saw_it(
        self, client, smtp, hove_address
    ):
        response = send(client)
        assert response.status_code == 302
        assert response.url == "/brief/hove/verstuurd/"
        assert "Kijk in je mailbox" in client.get(response.url).content.decode()
        letter = ResidentLetter.objects.get()
        assert letter.status == LetterStatus.UNCONFIRMED
        assert (letter.name, letter.email, letter.cc_resident) == (
            "An Peeters",
            "an@example.be",
            True,
        )

        # Only the confirmation goes out, to the resident.
        assert outbox_flush() == 1
        [confirmation] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [["an@example.be"]]
        assert confirmation["Subject"] == "Bevestig je brief aan het college van Hove"
        text = plain(confirmation)
        assert "college van burgemeester en schepenen van Hove, via college@hove.be" in text
        my_data = MY_DATA_LINK.search(text).group(0)
        assert my_data.startswith(f"{settings.SITE_URL}/brief/mijn-gegevens/")
        token = my_data.removesuffix("/").rpartition("/")[2]
        assert link_key(token, purpose="manage") == letter.manage_key
        path = confirm_path(confirmation)

        # A mail scanner opens the link: nothing happens.
        page = client.get(path)
        assert page.status_code == 200
        assert "Verstuur mijn brief" in page.content.decode()
        assert "via college@hove.be" in page.content.decode()
        letter.refresh_from_db()
        assert letter.status == LetterStatus.UNCONFIRMED
        assert letters_dispatch(now=datetime.datetime(2026, 11, 30, 10, tzinfo=BRUSSELS)) == ""

        confirmed = client.post(path)
        assert "Bedankt, je brief is bevestigd" in confirmed.content.decode()
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert letter.confirm_key == ""
        assert letter.scheduled_for is not None

        assert dispatch_when_due(letter) == "1 letters sent"
        letter.refresh_from_db()
        assert letter.status == LetterStatus.SENT
        assert letter.council_email == "college@hove.be"
        assert outbox_flush() == 1

        message = smtp.inbox.messages[-1]
        assert sorted(smtp.inbox.envelopes[-1]) == ["an@example.be", "college@hove.be"]
        assert message["From"] == settings.DEFAULT_FROM_EMAIL
        assert message["To"] == "college@hove.be"
        assert message["Cc"] == "an@example.be"
        assert message["Reply-To"] == "an@example.be"
        assert message["Message-ID"] == letter.council_mail.message_id
        assert "An Peeters" in message["Subject"] and "Hove" in message["Subject"]
        text = plain(message)
        assert text.startswith("Aan het college van burgemeester en schepenen\nGemeente Hove\n")
        assert "Ik woon al twintig jaar in Hove en help graag mee." in text
        flat = " ".join(text.split())
        assert "op an@example.be of via 0470 12 34 56" in flat
        assert "Een antwoord op deze e-mail gaat rechtstreeks naar An Peeters." in flat
        html = message.get_body(("html",)).get_content()
        assert "<p>Ik woon al twintig jaar in Hove en help graag mee.</p>" in html
        [attachment] = message.iter_attachments()
        assert attachment.get_filename() == "brief-hove.pdf"
        assert attachment.get_content_type() == "application/pdf"
        pdf = pdf_text(attachment.get_content())
        assert "An Peeters" in pdf
        assert "Gemeente Hove" in pdf
        assert "Ik woon al twintig jaar in Hove" in pdf

        # The link worked once.
        assert client.post(path).status_code == 410

    def test_without_a_copy_the_resident_is_not_in_cc(self, client, smtp, hove_address):
        send(client, kopie=None)
        outbox_flush()
        client.post(confirm_path(smtp.inbox.messages[0]))
        dispatch_when_due(ResidentLetter.objects.get())
        outbox_flush()
        message = smtp.inbox.messages[-1]
        assert "Cc" not in message
        assert smtp.inbox.envelopes[-1] == ["college@hove.be"]
        assert message["Reply-To"] == "an@example.be"

    def test_the_letter_uses_the_template_version_the_resident_saw(self, client, hove_address):
        from solidair.letters.delivery.sending import resident_letter_message
        from solidair.letters.models import LetterTemplate

        send(client)
        letter = ResidentLetter.objects.get()
        seen = LetterTemplate.objects.current("join")
        assert letter.template_version == seen.version
        newer = LetterTemplate(
            kind="join", salutation="Beste college,", body="Nieuwe tekst.", closing="Groeten,"
        )
        newer.version = newer.next_version()
        newer.save()
        assert "Nieuwe tekst." not in resident_letter_message(letter=letter).text


class TestLinks:
    def test_never_valid_used_and_expired_links_get_the_same_answer(
        self, client, smtp, hove_address, monkeypatch
    ):
        # An expired link: signed eight days ago.
        real_time = time.time
        monkeypatch.setattr(time, "time", lambda: real_time() - 8 * 86400)
        send(client)
        monkeypatch.setattr(time, "time", real_time)
        outbox_flush()
        expired = confirm_path(smtp.inbox.messages[0])

        used_letter_path = self._used_link(client, smtp, hove_address)

        paths = (expired, used_letter_path, "/brief/bevestig/abc:def:ghi/", "/brief/bevestig/x/")
        answers = [client.get(path) for path in paths]
        assert {answer.status_code for answer in answers} == {410}
        # The same page, apart from the language switch's links to the address asked for.
        bodies = {
            answer.content.decode().replace(path.removeprefix("/"), "PATH")
            for answer, path in zip(answers, paths, strict=True)
        }
        assert len(bodies) == 1
        assert "Deze link werkt niet meer" in answers[0].content.decode()
        assert client.post(expired).status_code == 410

    def _used_link(self, client, smtp, hove_address) -> str:
        send(client, email="bo@example.be")
        outbox_flush()
        path = confirm_path(smtp.inbox.messages[-1])
        assert client.post(path).status_code == 200
        return path


class TestReminderAndExpiry:
    def create(self, now: datetime.datetime) -> ResidentLetter:
        place = municipality("Hove")
        resident = ResidentInput(name="An Peeters", email="an@example.be")
        return resident_letter_create(
            municipality=place,
            resident=resident,
            letter=letter_build(municipality=place, resident=resident),
            now=now,
        )

    def test_one_reminder_after_a_day_and_deletion_after_a_week(
        self, client, smtp, hove_address, tmp_path
    ):
        lockfile = str(tmp_path / "periodic.lock")
        client.post("/brief/hove/", DETAILS)  # counted anonymously when composed
        start = datetime.datetime(2026, 11, 2, 20, tzinfo=BRUSSELS)
        letter = self.create(start)
        assert resident_letters_remind(now=start + datetime.timedelta(hours=23)) == ""
        assert resident_letters_remind(now=start + datetime.timedelta(hours=25)) == (
            "1 reminders sent"
        )
        assert resident_letters_remind(now=start + datetime.timedelta(hours=50)) == ""
        # The worker runs the jobs every minute; these have nothing more to do.
        results = periodic_run(now=start + datetime.timedelta(hours=26), lockfile=lockfile)
        assert {
            name: results[name] for name in ("resident_letters_remind", "letters_dispatch")
        } == {
            "resident_letters_remind": "",
            "letters_dispatch": "",
        }
        assert results["resident_letters_expire"] == ""
        outbox_flush()
        assert [m["Subject"] for m in smtp.inbox.messages] == [
            "Bevestig je brief aan het college van Hove",
            "Herinnering: bevestig je brief aan het college van Hove",
        ]
        assert CONFIRM_LINK.search(plain(smtp.inbox.messages[1]))
        assert MY_DATA_LINK.search(plain(smtp.inbox.messages[1]))
        assert letter.mails.count() == 2

        assert resident_letters_expire(now=start + datetime.timedelta(days=6, hours=23)) == ""
        assert resident_letters_expire(now=start + datetime.timedelta(days=7)) == (
            "1 unconfirmed letters deleted"
        )
        assert not ResidentLetter.objects.exists()
        assert not Email.objects.exists()
        assert LetterCount.objects.get().count == 1
        assert resident_letters_expire(now=start + datetime.timedelta(days=8)) == ""

    def test_confirmed_letters_are_neither_reminded_nor_deleted(self, hove_address):
        start = datetime.datetime(2026, 11, 2, 10, tzinfo=BRUSSELS)
        letter = self.create(start)
        ResidentLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.WAITING)
        assert resident_letters_remind(now=start + datetime.timedelta(days=2)) == ""
        assert resident_letters_expire(now=start + datetime.timedelta(days=9)) == ""
        assert ResidentLetter.objects.filter(pk=letter.pk).exists()


class TestAbuse:
    def test_one_letter_per_address_and_municipality_in_90_days(self, client, smtp, hove_address):
        send(client)
        outbox_flush()
        client.post(confirm_path(smtp.inbox.messages[0]))

        response = send(client, email="  AN@example.be ")
        body = response.content.decode()
        assert "de voorbije 90 dagen al een brief naar het college van Hove" in body
        assert 'role="alert"' in body
        assert "Ik woon al twintig jaar in Hove en help graag mee." in body
        assert ResidentLetter.objects.count() == 1

        # Ninety days later, or another municipality, is fine.
        ResidentLetter.objects.update(created_at=datetime.datetime(2026, 1, 1, tzinfo=BRUSSELS))
        assert send(client).status_code == 302
        assert ResidentLetter.objects.count() == 2

    def test_a_new_request_replaces_an_unconfirmed_letter(self, client, smtp, hove_address):
        send(client)
        outbox_flush()
        send(client, persoonlijke_alinea="Een betere alinea.")
        outbox_flush()
        first, second = smtp.inbox.messages
        assert client.get(confirm_path(first)).status_code == 410
        assert client.post(confirm_path(second)).status_code == 200
        letter = ResidentLetter.objects.get()
        assert letter.personal_paragraph == "Een betere alinea."
        assert Email.objects.count() == 1  # the first confirmation went with its letter

    def test_a_filled_honeypot_is_refused_with_a_message(self, client, hove_address):
        body = send(client, website="https://spam.example").content.decode()
        assert "het verborgen veld &#x27;Niet invullen&#x27; was ingevuld" in body
        assert 'name="naam" value="An Peeters"' in body
        assert not ResidentLetter.objects.exists() and not Email.objects.exists()

    def test_a_form_sent_too_quickly_is_refused(self, client, hove_address, settings, monkeypatch):
        from django.core import signing

        settings.LETTER_FORM_MIN_SECONDS = 3
        body = send(client).content.decode()
        assert "Dat ging heel snel." in body
        assert not ResidentLetter.objects.exists()
        assert send(client, begonnen="vervalst").content.decode().count("verlopen of onvolledig")

        four_seconds_ago = signing.dumps(time.time() - 4, salt=STARTED_SALT)
        assert send(client, begonnen=four_seconds_ago).status_code == 302
        assert ResidentLetter.objects.count() == 1

    def test_sending_is_limited_per_address(self, client, hove_address):
        for _ in range(3):
            assert send(client).status_code == 302
        response = send(client)
        assert response.status_code == 429
        body = response.content.decode()
        assert "Wacht een uur en probeer het dan opnieuw" in body
        assert 'name="naam" value="An Peeters"' in body

    def test_sending_is_limited_per_ip(self, client, hove_address):
        for number in range(10):
            assert send(client, email=f"inwoner{number}@example.be").status_code == 302
        assert send(client, email="nog.een@example.be").status_code == 429


class TestSuggestion:
    def test_a_resident_suggests_an_address_for_review(self, client, smtp):
        from solidair.letters.forms.common import form_started_value
        from solidair.letters.models import CouncilAddressSuggestion

        page = client.get("/brief/hove/adres-voorstellen/").content.decode()
        assert "Stel het adres van het college van Hove voor" in page
        response = client.post(
            "/brief/hove/adres-voorstellen/",
            {
                "voorstel_email": "college@hove.be",
                "toelichting": "Op www.hove.be/contact",
                "begonnen": form_started_value(),
            },
        )
        assert "Bedankt voor je voorstel" in response.content.decode()
        suggestion = CouncilAddressSuggestion.objects.get()
        assert (suggestion.municipality.name_nl, suggestion.email, suggestion.status) == (
            "Hove",
            "college@hove.be",
            "pending",
        )
        # The coordinators are told, with a link to the review.
        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [settings.COORDINATOR_EMAILS]
        assert message["Subject"] == "Voorstel van een adres voor het college van Hove"
        text = plain(message)
        assert "Een inwoner stelt college@hove.be voor" in " ".join(text.split())
        assert "Toelichting: Op www.hove.be/contact" in text
        assert "/beheer/letters/counciladdresssuggestion/?status__exact=pending" in text

    def test_errors_keep_what_was_typed(self, client):
        from solidair.letters.forms.common import form_started_value

        body = client.post(
            "/brief/hove/adres-voorstellen/",
            {
                "voorstel_email": "geen adres",
                "toelichting": "Mijn bron",
                "begonnen": form_started_value(),
            },
        ).content.decode()
        assert "Voer een geldig e-mailadres in." in body
        assert "Mijn bron" in body and 'value="geen adres"' in body

    def test_honeypot_and_rate_limit(self, client):
        from solidair.letters.forms.common import form_started_value
        from solidair.letters.models import CouncilAddressSuggestion

        data = {"voorstel_email": "college@hove.be", "begonnen": form_started_value()}
        body = client.post("/brief/hove/adres-voorstellen/", {**data, "website": "x"}).content
        assert "Niet invullen" in body.decode()
        assert not CouncilAddressSuggestion.objects.exists()
        for _ in range(4):
            client.post("/brief/hove/adres-voorstellen/", data)
        response = client.post("/brief/hove/adres-voorstellen/", data)
        assert response.status_code == 429
        assert "Wacht een uur" in response.content.decode()
        assert CouncilAddressSuggestion.objects.count() == 4
