"""Registering for a meeting: who may, places and the waiting list, the 48-hour offer,
cancelling, the deadline, the mails (on a real SMTP server) and the participant list."""

import csv
import datetime
import io

import pytest

from solidair.network import ical, meetings
from solidair.network.models import RegistrantKind, Registration, RegistrationStatus
from solidair.operations.mail import outbox_flush
from tests.factories import municipality
from tests.network.helpers import (
    MEMBER,
    MEMBER_2,
    NOW,
    PARTNER,
    links_in,
    make_meeting,
)

pytestmark = pytest.mark.django_db

S = RegistrationStatus


def future_meeting(**extra):
    """A meeting far ahead, for tests that go through the pages (the real clock)."""
    start = datetime.datetime(2099, 3, 1, 13, tzinfo=datetime.UTC)
    return make_meeting(
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        registration_deadline=None,
        **extra,
    )


def register(meeting, user, now=NOW, **extra) -> Registration:
    return meetings.registration_create(
        meeting=meeting, user=user, name=extra.pop("name", "Iemand"), now=now, **extra
    )


def status(registration) -> str:
    registration.refresh_from_db()
    return registration.status


class TestWhoMayRegister:
    def test_a_members_contact_registers_for_their_municipality(self, people, meeting):
        registration = register(meeting, people["member"], role="OCMW")
        assert registration.kind == RegistrantKind.MEMBER
        assert registration.municipality == municipality("Merelbeke-Melle")
        assert registration.email == MEMBER
        assert registration.status == S.REGISTERED

    def test_partner_staff_register_for_their_organisation(self, people, meeting):
        registration = register(meeting, people["partner"])
        assert registration.kind == RegistrantKind.PARTNER
        assert registration.organisation.name == "Vluchtelingenwerk Vlaanderen"
        assert registration.municipality is None

    @pytest.mark.parametrize("who", ["anonymous", "outsider"])
    def test_others_are_refused_unless_the_meeting_is_open_to_prospective_members(
        self, people, meeting, who
    ):
        with pytest.raises(meetings.RegistrationRefused):
            register(meeting, people[who])
        assert not Registration.objects.exists()

    def test_a_non_members_contact_registers_as_prospective_when_allowed(self, people):
        meeting = make_meeting(open_to_prospective=True)
        registration = register(meeting, people["outsider"], municipality=municipality("Gent"))
        assert registration.kind == RegistrantKind.PROSPECTIVE
        assert registration.status == S.REGISTERED  # signed in: the address is known

    def test_a_member_cannot_register_for_another_municipality(self, people, meeting):
        registration = register(meeting, people["member"], municipality=municipality("Leuven"))
        assert registration.municipality == municipality("Merelbeke-Melle")

    def test_the_pages_refuse_an_anonymous_visitor_and_an_outsider(self, client, people, meeting):
        url = f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/"
        response = client.post(url, {"name": "X", "municipality": municipality("Gent").pk})
        assert response.status_code == 403
        assert "Meld je aan" in response.content.decode()
        client.force_login(people["outsider"])
        assert client.post(url, {"name": "X"}).status_code == 403
        assert not Registration.objects.exists()


