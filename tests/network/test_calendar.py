"""The iCalendar text (RFC 5545) and the public feed, read back."""

import datetime

import pytest

from solidair.network import ical, meetings
from solidair.network.models import Meeting
from tests.network.helpers import BRUSSELS, inline_management, make_meeting

UTC = datetime.UTC


def event(**extra) -> ical.Event:
    moment = datetime.datetime(2026, 1, 15, 13, 0, tzinfo=UTC)
    values = {
        "uid": "x@example.be",
        "starts_at": moment,
        "ends_at": moment + datetime.timedelta(hours=1),
        "stamp": moment,
        "summary": "Titel",
    }
    return ical.Event(**(values | extra))


class TestText:
    def test_text_values_are_escaped_and_read_back(self):
        summary = 'Wonen, werken; leren\\ samen\n"nieuwe" lijn'
        text = ical.calendar_text([event(summary=summary)])
        assert 'SUMMARY:Wonen\\, werken\\; leren\\\\ samen\\n"nieuwe" lijn\r\n' in text
        [parsed] = ical.parse_events(text)
        assert ical.unescape_text(parsed["SUMMARY"]) == summary

    def test_long_lines_are_folded_at_75_octets_without_splitting_a_character(self):
        description = "Één café met ü-klanken en € " * 20
        text = ical.calendar_text([event(description=description)])
        lines = text.split("\r\n")
        assert max(len(line.encode()) for line in lines) <= 75
        assert any(line.startswith(" ") for line in lines)
        text.encode().decode()  # every line is valid UTF-8 on its own:
        for line in lines:
            line.encode("utf-8")
        [parsed] = ical.parse_events(text)
        assert ical.unescape_text(parsed["DESCRIPTION"]) == description

    def test_every_line_ends_in_crlf_and_the_calendar_is_complete(self):
        text = ical.calendar_text([event(), event(uid="y@example.be")], name="Agenda")
        assert text.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:")
        assert text.endswith("END:VCALENDAR\r\n")
        assert "\n" not in text.replace("\r\n", "")
        assert [e["UID"] for e in ical.parse_events(text)] == ["x@example.be", "y@example.be"]

    def test_the_reader_refuses_broken_text(self):
        with pytest.raises(ValueError):
            ical.parse_events("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nEND:VCALENDAR\r\n")
        with pytest.raises(ValueError):
            ical.parse_events("BEGIN:VCALENDAR\r\nX:" + "a" * 80 + "\r\nEND:VCALENDAR\r\n")


