"""Who can help: members that realised what another has not, nearest first; introductions."""

import datetime

import pytest
from django.urls import reverse
from post_office.models import Email

from solidair.applications.models import Application, ApplicationCommitment, ApplicationStatus
from solidair.membership.models import CommitmentState, Rung
from solidair.network.models import Introduction
from solidair.network.peers import (
    HELPERS_SHOWN,
    INTRODUCTION_REPEAT_DAYS,
    IntroductionRefused,
    activities_to_learn,
    introduction_request,
    introductions_for_meeting,
    neighbours_in_network,
    peers_who_can_help,
)
from tests.factories import (
    ContactPersonFactory,
    InitiativeFactory,
    activity,
    make_member,
    municipality,
)
from tests.helpers import MEMBER, MEMBER_CONTACT, MEMBER_SLUG, html
from tests.network.helpers import make_meeting

pytestmark = pytest.mark.django_db

PORTAL = f"/portaal/{MEMBER_SLUG}/"
ASK = f"/portaal/{MEMBER_SLUG}/kennismaking/"
# Merelbeke-Melle's neighbours include Oosterzele (5.5 km) and Gent (10.6 km); Sint-Lievens-
# Houtem (10.0 km) is nearer than Gent but shares no border; Brugge (48 km), Antwerpen (53 km).
HELPERS_IN_ORDER = ["Oosterzele", "Gent", "Sint-Lievens-Houtem", "Brugge", "Antwerpen"]


def realised(name: str, codes=("housing",)):
    membership = make_member(name, codes)
    membership.commitments.update(rung=Rung.IN_PROGRESS)
    return membership


@pytest.fixture
def helpers(member):
    for name in reversed(HELPERS_IN_ORDER):
        realised(name)
    ContactPersonFactory(
        municipality=municipality("Oosterzele"), name="Olga Oost", email="olga@oosterzele.be"
    )
    ContactPersonFactory(
        municipality=municipality("Oosterzele"), email="verborgen@oosterzele.be", is_public=False
    )
    InitiativeFactory(
        municipality=municipality("Oosterzele"),
        title="Woonbegeleiding na de opvang",
        themes=[activity("housing")],
    )
    InitiativeFactory(municipality=municipality("Oosterzele"), title="Taalcafé", themes=[])
    return member


def test_the_members_that_realised_an_activity_come_neighbours_first_then_nearest(helpers):
    help = peers_who_can_help(municipality=municipality(MEMBER))
    by_code = {item.activity.code: item for item in help}
    # The member committed to reception, housing and network and realised none of them.
    assert list(by_code) == ["reception", "housing", "network"]
    housing = by_code["housing"]
    assert [h.municipality.name_nl for h in housing.helpers] == HELPERS_IN_ORDER
    assert [h.is_neighbour for h in housing.helpers] == [True, True, False, False, False]
    assert len(housing.shown) == HELPERS_SHOWN and len(housing.more) == 2
    oosterzele = housing.helpers[0]
    assert [p.title for p in oosterzele.practices] == ["Woonbegeleiding na de opvang"]
    assert [c.email for c in oosterzele.contacts] == ["olga@oosterzele.be"]
    assert 5 < oosterzele.distance_km < 6
    assert by_code["reception"].helpers == []


def test_a_realised_commitment_is_not_to_learn_and_a_stopped_or_suspended_one_does_not_help(
    helpers,
):
    own = municipality(MEMBER).memberships.get()
    own.commitments.filter(activity__code="housing").update(rung=Rung.IN_PROGRESS)
    learn = activities_to_learn(municipality=municipality(MEMBER))
    assert [a.code for a in learn] == ["reception", "network"]
    assert peers_who_can_help(municipality=municipality("Lede")) == []  # no member, no application
    make_member("Lede", ("housing",))
    municipality("Brugge").memberships.update(status="suspended")
    municipality("Gent").memberships.get().commitments.update(state=CommitmentState.STOPPED)
    [housing] = peers_who_can_help(municipality=municipality("Lede"))
    names = {h.municipality.name_nl for h in housing.helpers}
    assert names == {"Oosterzele", "Sint-Lievens-Houtem", "Antwerpen", MEMBER}


