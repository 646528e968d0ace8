"""The council's queue: a daily cap spread over office hours, holding and releasing a queue,
and the review of held letters by coordinators."""

import datetime
import re

import pytest
from post_office.models import Email

from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.delivery.review import (
    council_letter_approve,
    council_letter_reject,
    text_reasons,
)
from solidair.letters.delivery.schedule import (
    council_queue_hold,
    council_queue_release,
    office_time,
)
from solidair.letters.models import CouncilAddress, LetterStatus, ResidentLetter
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.letters.letters_by_mail import MONDAY, at, council, letter_confirmed

pytestmark = pytest.mark.django_db

FRIDAY = MONDAY - datetime.timedelta(days=3)
TUESDAY = MONDAY + datetime.timedelta(days=1)


@pytest.fixture
def hove():
    place = municipality("Hove")
    council(place)
    return place


def slots(letters) -> list[str]:
    return [
        letter.scheduled_for.astimezone(at(MONDAY, 0).tzinfo).strftime("%a %H:%M")
        for letter in letters
    ]


class TestSchedule:
    def test_at_most_the_cap_a_day_spread_over_office_hours(self, hove):
        letters = [letter_confirmed(hove, number=n, now=at(MONDAY, 8)) for n in range(21)]
        assert slots(letters) == [
            *(f"Mon {9 + minutes // 60:02d}:{minutes % 60:02d}" for minutes in range(0, 480, 24)),
            "Tue 09:00",
        ]
        assert slots(letters)[-2] == "Mon 16:36"

    def test_a_letter_confirmed_after_hours_waits_for_the_next_office_day(self, hove):
        first = letter_confirmed(hove, number=1, now=at(FRIDAY, 16, 50))
        second = letter_confirmed(hove, number=2, now=at(FRIDAY, 16, 55))
        aartselaar = municipality("Aartselaar")
        council(aartselaar)
        weekend = letter_confirmed(aartselaar, number=3, now=at(FRIDAY, 22))
        assert slots([first, second, weekend]) == ["Fri 16:50", "Mon 09:00", "Mon 09:00"]

    def test_a_collective_letter_takes_its_place_in_the_same_queue(self, hove):
        from solidair.letters.delivery.collective import collective_letter_send
        from tests.letters.collective_helpers import open_collective

        individual = letter_confirmed(hove, number=1, now=at(FRIDAY, 16, 50))
        collective = collective_letter_send(letter=open_collective(), now=at(FRIDAY, 16, 52))
        assert slots([individual, collective]) == ["Fri 16:50", "Mon 09:00"]
        assert letters_dispatch(now=at(FRIDAY, 16, 55)) == "1 letters sent"
        collective.refresh_from_db()
        assert collective.status == LetterStatus.WAITING

    def test_office_hours_are_local_time_in_summer_too(self):
        july = datetime.datetime(2026, 7, 6, 5, 0, tzinfo=datetime.UTC)  # 07:00 in Brussels
        assert office_time(july) == datetime.datetime(2026, 7, 6, 7, 0, tzinfo=datetime.UTC)

    def test_the_cap_and_hours_are_settings(self, hove, settings):
        settings.COUNCIL_DAILY_CAP = 2
        settings.COUNCIL_OFFICE_HOURS = "10:00-12:00"
        letters = [letter_confirmed(hove, number=n, now=at(MONDAY, 8)) for n in range(3)]
        assert slots(letters) == ["Mon 10:00", "Mon 11:00", "Tue 10:00"]


class TestDispatch:
    def test_it_sends_what_is_due_and_nothing_else(self, hove):
        letters = [letter_confirmed(hove, number=n, now=at(MONDAY, 8)) for n in range(3)]
        assert letters_dispatch(now=at(MONDAY, 9, 30)) == "2 letters sent"
        assert letters_dispatch(now=at(MONDAY, 9, 30)) == ""
        statuses = [ResidentLetter.objects.get(pk=letter.pk).status for letter in letters]
        assert statuses == [LetterStatus.SENT, LetterStatus.SENT, LetterStatus.WAITING]

    def test_a_backlog_never_exceeds_the_cap_and_moves_to_the_next_slots(self, hove, settings):
        settings.COUNCIL_DAILY_CAP = 3
        for number in range(5):
            letter_confirmed(hove, number=number, now=at(MONDAY, 8))
        # The worker was down for a week: every letter is overdue.
        ResidentLetter.objects.update(scheduled_for=at(MONDAY, 9))
        summary = letters_dispatch(now=at(MONDAY + datetime.timedelta(days=7), 10))
        assert summary == "3 letters sent, 2 postponed to the next free slot"
        later = ResidentLetter.objects.filter(status=LetterStatus.WAITING).order_by("pk")
        assert slots(later) == ["Tue 09:00", "Tue 11:40"]

    def test_outside_office_hours_nothing_goes(self, hove):
        letter = letter_confirmed(hove, number=1, now=at(MONDAY, 10))
        ResidentLetter.objects.update(scheduled_for=at(FRIDAY, 12))
        sunday = at(MONDAY - datetime.timedelta(days=1), 12)
        assert letters_dispatch(now=sunday) == "1 postponed to the next free slot"
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert slots([letter]) == ["Mon 09:00"]
        assert not Email.objects.filter(to__icontains="college@hove.be").exists()


