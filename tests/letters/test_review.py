"""Near-identical letters wait for a coordinator (solidair/letters/delivery/review.py): the same
text, or nearly, from different residents is held, with the same queue and the same messages to
the resident as a letter with a link; a resident's own text, short texts and texts no longer
stored are never compared."""

import datetime
import html
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.utils import timezone

from solidair.letters.delivery import review
from solidair.letters.delivery.collective import collective_letter_send, manage_path
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.delivery.privacy import personal_data_erase
from solidair.letters.delivery.sending import SendRefused
from solidair.letters.models import LetterStatus, ResidentLetter
from solidair.lib.tokens import link_token
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.languages import translated
from tests.letters.collective_helpers import links_in, open_collective
from tests.letters.letters_by_mail import council, letter_confirmed, letter_created
from tests.lib.helpers import EDITS, GENUINE, ORIGINAL

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices_always_open")]

HELD_MESSAGE = (
    "Omdat je eigen alinea een link bevat, lang is of sterk lijkt op die van een andere "
    "inwoner, leest een coördinator van het netwerk je brief eerst na. Daarna versturen we "
    "hem, of laten we je per e-mail weten waarom niet."
)
HELD_PAGE = "leest een coördinator van het netwerk je brief eerst na"


@pytest.fixture
def hove():
    place = municipality("Hove")
    council(place)
    return place


@pytest.fixture
def gent():
    place = municipality("Gent")
    council(place)
    return place


@pytest.fixture
def now():
    return timezone.now()


def confirmed(place, number: int, paragraph: str, now) -> ResidentLetter:
    return letter_confirmed(place, number=number, now=now, paragraph=paragraph)


def statuses(letters) -> list[str]:
    for letter in letters:
        letter.refresh_from_db()
    return [letter.status for letter in letters]


class TestIndividualLetters:
    def test_three_identical_paragraphs_from_three_addresses(self, hove, now):
        letters = [confirmed(hove, number, ORIGINAL, now) for number in (1, 2, 3)]
        assert statuses(letters) == [LetterStatus.WAITING, LetterStatus.HELD, LetterStatus.HELD]
        first, second, third = letters
        assert second.held_reason == (
            f"lijkt sterk op de alinea van een andere inwoner (brief per e-mail nr. {first.pk})"
        )
        assert third.held_reason.startswith("lijkt sterk op de alinea van een andere inwoner")
        assert (second.scheduled_for, third.scheduled_for) == (None, None)
        assert first.scheduled_for is not None

    @pytest.mark.parametrize("edit", sorted(EDITS))
    def test_small_edits_are_held_too(self, hove, now, edit):
        confirmed(hove, 1, ORIGINAL, now)
        copy = confirmed(hove, 2, EDITS[edit], now)
        assert copy.status == LetterStatus.HELD
        assert "lijkt sterk op" in copy.held_reason

    def test_different_texts_go_through(self, hove, now):
        letters = [confirmed(hove, number, text, now) for number, text in enumerate(GENUINE)]
        assert set(statuses(letters)) == {LetterStatus.WAITING}

    def test_to_any_council(self, hove, gent, now):
        confirmed(hove, 1, ORIGINAL, now)
        assert confirmed(gent, 2, ORIGINAL, now).status == LetterStatus.HELD

    def test_a_residents_own_text_to_another_council_is_theirs(self, hove, gent, now):
        confirmed(hove, 1, ORIGINAL, now)
        assert confirmed(gent, 1, ORIGINAL, now).status == LetterStatus.WAITING

    def test_the_same_text_to_the_same_council_twice_is_refused_as_before(self, hove, now):
        confirmed(hove, 1, ORIGINAL, now)
        with pytest.raises(SendRefused, match="al een brief naar het college van Hove"):
            letter_created(hove, number=1, now=now, paragraph=ORIGINAL)

    def test_short_paragraphs_are_not_compared(self, hove, now):
        short = "Ik steun deze vraag van harte: iedereen verdient een veilige thuis."
        assert len(short.split()) < review.SIMILAR_MIN_WORDS
        letters = [confirmed(hove, number, short, now) for number in (1, 2, 3)]
        assert set(statuses(letters)) == {LetterStatus.WAITING}
        # From twelve words on, they are.
        longer = short.replace("van harte:", "van harte, want")
        assert len(longer.split()) == review.SIMILAR_MIN_WORDS
        assert [confirmed(hove, n, longer, now).status for n in (4, 5)] == [
            LetterStatus.WAITING,
            LetterStatus.HELD,
        ]

    def test_only_letters_still_stored_and_confirmed_count(self, hove, gent, now):
        # Unconfirmed: the writer never stood by it.
        letter_created(hove, number=1, now=now, paragraph=ORIGINAL)
        # Erased: nothing of its text is left to compare with.
        erased = confirmed(hove, 2, ORIGINAL, now)
        personal_data_erase(record=erased)
        # Older than the period compared.
        confirmed(gent, 3, ORIGINAL, now - review.SIMILAR_PERIOD - datetime.timedelta(days=1))
        assert confirmed(gent, 4, ORIGINAL, now).status == LetterStatus.WAITING

    def test_the_number_of_letters_compared_is_bounded(self, hove, now, monkeypatch):
        monkeypatch.setattr(review, "SIMILAR_CANDIDATES", 3)
        confirmed(hove, 1, ORIGINAL, now - datetime.timedelta(hours=1))
        for number, text in enumerate(GENUINE[:3], start=2):
            confirmed(hove, number, text, now - datetime.timedelta(minutes=30))
        # The copy's look-back (3 letters) no longer reaches the original.
        assert confirmed(hove, 9, ORIGINAL, now).status == LetterStatus.WAITING

    @pytest.mark.parametrize("language", ["nl-be", "fr", "en"])
    def test_the_resident_is_told_as_for_any_held_letter(self, client, hove, now, language):
        confirmed(hove, 1, ORIGINAL, now)
        letter = letter_created(hove, number=2, now=now, paragraph=ORIGINAL)
        token = link_token(letter.confirm_key, purpose="confirm")
        prefix = "" if language == "nl-be" else f"/{language}"
        page = " ".join(client.post(f"{prefix}/brief/bevestig/{token}/").content.decode().split())
        expected = HELD_PAGE if language == "nl-be" else translated(HELD_MESSAGE, language)
        assert html.escape(expected, quote=False) in page.replace("&#x27;", "'")
        letter.refresh_from_db()
        assert letter.status == LetterStatus.HELD
        # For the coordinators, in the back-office's Dutch whatever the resident's language.
        assert letter.held_reason.startswith("lijkt sterk op de alinea van een andere inwoner")


