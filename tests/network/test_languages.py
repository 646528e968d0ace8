"""A registrant's mails, also those the periodic jobs send, in the language they registered in."""

import datetime

import pytest
from django.utils import translation

from solidair.network import meetings
from solidair.operations.mail import outbox_flush
from tests.network.helpers import MEMBER, NOW

pytestmark = pytest.mark.django_db


def test_the_confirmation_and_the_reminder_come_in_the_registrants_language(people, meeting, smtp):
    with translation.override("en"):
        registration = meetings.registration_create(
            meeting=meeting, user=people["member"], name="An", now=NOW
        )
    assert registration.language == "en"
    outbox_flush()
    confirmation = smtp.inbox.messages[-1]
    assert smtp.inbox.envelopes[-1] == [MEMBER]
    assert confirmation["Content-Language"] == "en"

    # The reminder job runs in Dutch (or whatever): the mail is English all the same, with
    # Django's English day and month names.
    two_days = meeting.starts_at - datetime.timedelta(days=2)
    with translation.override("nl-be"):
        assert meetings.registrations_remind(now=two_days) == "1 reminders sent"
    assert outbox_flush() == 1
    reminder = smtp.inbox.messages[-1]
    assert reminder["Content-Language"] == "en"
    body = reminder.get_body(("plain",)).get_content()
    assert "October" in body and "oktober" not in body  # the meeting is on 15 October 2026


def test_a_dutch_registrant_keeps_dutch_mails(people, meeting):
    registration = meetings.registration_create(
        meeting=meeting, user=people["member"], name="An", now=NOW
    )
    assert registration.language == "nl-be"