class TestHoldingAQueue:
    def test_a_held_queue_keeps_letters_until_released_then_spreads_them(self, hove, coordinator):
        address = CouncilAddress.objects.get(municipality=hove)
        council_queue_hold(address=address, note="adres wordt nagekeken", by=coordinator)
        for number in range(3):
            letter_confirmed(hove, number=number, now=at(MONDAY, 8))
        assert letters_dispatch(now=at(MONDAY, 16)) == ""
        assert not ResidentLetter.objects.filter(status=LetterStatus.SENT).exists()
        assert address.history.first().history_user == coordinator

        assert council_queue_release(address=address, by=coordinator, now=at(TUESDAY, 10)) == 3
        address.refresh_from_db()
        assert (address.queue_held, address.queue_note) == (False, "")
        waiting = ResidentLetter.objects.order_by("confirmed_at", "pk")
        assert slots(waiting) == ["Tue 10:00", "Tue 10:24", "Tue 10:48"]
        assert letters_dispatch(now=at(TUESDAY, 10, 1)) == "1 letters sent"


class TestReview:
    @pytest.mark.parametrize(
        ("paragraph", "reason"),
        [
            ("Kijk op https://example.org/petitie", ["bevat een link"]),
            ("Zie www.voorbeeld.be voor meer.", ["bevat een link"]),
            ("Lees hove-solidair.be/brief eens.", ["bevat een link"]),
            ("a" * 1201, ["langer dan 1200 tekens"]),
            ("www.x.be " + "a" * 1200, ["bevat een link", "langer dan 1200 tekens"]),
            ("Ik woon graag in Hove. Bv. de school, enz. Dank u.", []),
        ],
    )
    def test_links_and_long_paragraphs_are_held_for_review(self, paragraph, reason):
        assert text_reasons(paragraph) == reason

    def test_a_held_letter_waits_for_a_coordinator(self, hove, coordinator, smtp):
        letter = letter_confirmed(
            hove, number=1, now=at(MONDAY, 8), paragraph="Meer op www.voorbeeld.be."
        )
        assert (letter.status, letter.held_reason, letter.scheduled_for) == (
            LetterStatus.HELD,
            "bevat een link",
            None,
        )
        assert letters_dispatch(now=at(MONDAY, 10)) == ""

        assert council_letter_approve(letter=letter, by=coordinator, now=at(MONDAY, 10))
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING
        assert letter.reviewed_by == coordinator
        assert slots([letter]) == ["Mon 10:00"]
        assert not council_letter_approve(letter=letter, by=coordinator)  # not held any more
        assert letters_dispatch(now=at(MONDAY, 10)) == "1 letters sent"

    def test_a_rejected_letter_is_not_sent_and_its_writer_is_told(self, hove, coordinator, smtp):
        letter = letter_confirmed(hove, number=1, now=at(MONDAY, 8), paragraph="x" * 1500)
        outbox_flush()  # the confirmation
        assert council_letter_reject(letter=letter, by=coordinator, now=at(MONDAY, 10))
        letter.refresh_from_db()
        assert letter.status == LetterStatus.REJECTED
        assert letters_dispatch(now=at(MONDAY, 11)) == ""
        assert outbox_flush() == 1
        message = smtp.inbox.messages[-1]
        assert smtp.inbox.envelopes[-1] == ["inwoner1@example.be"]
        assert message["Subject"] == "Je brief aan het college van Hove werd niet verstuurd"
        text = message.get_body(("plain",)).get_content()
        assert "stuurden hem niet door" in " ".join(text.split())
        assert re.search(r"/brief/mijn-gegevens/[\w:-]+/", text)
        assert letter.mails.count() == 2


class TestAdmin:
    def test_coordinators_review_held_letters_from_a_queue(self, client, hove, coordinator):
        held = letter_confirmed(hove, number=1, now=at(MONDAY, 8), paragraph="www.spam.be")
        waiting = letter_confirmed(hove, number=2, now=at(MONDAY, 8))
        client.force_login(coordinator)
        page = client.get("/beheer/letters/residentletter/", {"status__exact": "held"})
        body = page.content.decode()
        assert "bevat een link" in body
        assert f"/beheer/letters/residentletter/{held.pk}/change/" in body
        assert f"/beheer/letters/residentletter/{waiting.pk}/change/" not in body
        detail = client.get(f"/beheer/letters/residentletter/{held.pk}/change/").content.decode()
        assert "www.spam.be" in detail

        response = client.post(
            "/beheer/letters/residentletter/",
            {"action": "approve", "_selected_action": [held.pk, waiting.pk]},
            follow=True,
        )
        body = response.content.decode()
        assert "1 brief goedgekeurd: hij gaat in de wachtrij van zijn bestuur." in body
        assert "1 brief wachtte niet op nazicht" in body
        held.refresh_from_db()
        assert held.status == LetterStatus.WAITING and held.reviewed_by == coordinator

    def test_coordinators_see_each_queue_and_hold_and_release_it(self, client, hove, coordinator):
        for number in range(2):
            letter_confirmed(hove, number=number, now=at(MONDAY, 8))
        address = CouncilAddress.objects.get(municipality=hove)
        client.force_login(coordinator)
        body = client.get("/beheer/letters/counciladdress/?q=Hove").content.decode()
        assert f"?municipality__id__exact={hove.pk}&amp;status__exact=waiting" in body
        assert 'status__exact=waiting">2</a>' in body

        client.post(
            "/beheer/letters/counciladdress/",
            {"action": "hold_queue", "_selected_action": [address.pk]},
        )
        address.refresh_from_db()
        assert address.queue_held
        response = client.post(
            "/beheer/letters/counciladdress/",
            {"action": "release_queue", "_selected_action": [address.pk]},
            follow=True,
        )
        assert "1 wachtrij vrijgegeven. 2 brieven worden verstuurd" in response.content.decode()
        address.refresh_from_db()
        assert not address.queue_held