def test_an_applicant_under_review_sees_who_can_help(helpers):
    application = Application.objects.create(
        municipality=municipality("Lede"),
        status=ApplicationStatus.SUBMITTED,
        applicant_name="Lea Lede",
        applicant_email="lea@lede.be",
        applicant_role="schepen",
    )
    ApplicationCommitment.objects.create(application=application, activity=activity("housing"))
    [item] = peers_who_can_help(municipality=municipality("Lede"))
    assert item.activity.code == "housing" and len(item.helpers) == 5
    page = html(pytest.importorskip("django.test").Client().get("/gemeenten/lede/"))
    assert page.xpath("//section[@id='wie-kan-helpen']//h3/text()")[0].strip()
    application.status = ApplicationStatus.DRAFT
    application.save()
    assert peers_who_can_help(municipality=municipality("Lede")) == []


def test_the_public_page_shows_who_can_help_with_practice_and_public_contact(helpers, client):
    page = html(client.get(f"/gemeenten/{MEMBER_SLUG}/"))
    [section] = page.xpath("//section[@id='wie-kan-helpen']")
    text = section.text_content()
    assert "Wie kan helpen?" in text
    assert "Woonbegeleiding na de opvang" in text and "olga@oosterzele.be" in text
    assert "verborgen@oosterzele.be" not in text and "Taalcafé" not in text
    # Three shown, the other two behind "meer" (works without JavaScript: <details>).
    [more] = section.xpath(".//details")
    assert "Meer" in more.xpath("./summary")[0].text_content()
    assert [a.text for a in more.xpath(".//li/a[1]")] == ["Brugge", "Antwerpen"]
    assert "Nog geen enkel lid heeft dit engagement gerealiseerd." in text
    assert not section.xpath(".//form")  # no buttons on the public page


def test_a_page_without_anything_to_learn_has_no_section(helpers, client):
    page = html(client.get("/gemeenten/oosterzele/"))
    assert not page.xpath("//section[@id='wie-kan-helpen']")


def test_how_many_neighbours_are_members(helpers):
    # Oosterzele and Gent of the six neighbours.
    assert neighbours_in_network(municipality=municipality(MEMBER)) == (2, 6)


