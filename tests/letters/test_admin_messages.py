"""What the back-office's actions on letters say: the right count, singular or plural, also when
the list is filtered on what the action changes (approving from the review queue once said
"-1 brieven")."""

import lxml.html
import pytest
from django.utils.translation import override

from solidair.letters.admin.council_letters import APPROVED, NOT_HELD, REJECTED
from solidair.letters.delivery.collective import collective_letter_send
from solidair.letters.models import (
    CollectiveLetter,
    CouncilAddress,
    CouncilAddressSuggestion,
    LetterStatus,
    ResidentLetter,
    SuggestionStatus,
)
from tests.factories import municipality
from tests.letters.collective_helpers import open_collective
from tests.letters.letters_by_mail import MONDAY, at, council, letter_confirmed

pytestmark = pytest.mark.django_db

HELD = "Zie www.voorbeeld.be voor meer."


@pytest.fixture
def hove():
    place = municipality("Hove")
    council(place)
    return place


@pytest.fixture
def coordinator(client, coordinator):
    """The suite's coordinator (tests/conftest.py), signed in on ``client``."""
    client.force_login(coordinator)
    return coordinator


def shown(response) -> list[tuple[str, str]]:
    """The messages on the page the coordinator lands on: (level, text)."""
    assert response.status_code == 200
    tree = lxml.html.fromstring(response.content.decode())
    return [
        (item.get("class"), item.text_content().strip())
        for item in tree.xpath("//ul[@class='messagelist']/li")
    ]


def act(client, path: str, action: str, selected, query: str = "") -> list[tuple[str, str]]:
    response = client.post(
        f"{path}{query}",
        {"action": action, "_selected_action": [item.pk for item in selected]},
        follow=True,
    )
    return shown(response)


def held_letters(place, count: int, start: int = 1) -> list[ResidentLetter]:
    return [
        letter_confirmed(place, number=number, now=at(MONDAY, 8), paragraph=HELD)
        for number in range(start, start + count)
    ]


class TestResidentLetters:
    PATH = "/beheer/letters/residentletter/"

    def test_approving_one_from_the_review_queue_counts_one(self, client, hove, coordinator):
        [letter] = held_letters(hove, 1)
        messages = act(client, self.PATH, "approve", [letter], "?status__exact=held")
        assert messages == [
            ("success", "1 brief goedgekeurd: hij gaat in de wachtrij van zijn bestuur.")
        ]
        letter.refresh_from_db()
        assert letter.status == LetterStatus.WAITING

    def test_approving_several_and_some_that_were_not_held(self, client, hove, coordinator):
        held = held_letters(hove, 2)
        waiting = letter_confirmed(hove, number=9, now=at(MONDAY, 8))
        messages = act(client, self.PATH, "approve", [*held, waiting])
        assert messages == [
            ("success", "2 brieven goedgekeurd: ze gaan in de wachtrij van hun bestuur."),
            ("warning", "1 brief wachtte niet op nazicht en bleef zoals hij was."),
        ]

    def test_rejecting_counts_and_tells_the_writers(self, client, hove, coordinator):
        [one] = held_letters(hove, 1)
        assert act(client, self.PATH, "reject", [one], "?status__exact=held") == [
            ("success", "1 brief afgewezen: de schrijver kreeg een e-mail.")
        ]
        two = held_letters(hove, 2, start=5)
        assert act(client, self.PATH, "reject", [*two, one]) == [
            ("success", "2 brieven afgewezen: de schrijvers kregen een e-mail."),
            ("warning", "1 brief wachtte niet op nazicht en bleef zoals hij was."),
        ]
        assert ResidentLetter.objects.filter(status=LetterStatus.REJECTED).count() == 3

    def test_nothing_held_says_only_that(self, client, hove, coordinator):
        letters = [letter_confirmed(hove, number=n, now=at(MONDAY, 8)) for n in (1, 2)]
        assert act(client, self.PATH, "approve", letters) == [
            ("warning", "2 brieven wachtten niet op nazicht en bleven zoals ze waren.")
        ]


class TestCollectiveLetters:
    PATH = "/beheer/letters/collectiveletter/"

    def held(self, *emails: str) -> list[CollectiveLetter]:
        letters = []
        for email in emails:
            letter = collective_letter_send(
                letter=open_collective(email=email, personal_paragraph=HELD)
            )
            assert letter.status == LetterStatus.HELD
            letters.append(letter)
        return letters

    def test_the_review_queue_lists_them_with_the_reason(self, client, coordinator):
        [letter] = self.held("a@example.be")
        body = client.get(self.PATH, {"status__exact": "held"}).content.decode()
        assert "bevat een link" in body
        assert f"{self.PATH}{letter.pk}/change/" in body

    def test_approve_and_reject_with_the_right_counts(self, client, coordinator):
        first, second, third = self.held("a@example.be", "b@example.be", "c@example.be")
        assert act(client, self.PATH, "approve", [first], "?status__exact=held") == [
            ("success", "1 brief goedgekeurd: hij gaat in de wachtrij van zijn bestuur.")
        ]
        assert act(client, self.PATH, "reject", [first, second, third]) == [
            ("success", "2 brieven afgewezen: de schrijvers kregen een e-mail."),
            ("warning", "1 brief wachtte niet op nazicht en bleef zoals hij was."),
        ]
        statuses = [letter.status for letter in CollectiveLetter.objects.order_by("pk")]
        assert statuses == [LetterStatus.WAITING, LetterStatus.REJECTED, LetterStatus.REJECTED]


