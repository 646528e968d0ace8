"""Letters in three languages: the resident's mails in their language, the letter in Dutch.

The fr/en catalogues are filled separately; these tests assert what the code controls: the
language stored on the record, the language active while a mail is rendered (its
Content-Language header, Django's own month names, the municipality's French name), and the
Dutch of the letter and of the council's mail.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import translate_url
from django.utils import translation
from post_office.models import Email

from solidair.letters.delivery.collective import CollectiveInput, collective_letter_message
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.delivery.followup import letters_followup
from solidair.letters.delivery.sending import resident_letter_confirm, resident_letters_remind
from solidair.letters.models import CollectiveLetter, LetterStatus, ResidentLetter
from solidair.operations.mail import outbox_flush
from tests.factories import council_address_set, municipality
from tests.languages import translated
from tests.letters.helpers import DETAILS, confirm_path, pdf_text, plain, send

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
FRENCH = {"HTTP_ACCEPT_LANGUAGE": "fr"}
NOTE = "De brief zelf blijft in het Nederlands: dat is de taal van de Vlaamse gemeenten."


@pytest.fixture
def antwerp(db):
    """A municipality whose French name differs from its Dutch one."""
    place = municipality("Antwerpen")
    assert place.name_fr == "Anvers"
    council_address_set(place, "college@antwerpen.be", source="https://www.antwerpen.be/contact")
    return place


def url_in(path: str, language: str = "fr") -> str:
    """The page in ``language``: under its URL prefix once the site has them (the header
    alone decides before that)."""
    return translate_url(path, language)


def send_in(client, language: str, **changes):
    from solidair.letters.forms.common import form_started_value

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    data = {**DETAILS, "kopie": "on", "website": "", "begonnen": form_started_value(), **changes}
    return client.post(url_in("/brief/antwerpen/verstuur/", language), data)


def french_send(client, **changes):
    return send_in(client, "fr", **changes)


class TestTheLetterStaysDutch:
    def test_the_french_preview_shows_a_dutch_letter_and_says_why(self, client, antwerp):
        body = client.post(url_in("/brief/antwerpen/"), DETAILS, **FRENCH).content.decode()
        letter = body[body.index('<article class="letter"') : body.index("</article>")]
        assert 'lang="nl-BE"' in letter
        assert "Antwerpen" in letter and "Anvers" not in letter
        assert "Huisvesting" in letter  # the commitment's Dutch label
        page = body.replace(letter, "")
        assert "Anvers" in page  # the page itself names the municipality in French
        assert translated(NOTE, "fr") in page

    def test_the_dutch_page_does_not_explain_it(self, client, antwerp):
        body = client.post("/brief/antwerpen/", DETAILS).content.decode()
        assert NOTE not in body
        assert "Anvers" not in body.split("</h1>")[0].split("<h1")[-1]

    def test_the_compose_form_offers_the_commitments_in_the_page_language(self, client, antwerp):
        body = client.get(url_in("/brief/antwerpen/"), **FRENCH).content.decode()
        assert '<option value="housing">Logement</option>' in body
        assert translated(NOTE, "fr") in body

    def test_the_pdf_downloaded_from_a_french_page_is_dutch(self, client, antwerp):
        response = client.post(url_in("/brief/antwerpen/download/pdf/"), DETAILS, **FRENCH)
        text = pdf_text(response.content)
        assert "Antwerpen" in text and "Anvers" not in text
        assert "Huisvesting" in text and "Logement" not in text


class TestAFrenchResidentsMails:
    def test_confirmation_reminder_and_follow_up_in_french_the_council_mail_in_dutch(
        self, client, smtp, antwerp, offices_always_open
    ):
        assert french_send(client).status_code == 302
        letter = ResidentLetter.objects.get()
        assert letter.language == "fr"

        # The confirmation, through the real SMTP server.
        assert outbox_flush() == 1
        [confirmation] = smtp.inbox.messages
        assert confirmation["Content-Language"] == "fr"
        assert "Anvers" in confirmation["Subject"]
        assert "Anvers" in plain(confirmation)

        # The reminder is sent by a periodic job, in whatever language is active there.
        with translation.override("en"):
            reminded = resident_letters_remind(now=letter.created_at + datetime.timedelta(days=2))
        assert reminded == "1 reminders sent"
        assert outbox_flush() == 1
        reminder = smtp.inbox.messages[-1]
        assert reminder["Content-Language"] == "fr"
        assert "Anvers" in reminder["Subject"]

        # Confirmed and sent: the council's mail is Dutch, whatever the resident's language.
        client.post(confirm_path(confirmation))
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        with translation.override("fr"):
            assert letters_dispatch(now=letter.scheduled_for) == "1 letters sent"
        assert outbox_flush() == 1
        council = smtp.inbox.messages[-1]
        assert council["To"] == "college@antwerpen.be"
        assert council["Content-Language"] == "nl-be"
        assert "Antwerpen" in council["Subject"] and "Anvers" not in council["Subject"]
        assert "Anvers" not in plain(council)
        [attachment] = council.iter_attachments()
        assert "Anvers" not in pdf_text(attachment.get_content())

        # The follow-up question, 14 days later, from a periodic job: French again, with
        # Django's French month name for the date the letter went.
        letter.refresh_from_db()
        sent_at = letter.sent_at
        assert letters_followup(now=sent_at + datetime.timedelta(days=15)).startswith("1 ")
        assert outbox_flush() == 1
        question = smtp.inbox.messages[-1]
        assert question["Content-Language"] == "fr"
        assert "Anvers" in question["Subject"]
        with translation.override("fr"):
            month = translation.gettext(sent_at.astimezone(BRUSSELS).strftime("%B"))
        assert month.lower() in plain(question).lower()

    def test_a_dutch_residents_mails_stay_dutch_when_a_job_runs_in_french(self, client, antwerp):
        assert send(client, slug="antwerpen").status_code == 302
        letter = ResidentLetter.objects.get()
        assert letter.language == "nl-be"
        with translation.override("fr"):
            resident_letters_remind(now=letter.created_at + datetime.timedelta(days=2))
        reminder = Email.objects.order_by("pk").last()
        assert reminder.headers["Content-Language"] == "nl-be"
        assert "Antwerpen" in reminder.subject and "Anvers" not in reminder.subject

    def test_an_english_resident_gets_english_mails_with_the_dutch_name(self, client, antwerp):
        assert send_in(client, "en").status_code == 302
        letter = ResidentLetter.objects.get()
        assert letter.language == "en"
        confirmation = Email.objects.get()
        assert confirmation.headers["Content-Language"] == "en"
        assert "Antwerpen" in confirmation.subject

    def test_a_coordinator_rejecting_in_dutch_writes_to_the_resident_in_french(
        self, client, antwerp, django_user_model
    ):
        from solidair.letters.delivery.review import council_letter_reject

        french_send(client, persoonlijke_alinea="Zie www.voorbeeld.be voor meer.")
        letter = ResidentLetter.objects.get()
        confirmed = resident_letter_confirm(
            token=confirm_path_token(Email.objects.get()), now=letter.created_at
        )
        assert confirmed.status == LetterStatus.HELD
        coordinator = django_user_model.objects.create(username="coordinator")
        with translation.override("nl-be"):
            assert council_letter_reject(letter=confirmed, by=coordinator)
        rejected = Email.objects.order_by("pk").last()
        assert rejected.to == ["an@example.be"]
        assert rejected.headers["Content-Language"] == "fr"
        assert "Anvers" in rejected.subject


def confirm_path_token(email: Email) -> str:
    from tests.letters.helpers import CONFIRM_LINK

    return CONFIRM_LINK.search(email.message).group(0).rstrip("/").rpartition("/")[2]


class TestCollectiveLetters:
    def test_the_initiators_language_is_kept_and_the_council_mail_is_dutch(self, antwerp):
        from solidair.letters.delivery.collective import collective_letter_start

        details = CollectiveInput(
            name="Camille Dubois",
            email="camille@example.be",
            postal_code="2000",
            show_name=False,
            is_city=True,
            personal_paragraph="",
            preferences=("housing",),
            is_petition=False,
        )
        with translation.override("fr"):
            letter = collective_letter_start(municipality=antwerp, details=details)
        assert letter.language == "fr"
        confirmation = Email.objects.get()
        assert confirmation.headers["Content-Language"] == "fr"
        assert "Anvers" in confirmation.subject

        CollectiveLetter.objects.filter(pk=letter.pk).update(status=LetterStatus.WAITING)
        letter.refresh_from_db()
        with translation.override("fr"):
            message = collective_letter_message(letter=letter)
        assert "Antwerpen" in message.subject and "Anvers" not in message.subject
        assert "Anvers" not in message.text
        assert "Huisvesting" in message.text and "Logement" not in message.text