class TestIntroduction:
    def test_the_portal_page_has_a_button_per_member_and_one_click_asks(
        self, helpers, member_client
    ):
        page = html(member_client.get(PORTAL))
        forms = page.xpath("//section[@id='wie-kan-helpen']//form")
        assert len(forms) == 5
        assert forms[0].get("method") == "post" and forms[0].get("action") == ASK
        assert forms[0].xpath(".//input[@name='csrfmiddlewaretoken']")
        response = member_client.post(ASK, {"to": "oosterzele", "activity": "housing"}, follow=True)
        assert response.redirect_chain[-1][0] == PORTAL + "#wie-kan-helpen"
        assert "kregen een e-mail" in response.content.decode()
        [introduction] = Introduction.objects.all()
        assert (introduction.from_municipality.name_nl, introduction.to_municipality.name_nl) == (
            MEMBER,
            "Oosterzele",
        )
        assert introduction.activity.code == "housing"
        assert introduction.requested_by.email.lower() == MEMBER_CONTACT.email.lower()
        assert introduction.history.count() == 1

    def test_both_municipalities_contacts_get_a_mail(self, helpers, member_contact):
        introduction_request(
            from_municipality=municipality(MEMBER),
            to_municipality=municipality("Oosterzele"),
            activity=activity("housing"),
            by=member_contact,
        )
        mails = {tuple(sorted(mail.to)): mail for mail in Email.objects.all()}
        asked = mails[("olga@oosterzele.be", "verborgen@oosterzele.be")]
        assert "Merelbeke-Melle wil van jullie leren" in asked.subject
        assert MEMBER_CONTACT.email.lower() in asked.message.lower()
        assert "Bram" not in asked.message  # the colleague is not public
        assert asked.headers["Reply-To"].lower() == MEMBER_CONTACT.email.lower()
        asking = mails[tuple(sorted(c.email for c in municipality(MEMBER).contacts.all()))]
        assert "Kennismaking met Oosterzele" in asking.subject
        assert "olga@oosterzele.be" in asking.message
        assert "verborgen@oosterzele.be" not in asking.message

    def test_the_same_question_waits_some_days_with_a_clear_message(self, helpers, member_contact):
        now = datetime.datetime(2026, 11, 1, 10, tzinfo=datetime.UTC)
        ask = {
            "from_municipality": municipality(MEMBER),
            "to_municipality": municipality("Oosterzele"),
            "activity": activity("housing"),
            "by": member_contact,
        }
        introduction_request(**ask, now=now)
        with pytest.raises(IntroductionRefused, match="opnieuw vragen vanaf 1 december 2026"):
            introduction_request(**ask, now=now + datetime.timedelta(days=5))
        # Another member, or another activity, is another question.
        introduction_request(**{**ask, "to_municipality": municipality("Gent")}, now=now)
        later = now + datetime.timedelta(days=INTRODUCTION_REPEAT_DAYS, minutes=1)
        introduction_request(**ask, now=later)
        assert Introduction.objects.count() == 3

    def test_a_repeat_through_the_portal_says_so(self, helpers, member_client):
        member_client.post(ASK, {"to": "oosterzele", "activity": "housing"})
        response = member_client.post(ASK, {"to": "oosterzele", "activity": "housing"}, follow=True)
        assert "Jullie vroegen op" in response.content.decode()
        assert Introduction.objects.count() == 1

    def test_only_a_member_that_realised_it_can_be_asked(self, helpers, member_contact):
        with pytest.raises(IntroductionRefused):
            introduction_request(
                from_municipality=municipality(MEMBER),
                to_municipality=municipality("Oosterzele"),
                activity=activity("reception"),
                by=member_contact,
            )
        with pytest.raises(IntroductionRefused):
            introduction_request(
                from_municipality=municipality(MEMBER),
                to_municipality=municipality(MEMBER),
                activity=activity("housing"),
                by=member_contact,
            )
        assert not Introduction.objects.exists()

    def test_an_outsider_gets_a_404_and_nothing_is_asked(self, helpers, outsider_client):
        response = outsider_client.post(ASK, {"to": "oosterzele", "activity": "housing"})
        assert response.status_code == 404
        assert outsider_client.get(ASK).status_code == 404
        assert not Introduction.objects.exists() and not Email.objects.exists()

    def test_an_anonymous_visitor_is_sent_to_sign_in(self, helpers, client):
        response = client.post(ASK, {"to": "oosterzele", "activity": "housing"})
        assert response.status_code == 302 and "/portaal/aanmelden/" in response["Location"]
        assert not Introduction.objects.exists()

    def test_an_unknown_municipality_or_activity_is_a_404(self, helpers, member_client):
        assert member_client.post(ASK, {"to": "nergens", "activity": "housing"}).status_code == 404
        assert member_client.post(ASK, {"to": "gent", "activity": "x"}).status_code == 404

    def test_the_page_of_its_own_lists_the_buttons(self, helpers, member_client):
        page = html(member_client.get(ASK))
        assert len(page.xpath("//section[@id='wie-kan-helpen']//form")) == 5


def test_the_next_meeting_lists_the_pairs_since_the_previous_one(
    helpers, member_contact, coordinator_client
):
    before = make_meeting("Voorjaar", day=datetime.date(2026, 3, 10))
    meeting = make_meeting("Najaar", day=datetime.date(2026, 10, 15))
    ask = {"from_municipality": municipality(MEMBER), "activity": activity("housing")}
    ask["by"] = member_contact
    old = introduction_request(
        **ask,
        to_municipality=municipality("Gent"),
        now=before.starts_at - datetime.timedelta(days=1),
    )
    new = introduction_request(
        **ask,
        to_municipality=municipality("Oosterzele"),
        now=before.ends_at + datetime.timedelta(days=30),
    )
    assert introductions_for_meeting(meeting=meeting) == [new]
    assert introductions_for_meeting(meeting=before) == [old]
    page = coordinator_client.get(reverse("admin:network_meeting_change", args=[meeting.pk]))
    text = page.content.decode()
    assert "Koppels sinds de vorige bijeenkomst" in text
    assert "Merelbeke-Melle → Oosterzele" in text and "→ Gent" not in text
    listing = coordinator_client.get(reverse("admin:network_introduction_changelist"))
    assert listing.status_code == 200 and "Oosterzele" in listing.content.decode()