class TestPlacesAndWaitingList:
    def test_a_full_meeting_puts_the_next_one_on_the_waiting_list(self, people, meeting):
        first = register(meeting, people["member"])
        second = register(meeting, people["member_2"])
        third = register(meeting, people["partner"])
        assert [first.status, second.status, third.status] == [S.REGISTERED, S.WAITING, S.WAITING]
        assert meeting.places_left() == 0

    def test_registering_twice_is_refused(self, people, meeting):
        register(meeting, people["member"])
        with pytest.raises(meetings.RegistrationRefused, match="al ingeschreven"):
            register(meeting, people["member"])

    def test_a_freed_place_goes_to_the_first_on_the_list_for_48_hours(self, people, meeting):
        first = register(meeting, people["member"])
        second = register(meeting, people["member_2"], now=NOW + datetime.timedelta(minutes=1))
        third = register(meeting, people["partner"], now=NOW + datetime.timedelta(minutes=2))
        later = NOW + datetime.timedelta(hours=1)
        assert meetings.registration_cancel(registration=first, now=later) == ""
        assert status(first) == S.CANCELLED
        second.refresh_from_db()
        assert second.status == S.OFFERED
        assert second.offer_expires_at == later + datetime.timedelta(hours=48)
        assert status(third) == S.WAITING
        # Confirmed within 48 hours: registered.
        in_time = later + datetime.timedelta(hours=47, minutes=59)
        assert meetings.registration_offer_confirm(registration=second, now=in_time) == ""
        assert status(second) == S.REGISTERED
        assert status(third) == S.WAITING

    def test_an_offer_not_confirmed_in_48_hours_passes_to_the_next(self, people, meeting):
        first = register(meeting, people["member"])
        second = register(meeting, people["member_2"], now=NOW + datetime.timedelta(minutes=1))
        third = register(meeting, people["partner"], now=NOW + datetime.timedelta(minutes=2))
        meetings.registration_cancel(registration=first, now=NOW)
        almost = NOW + datetime.timedelta(hours=47)
        assert meetings.registrations_offers_run(now=almost) == "0 offers lapsed, 0 places offered"
        assert status(second) == S.OFFERED
        too_late = NOW + datetime.timedelta(hours=48)
        assert meetings.registrations_offers_run(now=too_late) == (
            "1 offers lapsed, 1 places offered"
        )
        assert status(second) == S.LAPSED
        assert status(third) == S.OFFERED
        # A late confirmation is refused, and running the job again changes nothing.
        assert "niet meer" in meetings.registration_offer_confirm(registration=second, now=too_late)
        assert status(second) == S.LAPSED
        assert (
            meetings.registrations_offers_run(now=too_late) == "0 offers lapsed, 0 places offered"
        )

    def test_a_raised_capacity_is_offered_by_the_job(self, people, meeting):
        register(meeting, people["member"])
        second = register(meeting, people["member_2"])
        meeting.capacity = 2
        meeting.save()
        assert meetings.registrations_offers_run(now=NOW) == "0 offers lapsed, 1 places offered"
        assert status(second) == S.OFFERED

    def test_an_offer_never_outlasts_the_meetings_start(self, people):
        meeting = make_meeting(
            starts_at=NOW + datetime.timedelta(hours=20),
            registration_deadline=None,
            ends_at=NOW + datetime.timedelta(hours=22),
        )
        first = register(meeting, people["member"])
        second = register(meeting, people["member_2"])
        meetings.registration_cancel(registration=first, now=NOW)
        second.refresh_from_db()
        assert second.offer_expires_at == meeting.starts_at

    def test_no_limit_means_no_waiting_list(self, people):
        meeting = make_meeting(capacity=None)
        assert {register(meeting, people[who]).status for who in ("member", "member_2")} == {
            S.REGISTERED
        }
        assert meeting.places_left() is None


class TestDeadlineAndCancelling:
    def test_the_deadline_closes_registration(self, people, meeting):
        after = meeting.registration_deadline + datetime.timedelta(seconds=1)
        with pytest.raises(meetings.RegistrationRefused, match="afgesloten"):
            register(meeting, people["member"], now=after)
        before = meeting.registration_deadline - datetime.timedelta(seconds=1)
        assert register(meeting, people["member"], now=before).status == S.REGISTERED

    def test_cancelling_is_refused_once_the_meeting_started(self, people, meeting):
        registration = register(meeting, people["member"])
        error = meetings.registration_cancel(registration=registration, now=meeting.starts_at)
        assert "al begonnen" in error
        assert status(registration) == S.REGISTERED

    def test_the_cancel_link_asks_first_then_cancels_once(self, client, people, settings):
        settings.SITE_URL = "http://testserver"
        meeting = future_meeting()
        registration = register(meeting, people["member"], now=None)
        path = meetings.registration_links(registration)["cancel"].removeprefix(settings.SITE_URL)
        page = client.get(path)
        assert "Ja, annuleer mijn inschrijving" in page.content.decode()
        assert status(registration) == S.REGISTERED  # opening the link changes nothing
        done = client.post(path)
        assert "Je inschrijving is geannuleerd" in done.content.decode()
        assert status(registration) == S.CANCELLED
        assert client.post(path).status_code == 410
        assert client.get(path.replace("annuleren", "plaats")).status_code == 410

    def test_a_forged_link_is_refused(self, client, people, meeting):
        register(meeting, people["member"])
        response = client.get("/netwerk/bijeenkomsten/inschrijving/annuleren/abc:def/")
        assert response.status_code == 410
        assert "Deze link werkt niet meer" in response.content.decode()