@pytest.mark.django_db
class TestFeed:
    def test_times_are_right_in_winter_and_summer(self, client, settings):
        settings.SITE_URL = "https://solidairegemeenten.be"
        winter = make_meeting(
            title="Winter",
            starts_at=datetime.datetime(2027, 1, 14, 14, 0, tzinfo=BRUSSELS),
            ends_at=datetime.datetime(2027, 1, 14, 17, 0, tzinfo=BRUSSELS),
            registration_deadline=None,
        )
        summer = make_meeting(
            title="Zomer",
            starts_at=datetime.datetime(2027, 7, 8, 14, 0, tzinfo=BRUSSELS),
            ends_at=datetime.datetime(2027, 7, 8, 17, 0, tzinfo=BRUSSELS),
            registration_deadline=None,
            place="",
            online_url="https://meet.example/geheim",
        )
        make_meeting(title="Verborgen", published=False)
        response = client.get("/netwerk/bijeenkomsten.ics")
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        text = response.content.decode()
        events = {ical.unescape_text(e["SUMMARY"]): e for e in ical.parse_events(text)}
        assert set(events) == {"Winter", "Zomer"}
        assert events["Winter"]["DTSTART"] == "20270114T130000Z"
        assert events["Winter"]["DTEND"] == "20270114T160000Z"
        assert events["Zomer"]["DTSTART"] == "20270708T120000Z"
        assert events["Zomer"]["DTEND"] == "20270708T150000Z"
        assert events["Winter"]["UID"] == f"bijeenkomst-{winter.pk}@solidairegemeenten.be"
        assert events["Winter"]["URL"] == (
            f"https://solidairegemeenten.be/netwerk/bijeenkomsten/{winter.pk}/"
        )
        assert events["Winter"]["LOCATION"] == "Stadhuis\\, Botermarkt 1\\, Gent"
        # The public feed never carries the online link.
        assert "geheim" not in text
        assert events["Zomer"]["LOCATION"] == "Online"
        assert summer.pk != winter.pk

    def test_the_icalendar_library_reads_the_feed_as_calendar_clients_do(self, client):
        """The reference Python implementation of RFC 5545 parses the feed strictly and finds
        the same moments, in summer and winter (Outlook, Google and Thunderbird read the same
        standard)."""
        import icalendar

        winter = datetime.datetime(2027, 1, 14, 14, 0, tzinfo=BRUSSELS)
        summer = datetime.datetime(2027, 7, 8, 14, 0, tzinfo=BRUSSELS)
        for title, start in (("Winter, met komma; en puntkomma", winter), ("Zomer", summer)):
            make_meeting(
                title=title,
                starts_at=start,
                ends_at=start + datetime.timedelta(hours=3),
                registration_deadline=None,
                description="Eerste regel\nTweede regel met een lange zin " * 5,
            )
        body = client.get("/netwerk/bijeenkomsten.ics").content
        calendar = icalendar.Calendar.from_ical(body)
        assert calendar["VERSION"] == "2.0"
        assert calendar.get("PRODID")
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        assert set(events) == {"Winter, met komma; en puntkomma", "Zomer"}
        assert events["Winter, met komma; en puntkomma"].decoded("DTSTART") == winter
        assert events["Zomer"].decoded("DTSTART") == summer
        assert events["Zomer"].decoded("DTEND") - events["Zomer"].decoded("DTSTART") == (
            datetime.timedelta(hours=3)
        )
        for event in events.values():
            assert event.get("UID") and event.get("DTSTAMP")
            assert "Tweede regel" in str(event["DESCRIPTION"])
        assert not calendar.errors and not any(e.errors for e in events.values())

    def test_a_change_raises_the_sequence_and_keeps_the_uid(self, coordinator_client):
        meeting = make_meeting(registration_deadline=None)
        # Made a while ago: iCalendar times have whole seconds.
        Meeting.objects.update(updated_at=datetime.datetime(2026, 1, 1, tzinfo=UTC))
        before = {e["UID"]: e for e in ical.parse_events(meetings.meetings_calendar())}
        [uid] = before
        assert before[uid]["SEQUENCE"] == "0"
        assert before[uid]["DTSTAMP"] == before[uid]["LAST-MODIFIED"]

        data = {
            "title": meeting.title,
            "theme": "",
            "description": "",
            "published": "on",
            "starts_at_0": "15/10/2026",
            "starts_at_1": "15:00:00",
            "ends_at_0": "15/10/2026",
            "ends_at_1": "18:00:00",
            "place": meeting.place,
            "online_url": "",
            "capacity": "1",
            "registration_deadline_0": "",
            "registration_deadline_1": "",
            "minutes": "<p>Verslag</p>",
            **inline_management(),
        }
        response = coordinator_client.post(f"/beheer/network/meeting/{meeting.pk}/change/", data)
        assert response.status_code == 302, response.content.decode()[:3000]
        after = {e["UID"]: e for e in ical.parse_events(meetings.meetings_calendar())}
        assert list(after) == [uid]
        assert after[uid]["SEQUENCE"] == "1"
        assert after[uid]["DTSTART"] == "20261015T130000Z"
        assert ical.parse_utc(after[uid]["LAST-MODIFIED"]) > ical.parse_utc(
            before[uid]["LAST-MODIFIED"]
        )
        # Only the minutes changed: calendars need not update.
        data["minutes"] = "<p>Verslag, aangevuld</p>"
        coordinator_client.post(f"/beheer/network/meeting/{meeting.pk}/change/", data)
        assert Meeting.objects.get().ical_sequence == 1

    def test_an_empty_feed_is_a_valid_calendar(self, client, db):
        text = client.get("/netwerk/bijeenkomsten.ics").content.decode()
        assert ical.parse_events(text) == []
        assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
