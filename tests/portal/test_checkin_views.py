"""The portal's check-in page: each case with its owner, an outsider (a contact of Gent) and
anonymous."""

import datetime

import pytest
from django.utils import timezone

from solidair.membership.checkins import checkins_flag, checkins_open
from solidair.membership.models import CheckIn, MembershipStatus
from tests.factories import activity

pytestmark = pytest.mark.django_db

URL = "/portaal/merelbeke-melle/bevestigen/"


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.RATELIMIT_ENABLE = False


@pytest.fixture
def membership(network):
    return network.memberships.get()


@pytest.fixture
def asked(membership):
    """The yearly question of today, sent (the member joined on this day two years ago)."""
    today = timezone.localdate()
    membership.member_since = today.replace(year=today.year - 2, day=min(today.day, 28))
    membership.save()
    checkins_open(now=timezone.now().replace(day=min(today.day, 28)))
    return CheckIn.objects.get()


@pytest.fixture
def legacy(membership):
    membership.commitments_to_confirm = True
    membership.member_since = None
    membership.save()
    return membership


class TestYearly:
    def test_it_shows_the_commitments_and_one_button(self, member_client, asked):
        response = member_client.get(URL)
        body = response.content.decode()
        assert response.status_code == 200
        assert "Bevestig de gegevens van Merelbeke-Melle" in body
        assert "op de verjaardag van het lidmaatschap" in body
        assert "<h3>Opvangplaatsen</h3>" in body
        assert "beslist" in body
        assert '<button type="submit" name="bevestigen" value="1">Alles klopt nog</button>' in body
        assert 'href="/portaal/merelbeke-melle/"' in body  # where to change something
        assert "nog niet bevestigd" in body
        assert "private" in response["Cache-Control"]

    def test_one_click_confirms(self, member_client, member_contact, asked, membership):
        response = member_client.post(URL, {"bevestigen": "1"})
        assert response.status_code == 302
        assert response.url == URL
        membership.refresh_from_db()
        assert membership.last_confirmed_on == timezone.localdate()
        asked.refresh_from_db()
        assert asked.answered_by == member_contact
        assert asked.answered_at is not None
        body = member_client.get(URL).content.decode()
        assert "Bedankt! De gegevens van Merelbeke-Melle zijn bevestigd" in body
        assert "Gevraagd op" not in body
        # Who changed the membership is in its history.
        assert membership.history.first().history_user == member_contact

    def test_without_a_question_a_contact_may_confirm_too(self, member_client, membership):
        assert member_client.post(URL).status_code == 302
        membership.refresh_from_db()
        assert membership.last_confirmed_on == timezone.localdate()

    def test_the_portal_home_points_to_the_question(self, member_client, asked):
        body = member_client.get("/portaal/").content.decode()
        assert f'<a href="{URL}">Bevestig de gegevens van Merelbeke-Melle</a>' in body
        member_client.post(URL)
        assert URL not in member_client.get("/portaal/").content.decode()

    def test_the_municipality_page_links_both_pages(self, member_client, asked):
        body = member_client.get("/portaal/merelbeke-melle/").content.decode()
        assert "Het netwerk vroeg op" in body
        assert f'href="{URL}"' in body
        assert 'href="/portaal/merelbeke-melle/opvang/"' in body

    def test_a_flagged_member_is_told_so(self, member_client, asked):
        checkins_flag(now=asked.sent_at + datetime.timedelta(days=95))
        assert "staat op jullie publieke pagina dat het lidmaatschap niet bevestigd is" in (
            member_client.get(URL).content.decode()
        )

    def test_a_suspended_member_cannot_confirm(self, member_client, membership):
        membership.status = MembershipStatus.SUSPENDED
        membership.save()
        body = member_client.get(URL).content.decode()
        assert "Het lidmaatschap van jullie gemeente is geschorst" in body
        assert "Alles klopt nog" not in body
        assert member_client.post(URL).status_code == 200
        membership.refresh_from_db()
        assert membership.last_confirmed_on is None

    def test_it_checks_the_outsider(self, outsider_client, asked, membership):
        assert outsider_client.get(URL).status_code == 404
        assert outsider_client.post(URL).status_code == 404
        membership.refresh_from_db()
        assert membership.last_confirmed_on is None
        assert outsider_client.get("/portaal/gent/bevestigen/").status_code == 200

    def test_it_sends_anonymous_to_sign_in(self, client, asked, membership):
        for response in (client.get(URL), client.post(URL)):
            assert response.status_code == 302
            assert response.url == "/portaal/aanmelden/"
        membership.refresh_from_db()
        assert membership.last_confirmed_on is None

    def test_it_rate_limits_posts(self, member_client, settings):
        settings.RATELIMIT_ENABLE = True
        for _ in range(30):
            assert member_client.post(URL).status_code == 302
        response = member_client.post(URL)
        assert response.status_code == 429
        assert "te veel wijzigingen" in response.content.decode()


class TestLegacy:
    def test_it_offers_the_commitments_to_choose(self, member_client, legacy):
        body = member_client.get(URL).content.decode()
        assert "<legend>Onze engagementen</legend>" in body
        assert 'type="checkbox" name="activities" value="reception"' in body
        assert 'value="reception" id="id_activities_0" checked' in body  # already known
        assert "Alles klopt nog" not in body

    def test_too_few_is_refused_and_nothing_is_lost(self, member_client, legacy):
        response = member_client.post(
            URL,
            {"activities": ["reception", "other"], "other_title": "Taalcafé", "member_since": ""},
        )
        body = response.content.decode()
        assert response.status_code == 200
        assert "<title>Fout:" in body
        assert 'role="alert"' in body
        assert "Geef de datum waarop jullie gemeente toetrad." in body
        assert 'value="Taalcafé"' in body
        assert 'value="other" id="id_activities_9" aria-invalid="true" checked' in body

        response = member_client.post(
            URL,
            {"activities": ["reception", "other"], "other_title": "", "member_since": "2018-05-03"},
        )
        body = response.content.decode()
        assert "Kies minstens 3 engagementen." in body
        assert "Geef een titel voor de andere activiteit." in body
        assert 'href="#id_activities"' in body  # the summary links to the group
        assert '<fieldset id="id_activities"' in body
        legacy.refresh_from_db()
        assert legacy.commitments_to_confirm is True

    def test_choosing_three_confirms(self, member_client, legacy):
        response = member_client.post(
            URL,
            {
                "activities": ["reception", "housing", "volunteering"],
                "member_since": "03/05/2018",
            },
        )
        assert response.status_code == 302
        legacy.refresh_from_db()
        assert legacy.commitments_to_confirm is False
        assert legacy.member_since == datetime.date(2018, 5, 3)
        assert legacy.last_confirmed_on == timezone.localdate()
        assert set(legacy.commitments.values_list("activity__code", flat=True)) == {
            "reception",
            "housing",
            "volunteering",
        }
        # The network commitment, not chosen, is gone (and kept in its history).
        assert legacy.commitments.filter(activity=activity("network")).count() == 0
        body = member_client.get(URL).content.decode()
        assert "Alles klopt nog" in body
        assert "3 mei 2018" in body

    def test_it_checks_the_outsider(self, outsider_client, legacy):
        response = outsider_client.post(
            URL, {"activities": ["reception", "housing", "network"], "member_since": "2018-05-03"}
        )
        assert response.status_code == 404
        legacy.refresh_from_db()
        assert legacy.commitments_to_confirm is True