class TestMails:
    def test_the_confirmation_has_the_online_link_the_cancel_link_and_an_ics(
        self, people, smtp, settings
    ):
        settings.SITE_URL = "https://solidair.example"
        meeting = make_meeting(place="", online_url="https://meet.example/abc,def")
        register(meeting, people["member"], name="An Peeters", dietary_needs="vegetarisch")
        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [[MEMBER]]
        assert message["Subject"] == "Je bent ingeschreven: Wonen na de opvang"
        body = message.get_body(("plain",)).get_content()
        assert "Dag An Peeters," in body
        assert "donderdag 15 oktober 2026, 14:00–17:00" in body
        assert "https://meet.example/abc,def" in body
        assert "Voedingswensen: vegetarisch" in body
        assert set(links_in(message)) == {"annuleren"}
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == "bijeenkomst.ics"
        assert attachment.get_content_type() == "text/calendar"
        # A text/* MIME part travels with CRLF line ends (its canonical form); Python's parser
        # hands it back with LF: put the CRLF back to read it as a calendar file.
        text = attachment.get_payload(decode=True).decode().replace("\n", "\r\n")
        assert "METHOD:PUBLISH\r\n" in text
        [event] = ical.parse_events(text)
        assert ical.parse_utc(event["DTSTART"]) == meeting.starts_at
        assert ical.parse_utc(event["DTEND"]) == meeting.ends_at
        assert event["UID"] == f"bijeenkomst-{meeting.pk}@solidair.example"
        # Only participants get the online link; the comma is escaped.
        assert "https://meet.example/abc\\,def" in event["DESCRIPTION"]
        assert ical.unescape_text(event["SUMMARY"]) == "Wonen na de opvang"
        # And as calendar programs read it (RFC 5545, the icalendar library).
        import icalendar

        [read] = icalendar.Calendar.from_ical(text).walk("VEVENT")
        assert read.decoded("DTSTART") == meeting.starts_at
        assert "https://meet.example/abc,def" in str(read["DESCRIPTION"])

    def test_waiting_offered_and_confirmed_mails(self, people, meeting, smtp, settings):
        settings.SITE_URL = "http://testserver"
        first = register(meeting, people["member"])
        register(meeting, people["member_2"], name="Bram Claes")
        assert outbox_flush() == 2
        waiting = smtp.inbox.messages[1]
        assert waiting["Subject"] == "Je staat op de wachtlijst: Wonen na de opvang"
        assert "online" not in waiting.get_body(("plain",)).get_content().lower().split("waar")[0]
        assert not list(waiting.iter_attachments())

        meetings.registration_cancel(registration=first, now=NOW)
        assert outbox_flush() == 1
        offer = smtp.inbox.messages[2]
        assert smtp.inbox.envelopes[2] == [MEMBER_2]
        assert offer["Subject"] == "Er is een plaats vrij: Wonen na de opvang"
        body = offer.get_body(("plain",)).get_content()
        assert "Bevestig je plaats uiterlijk donderdag 3 september 2026, 09:00" in body
        links = links_in(offer)
        assert set(links) == {"plaats", "annuleren"}

    def test_a_reminder_goes_two_days_before_once(self, people, meeting, smtp):
        register(meeting, people["member"])
        register(meeting, people["partner"])  # waiting: no reminder
        outbox_flush()
        three_days = meeting.starts_at - datetime.timedelta(days=3)
        assert meetings.registrations_remind(now=three_days) == "0 reminders sent"
        two_days = meeting.starts_at - datetime.timedelta(days=2)
        assert meetings.registrations_remind(now=two_days) == "1 reminders sent"
        assert meetings.registrations_remind(now=two_days) == "0 reminders sent"
        assert outbox_flush() == 1
        reminder = smtp.inbox.messages[-1]
        assert smtp.inbox.envelopes[-1] == [MEMBER]
        assert reminder["Subject"] == "Binnenkort: Wonen na de opvang"
        assert [a.get_filename() for a in reminder.iter_attachments()] == ["bijeenkomst.ics"]


