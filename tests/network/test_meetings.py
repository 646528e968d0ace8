import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError

from solidair.network.models import Meeting
from tests.factories import InitiativeFactory, municipality

BRUSSELS = ZoneInfo("Europe/Brussels")


def meeting(title: str, day: datetime.date, **extra) -> Meeting:
    start = datetime.datetime.combine(day, datetime.time(13, 30), tzinfo=BRUSSELS)
    return Meeting.objects.create(
        title=title,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        published=extra.pop("published", True),
        **extra,
    )


@pytest.fixture
def meetings(db):
    today = datetime.date.today()
    return {
        "next": meeting("Wonen na de opvang", today + datetime.timedelta(days=30), place="Gent"),
        "past": meeting(
            "Vrijwilligers en voogden",
            today - datetime.timedelta(days=60),
            minutes='<p>Goed gesprek.</p><script>alert(1)</script><a href="javascript:x()">x</a>',
        ),
        "hidden": meeting(
            "Nog niet aangekondigd", today + datetime.timedelta(days=90), published=False
        ),
    }


def test_the_list_shows_upcoming_and_past_meetings_but_not_unpublished_ones(client, meetings):
    body = client.get("/netwerk/bijeenkomsten/").content.decode()
    assert "Wonen na de opvang" in body
    assert "Vrijwilligers en voogden" in body
    assert "Nog niet aangekondigd" not in body
    assert body.index("Wonen na de opvang") < body.index("Voorbije bijeenkomsten")
    assert body.index("Voorbije bijeenkomsten") < body.index("Vrijwilligers en voogden")


def test_the_list_has_empty_states(client, db):
    body = client.get("/netwerk/bijeenkomsten/").content.decode()
    assert "Er is nog geen volgende bijeenkomst gepland." in body
    assert "Er zijn nog geen voorbije bijeenkomsten." in body


def test_a_meeting_page_shows_its_time_in_brussels_and_sanitised_minutes(client, meetings):
    past = meetings["past"]
    InitiativeFactory(municipality=municipality("Gent"), title="Buddy's").meetings.add(past)
    InitiativeFactory(municipality=municipality("Gent"), title="Verborgen", published=False)
    body = client.get(past.get_absolute_url()).content.decode()
    assert "13:30" in body and "16:30" in body
    assert "<p>Goed gesprek.</p>" in body
    assert "<script>" not in body and "javascript:" not in body
    assert "Buddy&#x27;s" in body and "(Gent)" in body
    assert "Verborgen" not in body


def test_an_unpublished_meeting_is_not_found(client, meetings):
    assert client.get(meetings["hidden"].get_absolute_url()).status_code == 404


def test_a_meeting_ends_after_it_starts(db):
    start = datetime.datetime(2026, 3, 1, 10, tzinfo=BRUSSELS)
    with pytest.raises(IntegrityError):
        Meeting.objects.create(title="x", starts_at=start, ends_at=start)
