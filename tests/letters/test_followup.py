"""Follow-up: the question 14 days after sending, one-click answers, the campaign timeline."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from solidair.letters.delivery.followup import letters_followup
from solidair.letters.models import (
    CouncilResponse,
    FollowUpAnswer,
    LetterStatus,
    ResponseKind,
    ResponseSource,
)
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_jobs
from tests.letters.collective_helpers import (
    link_to,
    open_collective,
    sent_resident_letter,
    signature,
    text_of,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices_always_open")]

SENT = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
DAY = datetime.timedelta(days=1)
INVALID = "Deze link werkt niet meer"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"


def sent_collective(sent_at=SENT, count=3):
    letter = open_collective(created_at=sent_at - 10 * DAY)
    letter.status = LetterStatus.SENT
    letter.sent_at = sent_at
    letter.signatory_count = count
    letter.save()
    return letter


def question(smtp) -> dict[str, str]:
    """The three answer links of the last mail, by answer."""
    message = smtp.inbox.messages[-1]
    return {slug: link_to(message, f"/{slug}/") for slug in ("ja", "nog-niet", "nee")}


class TestTheQuestion:
    def test_the_jobs_are_registered(self):
        jobs = periodic_jobs()
        assert jobs["letters_followup"] is letters_followup
        assert "letters_erase" in jobs

    def test_it_is_asked_14_days_after_sending_to_the_writer(self, smtp):
        letter = sent_resident_letter(SENT)
        collective = sent_collective()
        assert letters_followup(now=SENT + 13 * DAY) == ""
        assert (
            letters_followup(now=SENT + 14 * DAY)
            == "2 follow-up questions sent, 0 follow-ups closed"
        )
        assert letters_followup(now=SENT + 14 * DAY) == ""  # idempotent
        assert outbox_flush() == 2
        assert sorted(smtp.inbox.envelopes) == [["bram@example.be"], ["griet@example.be"]]
        for message in smtp.inbox.messages:
            assert message["Subject"] == "Heeft het bestuur van Hove geantwoord op je brief?"
            text = text_of(message)
            assert "Op 2 maart 2026 vertrok" in text
            for slug in ("ja", "nog-niet", "nee"):
                assert f"/{slug}/" in text
            assert "/brief/mijn-gegevens/" in text
        letter.refresh_from_db()
        collective.refresh_from_db()
        assert letter.followup_asked == collective.followup_asked == 1
        assert letter.mails.count() == 1  # erased with the resident's data

    def test_opening_a_link_answers_nothing_its_button_does(self, client, smtp):
        letter = sent_resident_letter(SENT)
        letters_followup(now=SENT + 14 * DAY)
        outbox_flush()
        links = question(smtp)
        for path in links.values():  # a mail scanner opens every link
            page = client.get(path).content.decode()
            assert "Bevestig mijn antwoord" in page
        letter.refresh_from_db()
        assert letter.followup_answer == "" and letter.followup_closed_at is None
        response = client.post(links["nee"])
        assert "Bedankt voor je antwoord" in response.content.decode()
        letter.refresh_from_db()
        assert letter.followup_answer == FollowUpAnswer.NO
        assert letter.followup_closed_at is not None
        assert client.post(links["ja"]).status_code == 410  # single use
        assert not CouncilResponse.objects.exists()

    def test_yes_with_what_the_council_said_goes_on_the_timeline(self, client, smtp):
        sent_resident_letter(SENT)
        letters_followup(now=SENT + 14 * DAY)
        outbox_flush()
        yes = question(smtp)["ja"]
        page = client.get(yes).content.decode()
        assert "Wat antwoordde het bestuur?" in page
        error = client.post(yes, {"link": "geen link"}).content.decode()
        assert "Kijk je gegevens even na" in error
        assert not CouncilResponse.objects.exists()
        client.post(
            yes,
            {"wat": ResponseKind.AGENDA, "toelichting": "Op de raad van mei.", "link": ""},
        )
        response = CouncilResponse.objects.get()
        assert response.kind == ResponseKind.AGENDA
        assert response.source == ResponseSource.RESIDENT
        assert response.text == "Op de raad van mei."
        detail = client.get("/gemeenten/hove/").content.decode()
        assert "het bestuur zet het lidmaatschap op de agenda" in detail
        assert "gemeld door een inwoner" in detail
        assert "Op de raad van mei." not in detail  # shown once a coordinator checked it

    def test_not_yet_asks_again_14_days_later_at_most_twice(self, client, smtp):
        letter = sent_resident_letter(SENT)
        now = SENT + 14 * DAY
        for asked in (1, 2, 3):
            assert letters_followup(now=now).startswith("1 follow-up questions sent")
            outbox_flush()
            client.post(question(smtp)["nog-niet"])
            letter.refresh_from_db()
            assert letter.followup_asked == asked
            assert letter.followup_answer == FollowUpAnswer.NOT_YET
            now = timezone.now() + 14 * DAY
            assert letters_followup(now=now - DAY) == ""
        assert letter.followup_closed_at is not None  # the third "nog niet" closes it
        assert letters_followup(now=now + 100 * DAY) == ""
        assert len(smtp.inbox.messages) == 3
        assert "nog eens" in text_of(smtp.inbox.messages[-1])

    def test_an_unanswered_question_closes_after_14_days(self):
        letter = sent_resident_letter(SENT)
        letters_followup(now=SENT + 14 * DAY)
        assert (
            letters_followup(now=SENT + 28 * DAY)
            == "0 follow-up questions sent, 1 follow-ups closed"
        )
        letter.refresh_from_db()
        assert letter.followup_closed_at == SENT + 28 * DAY
        assert letter.followup_key == ""


class TestTimeline:
    def test_counts_by_month_never_names(self, client):
        sent_resident_letter(SENT, name="Bram Janssens")
        sent_resident_letter(SENT + 3 * DAY, name="Lien Claes", email="lien@example.be")
        sent_resident_letter(SENT + 40 * DAY, name="Jan Smet", email="jan@example.be")
        collective = sent_collective(SENT + 5 * DAY, count=12)
        signature(collective, "Karim El Amrani", "karim@example.be", show_name=True)
        page = client.get("/gemeenten/hove/").content.decode()
        assert "Campagne: inwoners schrijven het bestuur" in page
        assert "15 inwoners schreven het bestuur via dit platform." in page
        assert "April 2026" in page and "Maart 2026" in page
        assert "2 inwoners stuurden een brief" in page
        assert "1 gezamenlijke brief, met 12 ondertekenaars" in page
        for name in ("Bram Janssens", "Lien Claes", "Jan Smet", "Griet Vermeulen", "Karim"):
            assert name not in page

    def test_no_campaign_no_section(self, client):
        assert "Campagne:" not in client.get("/gemeenten/hove/").content.decode()

    def test_a_sent_letter_and_a_confirmed_response_show_at_once(self, client, admin_client):
        from solidair.letters.delivery.dispatch import council_letter_send
        from tests.letters.collective_helpers import council_address

        assert "Campagne:" not in client.get("/gemeenten/hove/").content.decode()  # now cached
        council_address()
        letter = sent_resident_letter(SENT)
        letter.status = LetterStatus.WAITING
        letter.save()
        # Saving a letter does not touch the page cache ...
        assert "Campagne:" not in client.get("/gemeenten/hove/").content.decode()
        from solidair.letters.delivery import dispatch

        original = dispatch.council_message
        dispatch.council_message = lambda *, letter: dispatch.CouncilMessage(
            subject="Brief", text="Brief", html=""
        )
        try:
            with self._commit():
                council_letter_send(letter=letter)
        finally:
            dispatch.council_message = original
        # ... sending it does.
        assert "1 inwoner stuurde een brief" in client.get("/gemeenten/hove/").content.decode()

        response = CouncilResponse.objects.create(
            municipality=letter.municipality,
            kind=ResponseKind.JOINED,
            text="Beslist op de gemeenteraad.",
            reported_on=datetime.date(2026, 4, 20),
        )
        with self._commit():
            admin_client.post(
                "/beheer/letters/councilresponse/",
                {"action": "confirm", "_selected_action": [response.pk]},
            )
        response.refresh_from_db()
        assert response.confirmed_by == User.objects.get(username="admin")
        page = client.get("/gemeenten/hove/").content.decode()
        assert "het bestuur trad toe tot het netwerk" in page
        assert "bevestigd door de coördinatie" in page
        assert "Beslist op de gemeenteraad." in page

    @staticmethod
    def _commit():
        from django.test import TestCase

        return TestCase.captureOnCommitCallbacks(execute=True)


class TestCampaignsInTheBackOffice:
    def test_coordinators_see_every_campaign_with_its_figures(self, admin_client):
        sent_resident_letter(SENT)
        sent_resident_letter(SENT, email="b@example.be", place="Gent")
        sent_collective(count=7)
        CouncilResponse.objects.create(
            municipality=sent_resident_letter(SENT, email="c@example.be").municipality,
            kind=ResponseKind.AGENDA,
            reported_on=datetime.date(2026, 4, 1),
        )
        page = admin_client.get("/beheer/letters/campaign/").content.decode()
        assert "Hove" in page and "Gent" in page
        assert "Leuven" not in page  # no campaign there
        assert "?municipality__id__exact=" in page
        from solidair.letters.delivery.campaigns import campaigns_active
        from solidair.municipalities.models import Municipality

        hove = campaigns_active(Municipality.objects.all()).get(name_nl="Hove")
        assert (hove.letters_sent, hove.collective_sent, hove.signatories) == (2, 1, 7)
        assert (hove.responses, hove.responses_unconfirmed) == (1, 1)
        assert '<td class="field-signatories">7</td>' in page
        listed = admin_client.get(
            f"/beheer/letters/councilresponse/?municipality__id__exact={hove.pk}"
        )
        assert listed.status_code == 200
        assert "1 antwoord van een bestuur" in listed.content.decode()