class TestCollectiveLetters:
    def test_a_collective_letter_like_an_individual_one_is_held(self, hove, now):
        confirmed(hove, 1, ORIGINAL, now)
        letter = collective_letter_send(letter=open_collective(personal_paragraph=ORIGINAL))
        assert letter.status == LetterStatus.HELD
        assert "brief per e-mail nr." in letter.held_reason

    def test_an_individual_letter_like_a_collective_one_is_held(self, hove, now):
        collective = open_collective(personal_paragraph=ORIGINAL)
        letter = confirmed(hove, 1, EDITS["two typos"], now)
        assert letter.status == LetterStatus.HELD
        assert letter.held_reason == (
            "lijkt sterk op de alinea van een andere inwoner "
            f"(gezamenlijke brief nr. {collective.pk})"
        )

    def test_two_collective_letters_alike(self, now):
        first = collective_letter_send(letter=open_collective(personal_paragraph=ORIGINAL))
        second = collective_letter_send(
            letter=open_collective(email="ander@example.be", personal_paragraph=ORIGINAL)
        )
        assert (first.status, second.status) == (LetterStatus.WAITING, LetterStatus.HELD)

    def test_the_initiator_sees_that_it_waits(self, client, hove, now):
        confirmed(hove, 1, ORIGINAL, now)
        letter = open_collective(personal_paragraph=ORIGINAL)
        manage = manage_path(letter)
        assert client.post(manage, {"versturen": "1"}).status_code == 302
        page = client.get(manage).content.decode()
        assert "De coördinatie van het netwerk bekijkt hem nog voor hij vertrekt." in page
        share = client.get(f"/brief/samen/{letter.share_key}/").content.decode()
        assert "bekijkt hem nog voor hij vertrekt" in share


class TestCoordinators:
    @pytest.fixture
    def coordinator(self, client, coordinator):
        """The suite's coordinator (tests/conftest.py), signed in on ``client``."""
        client.force_login(coordinator)
        return coordinator

    def test_approve_and_reject_near_identical_letters_from_the_back_office(
        self, client, hove, now, coordinator, smtp
    ):
        first, second, third = [confirmed(hove, number, ORIGINAL, now) for number in (1, 2, 3)]
        collective = collective_letter_send(letter=open_collective(personal_paragraph=ORIGINAL))
        listing = client.get("/beheer/letters/residentletter/", {"status__exact": "held"})
        rows = lxml.html.fromstring(listing.content.decode()).xpath("//table[@id='result_list']")
        assert "lijkt sterk op de alinea van een andere inwoner" in rows[0].text_content()
        client.post(
            "/beheer/letters/residentletter/?status__exact=held",
            {"action": "approve", "_selected_action": [second.pk]},
        )
        client.post(
            "/beheer/letters/residentletter/?status__exact=held",
            {"action": "reject", "_selected_action": [third.pk]},
        )
        client.post(
            "/beheer/letters/collectiveletter/?status__exact=held",
            {"action": "approve", "_selected_action": [collective.pk]},
        )
        assert statuses([first, second, third]) == [
            LetterStatus.WAITING,
            LetterStatus.WAITING,
            LetterStatus.REJECTED,
        ]
        collective.refresh_from_db()
        assert collective.status == LetterStatus.WAITING and collective.reviewed_by == coordinator
        outbox_flush()
        rejected = [m for m in smtp.inbox.messages if "werd niet verstuurd" in m["Subject"]]
        assert [m["To"] for m in rejected] == ["inwoner3@example.be"]
        assert any("/brief/mijn-gegevens/" in link for link in links_in(rejected[0]))
        for link in links_in(rejected[0]):
            assert client.get(urlsplit(link).path).status_code == 200, link
        # Approved letters go out as any other.
        later = timezone.now() + datetime.timedelta(minutes=1)
        assert letters_dispatch(now=later) == "3 letters sent"
