"""Check-ins on a controllable clock: the jobs are called with an explicit ``now``, and the
mails they queue are delivered to a real SMTP server (tests/lib/smtp.py)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError

from solidair.letters.composing.services import members_sentence
from solidair.membership.checkins import (
    anniversary_in,
    checkin_commitments_confirm,
    checkin_confirm,
    checkins_flag,
    checkins_open,
    checkins_remind,
    membership_suspend,
    months_after,
    yearly_due_on,
)
from solidair.membership.models import (
    CheckIn,
    CheckInKind,
    Membership,
    MembershipStatus,
    Rung,
)
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run
from solidair.pages.selectors import network_counts
from tests.factories import (
    ContactPersonFactory,
    MembershipFactory,
    activity,
    make_member,
    municipality,
)

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
GENT_CONTACTS = ["ocmw@stad.gent", "welzijn@stad.gent"]


def at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=BRUSSELS)


def run_all(now: datetime.datetime) -> None:
    checkins_open(now=now)
    checkins_remind(now=now)
    checkins_flag(now=now)


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


@pytest.fixture(autouse=True)
def _elections_far_away(settings):
    """The yearly tests do not meet the elections check-in; its own tests set the date."""
    settings.MUNICIPAL_ELECTIONS_DATE = datetime.date(2030, 10, 13)
    settings.ELECTIONS_CHECKIN_MONTHS = 3
    settings.SITE_URL = "https://solidairegemeenten.be"


@pytest.fixture
def gent(db) -> Membership:
    """A member since 1 March 2024 with a public and a private contact."""
    membership = make_member("Gent", ("reception", "housing", "network"))
    ContactPersonFactory(municipality=membership.municipality, email="welzijn@stad.gent")
    ContactPersonFactory(
        municipality=membership.municipality, email="ocmw@stad.gent", is_public=False
    )
    return membership


@pytest.fixture
def contact() -> User:
    return User.objects.create(username="welzijn@stad.gent", email="welzijn@stad.gent")


class TestDates:
    @pytest.mark.parametrize(
        ("base", "year", "expected"),
        [
            (datetime.date(2024, 3, 1), 2026, datetime.date(2026, 3, 1)),
            (datetime.date(2024, 2, 29), 2025, datetime.date(2025, 2, 28)),
            (datetime.date(2024, 2, 29), 2028, datetime.date(2028, 2, 29)),
        ],
    )
    def test_anniversary_in(self, base, year, expected):
        assert anniversary_in(base, year) == expected

    def test_months_after_keeps_to_the_month(self):
        assert months_after(datetime.date(2026, 3, 1), 3) == datetime.date(2026, 6, 1)
        assert months_after(datetime.date(2026, 11, 30), 3) == datetime.date(2027, 2, 28)
        assert months_after(datetime.date(2030, 10, 13), 3) == datetime.date(2031, 1, 13)

    @pytest.mark.parametrize(
        ("since", "today", "expected"),
        [
            ("2024-03-01", "2024-12-31", None),  # less than a year
            ("2024-03-01", "2025-02-28", None),
            ("2024-03-01", "2025-03-01", "2025-03-01"),
            ("2024-03-01", "2026-02-28", "2025-03-01"),
            ("2024-02-29", "2025-02-27", None),
            ("2024-02-29", "2025-02-28", "2025-02-28"),
            ("2024-02-29", "2028-02-28", "2027-02-28"),
            ("2024-02-29", "2028-02-29", "2028-02-29"),
        ],
    )
    def test_yearly_due_on(self, since, today, expected):
        membership = Membership(member_since=datetime.date.fromisoformat(since))
        expected = datetime.date.fromisoformat(expected) if expected else None
        assert yearly_due_on(membership, datetime.date.fromisoformat(today)) == expected


class TestYearly:
    def test_the_contacts_are_asked_on_the_anniversary(self, gent, smtp):
        assert checkins_open(now=at(2026, 2, 28)) == ""
        assert not CheckIn.objects.exists()

        summary = checkins_open(now=at(2026, 3, 1))
        assert summary == "1 check-ins opened (yearly 1); 2 mails queued"
        checkin = CheckIn.objects.get()
        assert (checkin.kind, checkin.due_on) == (CheckInKind.YEARLY, datetime.date(2026, 3, 1))
        assert checkin.sent_at == at(2026, 3, 1)
        assert checkin.mails_sent == 2
        assert checkin.history.count() == 2  # created, then the count of mails

        assert outbox_flush() == 2
        assert sorted(e[0] for e in smtp.inbox.envelopes) == GENT_CONTACTS
        message = smtp.inbox.messages[0]
        assert message["Subject"] == "Gent: klopt jullie pagina bij Solidaire Gemeenten nog?"
        text = body(message)
        assert "op de verjaardag van het lidmaatschap" in text
        assert "- Opvangplaatsen: beslist" in text
        assert "https://solidairegemeenten.be/portaal/gent/bevestigen/" in text
        assert "https://solidairegemeenten.be/portaal/aanmelden/" in text
        assert "vóór 1 juni 2026" in text

    def test_running_twice_sends_nothing_twice(self, gent, smtp):
        for now in (at(2026, 3, 1), at(2026, 3, 1, 10), at(2026, 3, 2), at(2026, 3, 10)):
            run_all(now)
        assert CheckIn.objects.count() == 1
        assert outbox_flush() == 2
        run_all(at(2026, 3, 2))
        assert outbox_flush() == 0

    def test_a_member_of_less_than_a_year_is_not_asked(self, gent):
        gent.member_since = datetime.date(2025, 6, 10)
        gent.save()
        assert checkins_open(now=at(2026, 3, 1)) == ""
        assert checkins_open(now=at(2026, 6, 9)) == ""
        assert checkins_open(now=at(2026, 6, 10)).startswith("1 check-ins opened")

    def test_29_february_falls_on_28_february(self, gent, contact):
        gent.member_since = datetime.date(2024, 2, 29)
        gent.save()
        assert checkins_open(now=at(2025, 2, 27)) == ""
        checkins_open(now=at(2025, 2, 28))
        assert CheckIn.objects.get().due_on == datetime.date(2025, 2, 28)
        checkin_confirm(membership=gent, by=contact, now=at(2025, 3, 3))
        checkins_open(now=at(2028, 2, 28))  # 2027's was missed long ago: not asked now
        assert checkins_open(now=at(2028, 2, 29)).startswith("1 check-ins opened")
        assert CheckIn.objects.latest("sent_at").due_on == datetime.date(2028, 2, 29)

    def test_a_missed_day_is_caught_up_but_not_an_old_anniversary(self, gent):
        # The worker was stopped for three weeks: the question still goes.
        assert checkins_open(now=at(2026, 3, 22)).startswith("1 check-ins opened")
        assert CheckIn.objects.get().due_on == datetime.date(2026, 3, 1)
        # A member whose anniversary is two months past (e.g. at the first deployment): not now.
        make_member("Leuven", since=datetime.date(2024, 1, 20))
        assert checkins_open(now=at(2026, 3, 22)) == ""

    def test_a_member_that_confirmed_recently_is_not_asked(self, gent):
        gent.last_confirmed_on = datetime.date(2026, 1, 15)
        gent.save()
        assert checkins_open(now=at(2026, 3, 1)) == ""
        gent.last_confirmed_on = datetime.date(2025, 11, 15)
        gent.save()
        assert checkins_open(now=at(2026, 3, 1)) != ""

    def test_only_active_members_are_asked(self, gent):
        for status in (MembershipStatus.SUSPENDED, MembershipStatus.APPLIED):
            gent.status = status
            gent.save()
            assert checkins_open(now=at(2026, 3, 1)) == ""
        assert not CheckIn.objects.exists()

    def test_a_member_without_contacts_is_asked_without_mail(self, gent, smtp):
        gent.municipality.contacts.all().delete()
        assert checkins_open(now=at(2026, 3, 1)) == (
            "1 check-ins opened (yearly 1); 0 mails queued"
        )
        assert CheckIn.objects.get().mails_sent == 0
        assert outbox_flush() == 0

    def test_the_jobs_are_registered(self, gent, settings, tmp_path):
        results = periodic_run(now=at(2026, 3, 1), lockfile=str(tmp_path / "lock"))
        assert results["checkins_open"] == "1 check-ins opened (yearly 1); 2 mails queued"
        assert {"checkins_remind", "checkins_flag"} <= set(results)


class TestReminders:
    def test_after_two_and_four_weeks(self, gent, smtp):
        checkins_open(now=at(2026, 3, 1))
        assert outbox_flush() == 2
        assert checkins_remind(now=at(2026, 3, 14, 23)) == ""
        assert checkins_remind(now=at(2026, 3, 15)) == "1 reminders; 2 mails queued"
        assert checkins_remind(now=at(2026, 3, 15, 12)) == ""
        assert outbox_flush() == 2
        reminder = smtp.inbox.messages[-1]
        assert reminder["Subject"] == (
            "Herinnering: Gent: klopt jullie pagina bij Solidaire Gemeenten nog?"
        )
        assert "We stuurden je eerder deze vraag" in body(reminder)

        assert checkins_remind(now=at(2026, 3, 28)) == ""
        assert checkins_remind(now=at(2026, 3, 29)) == "1 reminders; 2 mails queued"
        assert checkins_remind(now=at(2026, 5, 1)) == ""
        assert outbox_flush() == 2
        checkin = CheckIn.objects.get()
        assert checkin.first_reminder_at == at(2026, 3, 15)
        assert checkin.second_reminder_at == at(2026, 3, 29)
        assert checkin.mails_sent == 6

    def test_a_paused_worker_keeps_the_reminders_apart(self, gent):
        checkins_open(now=at(2026, 3, 1))
        # Five weeks later both reminders are due: the first goes now, the second two weeks on.
        assert checkins_remind(now=at(2026, 4, 5)) == "1 reminders; 2 mails queued"
        assert checkins_remind(now=at(2026, 4, 18)) == ""
        assert checkins_remind(now=at(2026, 4, 19)) == "1 reminders; 2 mails queued"

    def test_an_answered_question_is_not_reminded_nor_flagged(self, gent, contact):
        checkins_open(now=at(2026, 3, 1))
        checkin_confirm(membership=gent, by=contact, now=at(2026, 3, 10))
        assert checkins_remind(now=at(2026, 3, 15)) == ""
        assert checkins_flag(now=at(2026, 7, 1)) == ""
        checkin = CheckIn.objects.get()
        assert checkin.answered_at == at(2026, 3, 10)
        assert checkin.answered_by == contact
        gent.refresh_from_db()
        assert gent.last_confirmed_on == datetime.date(2026, 3, 10)


class TestFlagAndSuspend:
    @pytest.fixture
    def flagged(self, gent, smtp, settings):
        settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
        checkins_open(now=at(2026, 3, 1))
        checkins_remind(now=at(2026, 3, 15))
        checkins_remind(now=at(2026, 3, 29))
        assert checkins_flag(now=at(2026, 5, 31, 23)) == ""
        assert checkins_flag(now=at(2026, 6, 1)) == "1 members flagged as not confirmed"
        assert checkins_flag(now=at(2026, 6, 2)) == ""
        return gent

    def test_after_three_months_the_member_is_flagged(self, flagged, smtp, client, settings):
        settings.DIRECTORY_PAGE_SIZE = 300
        assert CheckIn.objects.get().flagged_at == at(2026, 6, 1)
        assert list(Membership.objects.unconfirmed()) == [flagged]
        assert outbox_flush() == 7  # question, two reminders, one mail to the coordinators
        coordinators = smtp.inbox.messages[-1]
        assert smtp.inbox.envelopes[-1] == ["coordinatie@example.be"]
        assert coordinators["Subject"] == "Solidaire Gemeenten: 1 lid niet bevestigd"
        assert "- Gent (jaarlijks, gevraagd op 1 maart 2026)" in body(coordinators)
        assert "/beheer/membership/membership/?bevestiging=niet_bevestigd" in body(coordinators)

        page = client.get("/gemeenten/gent/").content.decode()
        assert "niet bevestigd" in page
        assert "niet binnen drie maanden (sinds 1 juni 2026)" in page
        directory = client.get("/gemeenten/").content.decode()
        assert '<p class="badge badge--suspended">niet bevestigd</p>' in directory
        everyone = client.get("/gemeenten/?alle=on").content.decode()
        assert "lid, niet bevestigd" in everyone

    def test_the_coordinators_list_it(self, flagged, admin_client):
        response = admin_client.get("/beheer/membership/membership/?bevestiging=niet_bevestigd")
        listing = response.content.decode()
        assert "Gent" in listing
        assert "1 juni 2026" in listing
        make_member("Leuven")
        listing = admin_client.get(
            "/beheer/membership/membership/?bevestiging=niet_bevestigd"
        ).content.decode()
        assert "Leuven" not in listing

    def test_suspension_removes_the_member_everywhere(self, flagged, admin_client, client):
        leuven = make_member("Leuven")
        assert network_counts()["members"] == 2
        assert "Gent" in members_sentence(excluding=municipality("Hove"))

        response = admin_client.post(
            "/beheer/membership/membership/",
            {
                "action": "suspend_unconfirmed",
                "_selected_action": [flagged.pk, leuven.pk],
            },
            follow=True,
        )
        page = response.content.decode()
        assert "1 lid geschorst." in page
        assert "1 lid niet geschorst" in page
        flagged.refresh_from_db()
        leuven.refresh_from_db()
        assert flagged.status == MembershipStatus.SUSPENDED
        assert leuven.status == MembershipStatus.MEMBER
        assert flagged.history.first().history_user.username == "admin"

        assert network_counts()["members"] == 1
        assert members_sentence(excluding=municipality("Hove")) == (
            "Leuven trad al toe tot het netwerk van Solidaire Steden en Gemeenten."
        )
        detail = client.get("/gemeenten/gent/").content.decode()
        assert "Het lidmaatschap is geschorst" in detail
        assert "is (nog) geen Solidaire" in detail
        assert "/gemeenten/gent/" not in client.get("/gemeenten/").content.decode()
        # A suspended member is neither reminded nor flagged again, nor asked anew.
        run_all(at(2027, 3, 1))
        assert flagged.checkins.count() == 1

    def test_suspending_from_the_list_of_members_counts_right(self, flagged, admin_client):
        """The list filtered on the status the action changes: the count is of the selection
        as it was, never "-1"."""
        response = admin_client.post(
            "/beheer/membership/membership/?status__exact=member",
            {"action": "suspend_unconfirmed", "_selected_action": [flagged.pk]},
            follow=True,
        )
        page = response.content.decode()
        assert "1 lid geschorst." in page
        assert "niet geschorst" not in page

    def test_only_a_flagged_member_is_suspended_by_the_service(self, gent):
        assert membership_suspend(membership=gent) is False
        gent.refresh_from_db()
        assert gent.status == MembershipStatus.MEMBER

    def test_a_late_answer_clears_the_flag(self, flagged, client):
        user = User.objects.create(username="welzijn@stad.gent", email="welzijn@stad.gent")
        checkin_confirm(membership=flagged, by=user, now=at(2026, 6, 10))
        assert not Membership.objects.unconfirmed().exists()
        page = client.get("/gemeenten/gent/").content.decode()
        assert "niet bevestigd" not in page
        assert "10 juni 2026" in page  # laatst bevestigd op


class TestElections:
    def test_every_member_of_before_the_elections_is_asked_to_reconfirm(
        self,
        gent,
        smtp,
        contact,
    ):
        newcomer = make_member("Leuven", since=datetime.date(2030, 11, 20))
        ContactPersonFactory(municipality=newcomer.municipality, email="leuven@example.be")
        gent.last_confirmed_on = datetime.date(2030, 12, 1)  # by the old council
        gent.save()
        assert checkins_open(now=at(2031, 1, 12)) == ""
        assert checkins_open(now=at(2031, 1, 13)) == (
            "1 check-ins opened (elections 1); 2 mails queued"
        )
        checkin = CheckIn.objects.get()
        assert (checkin.membership, checkin.kind) == (gent, CheckInKind.ELECTIONS)
        assert checkin.due_on == datetime.date(2031, 1, 13)

        assert outbox_flush() == 2
        message = smtp.inbox.messages[0]
        assert message["Subject"] == (
            "Gent: bevestigt het nieuwe bestuur het lidmaatschap van Solidaire Gemeenten?"
        )
        assert "Na de gemeenteraadsverkiezingen van 13 oktober 2030" in body(message)
        assert "nieuw bestuur in Gent" in body(message)

        # Answered in January: the yearly question of 1 March is not asked as well.
        checkin_confirm(membership=gent, by=contact, now=at(2031, 1, 20))
        assert checkins_open(now=at(2031, 3, 1)) == ""
        assert checkins_open(now=at(2032, 3, 1)).endswith("(yearly 1); 2 mails queued")

    def test_the_date_is_configurable(self, gent, settings):
        settings.MUNICIPAL_ELECTIONS_DATE = datetime.date(2026, 1, 5)
        settings.ELECTIONS_CHECKIN_MONTHS = 1
        assert checkins_open(now=at(2026, 2, 5)) == (
            "1 check-ins opened (elections 1); 2 mails queued"
        )
        # Its question is open: the anniversary does not ask a second one.
        assert checkins_open(now=at(2026, 3, 1)) == ""


class TestLegacy:
    @pytest.fixture
    def legacy(self, db):
        membership = MembershipFactory(
            municipality=municipality("Hove"), member_since=None, commitments_to_confirm=True
        )
        membership.commitments.create(activity=activity("reception"), rung=Rung.VISIBLE)
        membership.commitments.create(activity=activity("volunteering"), rung=Rung.VISIBLE)
        ContactPersonFactory(municipality=membership.municipality, email="ocmw@hove.be")
        return membership

    @pytest.fixture
    def user(self):
        return User.objects.create(username="ocmw@hove.be", email="ocmw@hove.be")

    def test_an_imported_member_is_invited_once(self, legacy, smtp):
        assert checkins_open(now=at(2026, 12, 1)) == (
            "1 check-ins opened (legacy 1); 1 mails queued"
        )
        assert checkins_open(now=at(2026, 12, 2)) == ""
        assert outbox_flush() == 1
        message = smtp.inbox.messages[0]
        assert smtp.inbox.envelopes == [["ocmw@hove.be"]]
        assert message["Subject"] == (
            "Hove: welke engagementen koos jullie gemeente bij Solidaire Gemeenten?"
        )
        assert "Kies in enkele klikken de engagementen (minstens drie)" in body(message)
        assert "/portaal/hove/bevestigen/" in body(message)
        # The same follow-up as every question.
        assert checkins_remind(now=at(2026, 12, 15)) == "1 reminders; 1 mails queued"

    def test_the_page_says_to_be_confirmed_until_it_is(self, legacy, user, client):
        checkins_open(now=at(2026, 12, 1))
        page = client.get("/gemeenten/hove/").content.decode()
        assert "De engagementen moeten nog bevestigd worden" in page

        checkin_commitments_confirm(
            membership=legacy,
            activities=[activity("reception"), activity("housing"), activity("other")],
            other_title="Taalcafé",
            member_since=datetime.date(2018, 5, 3),
            by=user,
            now=at(2026, 12, 3),
        )
        legacy.refresh_from_db()
        assert legacy.commitments_to_confirm is False
        assert legacy.member_since == datetime.date(2018, 5, 3)
        assert legacy.last_confirmed_on == datetime.date(2026, 12, 3)
        assert sorted(c.display_title for c in legacy.commitments.all()) == [
            "Huisvesting",
            "Opvangplaatsen",
            "Taalcafé",
        ]
        # What the member had claimed stays claimed: confirming the list is not evidence.
        assert legacy.commitments.get(activity__code="reception").rung == Rung.VISIBLE
        new = legacy.commitments.get(activity__code="housing").rungs.get()
        assert (new.rung, new.date) == (Rung.DECIDED, legacy.member_since)
        checkin = CheckIn.objects.get()
        assert (checkin.answered_by, checkin.answered_at) == (user, at(2026, 12, 3))

        page = client.get("/gemeenten/hove/").content.decode()
        assert "moeten nog bevestigd worden" not in page
        assert "Taalcafé" in page
        assert "3 december 2026" in page
        # The yearly round follows the anniversary from now on, not straight away.
        assert checkins_open(now=at(2027, 5, 3)) != ""
        assert CheckIn.objects.latest("sent_at").kind == CheckInKind.YEARLY

    @pytest.mark.parametrize(
        ("codes", "title", "since", "field"),
        [
            (["reception", "housing"], "", "2018-05-03", "activities"),
            (["reception", "housing", "other"], "  ", "2018-05-03", "other_title"),
            (["reception", "housing", "network"], "", "2099-01-01", "member_since"),
            (["reception", "housing", "network"], "", "1999-12-31", "member_since"),
        ],
    )
    def test_it_refuses_what_breaks_the_rules(self, legacy, user, codes, title, since, field):
        with pytest.raises(ValidationError) as refused:
            checkin_commitments_confirm(
                membership=legacy,
                activities=[activity(code) for code in codes],
                other_title=title,
                member_since=datetime.date.fromisoformat(since),
                by=user,
                now=at(2026, 12, 3),
            )
        assert field in refused.value.message_dict
        legacy.refresh_from_db()
        assert legacy.commitments_to_confirm is True
        assert legacy.commitments.count() == 2

    def test_a_legacy_member_cannot_skip_the_choice(self, legacy, user):
        with pytest.raises(ValidationError, match="Kies eerst"):
            checkin_confirm(membership=legacy, by=user)


class TestBackOffice:
    def test_the_open_questions_and_their_mails_are_listed(self, gent, admin_client):
        make_member("Leuven", since=datetime.date(2025, 6, 1))
        checkins_open(now=at(2026, 3, 1))
        members = admin_client.get(
            "/beheer/membership/membership/?bevestiging=gevraagd"
        ).content.decode()
        assert ">Gent</a>" in members
        assert "Leuven" not in members

        checkins = admin_client.get("/beheer/membership/checkin/?toestand=open").content.decode()
        assert "Gent" in checkins
        assert "jaarlijks" in checkins
        assert admin_client.get("/beheer/membership/checkin/?toestand=beantwoord").status_code == (
            200
        )
        assert (
            "Gent"
            not in admin_client.get("/beheer/membership/checkin/?toestand=niet_bevestigd")
            .content.decode()
            .split("<table", 1)[-1]
        )
        # Written by the jobs and the portal only.
        checkin = CheckIn.objects.get()
        page = admin_client.get(f"/beheer/membership/checkin/{checkin.pk}/change/")
        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert admin_client.get("/beheer/membership/checkin/add/").status_code == 403
