"""Nothing lost, nothing twice, at the level of letters: an SMTP outage while 200 letters are
confirmed, and a worker killed in the middle of sending them (real SMTP server, aiosmtpd)."""

import datetime
import signal
import sqlite3
from collections import Counter

import pytest
from django.db import connection
from django.utils import timezone
from post_office.models import STATUS, Email

from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.models import LetterStatus, ResidentLetter
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.letters.letters_by_mail import MONDAY, at, council, letter_confirmed
from tests.lib.helpers import run_worker, time_passes, worker_environment

PLACES = [
    "Hove",
    "Aartselaar",
    "Boechout",
    "Edegem",
    "Kontich",
    "Lint",
    "Mortsel",
    "Ranst",
    "Schilde",
    "Zoersel",
]


@pytest.mark.django_db
def test_200_letters_confirmed_during_an_smtp_outage_each_reach_their_council_once(smtp):
    addresses = {}
    letters = []
    smtp.stop()
    # Twenty letters to each of ten councils: each council's daily cap, all due on Monday.
    for index, name in enumerate(PLACES):
        place = municipality(name)
        addresses[name] = council(place).email
        for number in range(20):
            letters.append(letter_confirmed(place, number=index * 100 + number, now=at(MONDAY, 8)))
    assert letters_dispatch(now=at(MONDAY, 16, 59)) == "200 letters sent"
    assert outbox_flush() == 0
    assert Email.objects.filter(status=STATUS.requeued).count() == 400  # with the confirmations

    smtp.start()
    time_passes()
    for _ in range(5):
        outbox_flush()
        if not Email.objects.exclude(status=STATUS.sent).exists():
            break

    council_addresses = set(addresses.values())
    to_councils = [m for m in smtp.inbox.messages if m["To"] in council_addresses]
    received = Counter(message["Message-ID"] for message in to_councils)
    assert len(to_councils) == 200
    assert set(received.values()) == {1}
    expected = {
        letter.council_mail.message_id
        for letter in ResidentLetter.objects.select_related("council_mail")
    }
    assert set(received) == expected
    assert Counter(m["To"] for m in to_councils) == Counter(dict.fromkeys(council_addresses, 20))
    # Each one is the letter of its own resident, with its own reply address.
    for message in to_councils:
        number = message["Reply-To"].removeprefix("inwoner").removesuffix("@example.be")
        assert f"Inwoner {number}" in message.get_body(("plain",)).get_content()
    assert not ResidentLetter.objects.exclude(status=LetterStatus.SENT).exists()


def worker_letters(env: dict[str, str]) -> list[tuple[str, str]]:
    """(status, Message-ID of the mail to the council) of every letter, in the worker's database."""
    query = (
        "SELECT l.status, COALESCE(e.message_id, '') FROM letters_residentletter l "
        "LEFT JOIN post_office_email e ON e.id = l.council_mail_id ORDER BY l.id"
    )
    if connection.vendor == "sqlite":
        database = sqlite3.connect(env["SQLITE_PATH"])
        try:
            return database.execute(query).fetchall()
        finally:
            database.close()
    with connection.cursor() as cursor:
        cursor.execute(query)
        return cursor.fetchall()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_while_sending_letters_loses_none_and_sends_none_twice(
    smtp, tmp_path, settings, reference_data
):
    # Offices always open and no cap to speak of: the worker's clock is the real one.
    settings.COUNCIL_OFFICE_DAYS = [1, 2, 3, 4, 5, 6, 7]
    settings.COUNCIL_OFFICE_HOURS = "00:00-24:00"
    settings.COUNCIL_DAILY_CAP = 1000
    place = municipality("Hove")
    address = council(place).email
    now = timezone.now()
    for number in range(30):
        letter_confirmed(place, number=number, now=now)
    ResidentLetter.objects.update(scheduled_for=now - datetime.timedelta(minutes=1))
    Email.objects.all().delete()  # the confirmations: only the letters matter here

    env = {
        **worker_environment(tmp_path, smtp),
        "COUNCIL_OFFICE_DAYS": "1,2,3,4,5,6,7",
        "COUNCIL_OFFICE_HOURS": "00:00-24:00",
        "COUNCIL_DAILY_CAP": "1000",
    }
    smtp.inbox.delay = 0.02
    worker = run_worker(env, tmp_path, "--batch")
    smtp.inbox.kill_pid, smtp.inbox.kill_at = worker.pid, 15
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == -signal.SIGKILL, output
    assert len(smtp.inbox.messages) == 14
    assert [status for status, _ in worker_letters(env)] == [LetterStatus.SENT] * 30

    worker = run_worker(env, tmp_path, "--batch")
    output, _ = worker.communicate(timeout=120)
    assert worker.returncode == 0, output

    received = smtp.inbox.message_ids()
    assert len(received) == 30
    assert set(received) == {message_id for _, message_id in worker_letters(env)}
    assert {message["To"] for message in smtp.inbox.messages} == {address}