class TestQueuesAndSuggestions:
    def test_holding_and_releasing_queues(self, client, hove, coordinator):
        letter_confirmed(hove, number=1, now=at(MONDAY, 8))
        gent = municipality("Gent")
        council(gent)
        # The reference data gives most councils an address: act on these two only.
        addresses = [
            CouncilAddress.objects.get(municipality=hove),
            CouncilAddress.objects.get(municipality=gent),
        ]
        path = "/beheer/letters/counciladdress/"
        assert act(client, path, "hold_queue", addresses[:1]) == [
            (
                "success",
                "1 wachtrij tegengehouden: de brieven aan dit bestuur blijven wachten tot je "
                "ze vrijgeeft.",
            )
        ]
        assert act(client, path, "hold_queue", addresses) == [
            (
                "success",
                "1 wachtrij tegengehouden: de brieven aan dit bestuur blijven wachten tot je "
                "ze vrijgeeft.",
            ),
            ("warning", "1 wachtrij was al tegengehouden."),
        ]
        assert act(client, path, "release_queue", addresses, "?queue_held__exact=1") == [
            (
                "success",
                "2 wachtrijen vrijgegeven. 1 brief wordt verstuurd, gespreid over de kantooruren.",
            )
        ]
        assert act(client, path, "release_queue", addresses) == [
            ("warning", "2 wachtrijen waren niet tegengehouden en bleven zoals ze waren.")
        ]

    def test_accepting_a_suggestion_from_the_pending_list(self, client, coordinator):
        gent = municipality("Gent")
        suggestion = CouncilAddressSuggestion.objects.create(
            municipality=gent, email="college@gent.be"
        )
        path = "/beheer/letters/counciladdresssuggestion/"
        assert act(client, path, "accept", [suggestion], "?status__exact=pending") == [
            ("success", "1 voorstel aanvaard: het adres van het college is bijgewerkt.")
        ]
        other = CouncilAddressSuggestion.objects.create(municipality=gent, email="info@gent.be")
        assert act(client, path, "reject", [other, suggestion]) == [
            ("success", "1 voorstel afgewezen."),
            ("warning", "1 voorstel was al nagekeken en bleef zoals het was."),
        ]
        other.refresh_from_db()
        assert other.status == SuggestionStatus.REJECTED


# The back-office is in Dutch; its messages are translated all the same (a coordinator's
# browser may one day get them), with the plural rules of each language: French counts 0 and 1
# as singular.
TRANSLATED = {
    "fr": [
        (
            APPROVED,
            "%(count)d lettre approuvée : elle rejoint la file d'attente de son administration.",
            "%(count)d lettres approuvées : elles rejoignent la file d'attente de leur "
            "administration.",
        ),
        (
            REJECTED,
            "%(count)d lettre refusée : son auteur a reçu un e-mail.",
            "%(count)d lettres refusées : leurs auteurs ont reçu un e-mail.",
        ),
        (
            NOT_HELD,
            "%(count)d lettre n'attendait pas de vérification et est restée inchangée.",
            "%(count)d lettres n'attendaient pas de vérification et sont restées inchangées.",
        ),
    ],
    "en": [
        (
            APPROVED,
            "%(count)d letter approved: it joins its council's queue.",
            "%(count)d letters approved: they join their councils' queues.",
        ),
        (
            REJECTED,
            "%(count)d letter rejected: its writer received an e-mail.",
            "%(count)d letters rejected: their writers received an e-mail.",
        ),
        (
            NOT_HELD,
            "%(count)d letter was not awaiting review and was left unchanged.",
            "%(count)d letters were not awaiting review and were left unchanged.",
        ),
    ],
}
SINGULAR = {"fr": [0, 1], "en": [1]}
PLURAL = {"fr": [2, 5], "en": [0, 2, 5]}


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_review_messages_are_translated_with_each_languages_plural(language):
    with override(language):
        for message, singular, plural in TRANSLATED[language]:
            for count in SINGULAR[language]:
                assert message % {"count": count} == singular % {"count": count}
            for count in PLURAL[language]:
                assert message % {"count": count} == plural % {"count": count}