class TestProspective:
    def test_an_anonymous_prospective_registrant_confirms_by_mail(
        self, client, people, smtp, settings
    ):
        settings.SITE_URL = "http://testserver"
        meeting = make_meeting(
            open_to_prospective=True,
            starts_at=datetime.datetime(2099, 3, 1, 13, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2099, 3, 1, 16, tzinfo=datetime.UTC),
            registration_deadline=None,
        )
        url = f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/"
        form = client.get(url).content.decode()
        assert 'name="email"' in form and "Kies je gemeente" in form
        data = {
            "email": "Schepen@Zele.be",
            "name": "Sara Schepen",
            "role": "schepen van welzijn",
            "municipality": municipality("Zele").pk,
            "accessibility_needs": "rolstoel",
        }
        response = client.post(url, data)
        assert "Kijk in je mailbox" in response.content.decode()
        registration = Registration.objects.get()
        assert registration.status == S.UNCONFIRMED
        assert meeting.places_left() == 1  # an unconfirmed address holds no place
        assert outbox_flush() == 1
        [message] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [["schepen@zele.be"]]
        confirm = links_in(message)["bevestigen"]
        assert "Bevestig mijn inschrijving" in client.get(confirm).content.decode()
        done = client.post(confirm).content.decode()
        assert "Je bent ingeschreven" in done
        assert status(registration) == S.REGISTERED
        assert outbox_flush() == 1
        assert smtp.inbox.messages[-1]["Subject"].startswith("Je bent ingeschreven")
        # Asking again with the same address changes nothing on screen and adds no row.
        again = client.post(url, data)
        assert "Kijk in je mailbox" in again.content.decode()
        assert Registration.objects.count() == 1

    def test_an_unconfirmed_address_expires(self, people):
        meeting = make_meeting(open_to_prospective=True)
        from django.contrib.auth.models import AnonymousUser

        registration = register(
            meeting, AnonymousUser(), email="x@zele.be", municipality=municipality("Zele")
        )
        late = NOW + datetime.timedelta(hours=49)
        assert "verlopen" in meetings.registration_email_confirm(
            registration=registration, now=late
        )
        assert status(registration) == S.UNCONFIRMED


class TestPages:
    def test_a_member_registers_through_the_form_and_sees_the_online_link(self, client, people):
        meeting = make_meeting(
            place="",
            online_url="https://meet.example/geheim",
            starts_at=datetime.datetime(2099, 3, 1, 13, tzinfo=datetime.UTC),
            ends_at=datetime.datetime(2099, 3, 1, 16, tzinfo=datetime.UTC),
            registration_deadline=None,
        )
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "meet.example/geheim" not in page
        client.force_login(people["member"])
        url = f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/"
        form = client.get(url).content.decode()
        assert 'value="An Peeters"' in form and 'name="email"' not in form
        # An error keeps what was typed.
        error = client.post(url, {"name": "", "dietary_needs": "halal"}).content.decode()
        assert "Kijk je gegevens even na" in error and "halal" in error
        response = client.post(
            url,
            {
                "name": "An Peeters",
                "role": "OCMW",
                "municipality": municipality("Merelbeke-Melle").pk,
            },
            follow=True,
        )
        body = response.content.decode()
        assert "Je bent ingeschreven." in body
        assert "https://meet.example/geheim" in body
        assert "Annuleer mijn inschrijving" in body
        assert response["Cache-Control"].startswith("max-age=0")
        client.logout()
        assert "meet.example/geheim" not in client.get(meeting.get_absolute_url()).content.decode()

    def test_the_form_shows_a_partners_organisation(self, client, people, meeting):
        meeting.registration_deadline = None
        meeting.starts_at = datetime.datetime(2099, 3, 1, 13, tzinfo=datetime.UTC)
        meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=2)
        meeting.save()
        client.force_login(people["partner"])
        form = client.get(f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/").content.decode()
        assert "Je schrijft je in voor Vluchtelingenwerk Vlaanderen." in form
        assert 'name="municipality"' not in form

    def test_the_closed_page_says_why(self, client, people):
        start = datetime.datetime(2099, 3, 1, 13, tzinfo=datetime.UTC)
        meeting = make_meeting(
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            registration_deadline=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC),
        )
        client.force_login(people["member"])
        body = client.get(f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/").content.decode()
        assert "De inschrijvingen zijn afgesloten." in body
        assert 'name="name"' not in body
        page = client.get(meeting.get_absolute_url()).content.decode()
        assert "De inschrijvingen zijn afgesloten." in page and "Schrijf je in" not in page


class TestParticipantList:
    def test_the_csv_export_lists_participants_in_order(self, coordinator_client, people, meeting):
        register(meeting, people["member"], name="An Peeters", role="OCMW", dietary_needs="veggie")
        register(meeting, people["partner"], name="=Els", now=NOW + datetime.timedelta(minutes=1))
        register(meeting, people["member_2"], name="Bram", now=NOW + datetime.timedelta(minutes=2))
        response = coordinator_client.post(
            "/beheer/network/meeting/",
            {"action": "export_participants", "_selected_action": [meeting.pk]},
        )
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = response.content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][:6] == [
            "naam",
            "e-mailadres",
            "functie",
            "gemeente of organisatie",
            "als",
            "status",
        ]
        assert [row[0] for row in rows[1:]] == ["An Peeters", "'=Els", "Bram"]
        assert rows[1][1:4] == [MEMBER, "OCMW", "Merelbeke-Melle"]
        assert rows[1][5] == "ingeschreven" and rows[1][6] == "veggie"
        assert rows[2][3] == "Vluchtelingenwerk Vlaanderen" and rows[2][5] == "op de wachtlijst"
        assert rows[2][1] == PARTNER

    def test_the_admin_lists_participants_and_cancels_into_the_waiting_list(
        self, coordinator_client, people
    ):
        meeting = future_meeting()
        first = register(meeting, people["member"], name="An Peeters")
        second = register(meeting, people["member_2"], name="Bram Claes")
        listing = coordinator_client.get("/beheer/network/meeting/").content.decode()
        assert "1 ingeschreven, 1 wachtend" in listing
        response = coordinator_client.post(
            "/beheer/network/registration/?status__exact=registered",
            {"action": "cancel_registrations", "_selected_action": [first.pk]},
            follow=True,
        )
        assert "1 inschrijving geannuleerd." in response.content.decode()
        assert status(first) == S.CANCELLED
        assert status(second) == S.OFFERED
        response = coordinator_client.post(
            "/beheer/network/registration/",
            {"action": "cancel_registrations", "_selected_action": [first.pk, second.pk]},
            follow=True,
        )
        page = response.content.decode()
        assert "1 inschrijving geannuleerd." in page
        assert "1 inschrijving niet geannuleerd: ze was al geannuleerd" in page


def test_the_jobs_run_from_the_worker(people, meeting, tmp_path):
    from solidair.operations.periodic import periodic_run

    register(meeting, people["member"])
    due = meeting.starts_at - datetime.timedelta(days=1)
    results = periodic_run(now=due, lockfile=str(tmp_path / "lock"))
    assert results["meeting_reminders"] == "1 reminders sent"
    assert results["meeting_offers"] == "0 offers lapsed, 0 places offered"


def test_registering_is_rate_limited_per_address(client, people):
    meeting = future_meeting(open_to_prospective=True)
    url = f"/netwerk/bijeenkomsten/{meeting.pk}/inschrijven/"
    data = {"email": "x@zele.be", "name": "X", "municipality": municipality("Zele").pk}
    for _ in range(5):
        assert "Kijk in je mailbox" in client.post(url, data).content.decode()
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Even geduld" in response.content.decode()


def test_a_new_time_is_mailed_to_participants_with_the_new_ics(coordinator_client, people, smtp):
    from tests.network.helpers import inline_management

    meeting = future_meeting()
    register(meeting, people["member"], now=None)
    waiting = register(meeting, people["member_2"], now=None)
    outbox_flush()
    data = {
        "title": meeting.title,
        "published": "on",
        "starts_at_0": "01/03/2099",
        "starts_at_1": "10:00:00",
        "ends_at_0": "01/03/2099",
        "ends_at_1": "12:00:00",
        "place": meeting.place,
        "capacity": "2",
        **inline_management(),
    }
    response = coordinator_client.post(f"/beheer/network/meeting/{meeting.pk}/change/", data)
    assert response.status_code == 302
    # The raised capacity went to the waiting list at once.
    assert status(waiting) == S.OFFERED
    assert outbox_flush() == 2
    recipients = [envelope[0] for envelope in smtp.inbox.envelopes[2:]]
    by_recipient = dict(zip(recipients, smtp.inbox.messages[2:], strict=True))
    changed = by_recipient[MEMBER]
    assert changed["Subject"] == "Gewijzigd: Wonen na de opvang"
    assert "zondag 1 maart 2099, 10:00–12:00" in changed.get_body(("plain",)).get_content()
    [attachment] = changed.iter_attachments()
    [event] = ical.parse_events(attachment.get_payload(decode=True).decode().replace("\n", "\r\n"))
    assert event["SEQUENCE"] == "1"
    assert event["DTSTART"] == "20990301T090000Z"
    assert by_recipient[MEMBER_2]["Subject"] == "Er is een plaats vrij: Wonen na de opvang"
