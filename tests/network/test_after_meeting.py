"""Coordinators build a meeting in /beheer/ (agenda, presentations, minutes, practices), and
partner staff sign in with the portal's link."""

import datetime

import pytest

from solidair.network.models import Meeting, PartnerOrganisation, PartnerStaff
from solidair.operations.mail import outbox_flush
from solidair.portal.sign_in import portal_sign_in_link_send
from tests.factories import InitiativeFactory, municipality
from tests.helpers import pdf_bytes, upload
from tests.network.helpers import inline_management

pytestmark = pytest.mark.django_db


def meeting_form(**extra) -> dict:
    data = {
        "title": "Vrijwilligers en voogden",
        "theme": "Vrijwilligerswerk",
        "description": "Hoe gemeenten voogden ondersteunen.",
        "published": "on",
        "starts_at_0": "12/03/2026",
        "starts_at_1": "13:30:00",
        "ends_at_0": "12/03/2026",
        "ends_at_1": "16:30:00",
        "place": "Vooruit, Gent",
        "online_url": "",
        "capacity": "40",
        "registration_deadline_0": "",
        "registration_deadline_1": "",
        "minutes": "<p>Een goed gesprek.</p><script>alert(1)</script><ul><li>punt</li></ul>",
        **inline_management(),
    }
    return data | extra


def test_a_coordinator_builds_a_meeting_with_agenda_presentations_and_practices(
    coordinator_client,
    media,
):
    practice = InitiativeFactory(municipality=municipality("Gent"), title="Voogdij in Gent")
    data = meeting_form(
        practices=[practice.pk],
        **{
            "agenda_items-TOTAL_FORMS": "2",
            "agenda_items-0-position": "2",
            "agenda_items-0-starts_at": "14:15",
            "agenda_items-0-title": "Getuigenis van een voogd",
            "agenda_items-0-speakers": "Jan Voogd",
            "agenda_items-1-position": "1",
            "agenda_items-1-starts_at": "13:30",
            "agenda_items-1-title": "Welkom",
            "agenda_items-1-speakers": "",
            "presentations-TOTAL_FORMS": "1",
            "presentations-0-position": "0",
            "presentations-0-title": "Voogdij in cijfers",
            "presentations-0-speaker": "Els Partner",
            "presentations-0-document": upload("cijfers.pdf", pdf_bytes(2)),
        },
    )
    response = coordinator_client.post("/beheer/network/meeting/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    meeting = Meeting.objects.get()
    assert meeting.presentations.get().document.name.startswith("public/presentations/")

    body = coordinator_client.get(meeting.get_absolute_url()).content.decode()
    assert body.index("Welkom") < body.index("Getuigenis van een voogd")
    assert "14:15" in body and "Jan Voogd" in body
    assert "Voogdij in cijfers" in body and "Els Partner" in body
    assert meeting.presentations.get().document.url in body
    assert "<p>Een goed gesprek.</p>" in body and "<script>" not in body
    assert "Voogdij in Gent" in body
    assert meeting.history.count() == 1
    assert meeting.agenda_items.first().history.count() == 1


def test_a_presentation_that_is_not_a_pdf_is_refused(coordinator_client, media):
    data = meeting_form(
        **{
            "presentations-TOTAL_FORMS": "1",
            "presentations-0-position": "0",
            "presentations-0-title": "Geen PDF",
            "presentations-0-speaker": "",
            "presentations-0-document": upload("nep.pdf", b"<html>geen pdf</html>"),
        }
    )
    response = coordinator_client.post("/beheer/network/meeting/add/", data)
    assert response.status_code == 200
    assert "Dit bestand is geen PDF" in response.content.decode()
    assert not Meeting.objects.exists()


def test_partner_staff_get_a_sign_in_link(smtp, settings):
    settings.PORTAL_SIGN_IN_MIN_SECONDS = 0
    organisation = PartnerOrganisation.objects.get_or_create(name="Caritas Vlaanderen")[0]
    PartnerStaff.objects.create(organisation=organisation, name="Lien", email="Lien@Caritas.be")
    assert portal_sign_in_link_send(email="lien@caritas.be") is True
    assert portal_sign_in_link_send(email="iemand@caritas.be") is False
    assert outbox_flush() == 1
    assert smtp.inbox.envelopes == [["Lien@Caritas.be"]]
    assert (
        "/portaal/aanmelden/link/?sleutel="
        in smtp.inbox.messages[0].get_body(("plain",)).get_content()
    )


def test_the_back_office_pages_open(coordinator_client):
    from django.contrib.auth.models import User

    from solidair.network import meetings
    from tests.network.helpers import make_meeting

    meeting = make_meeting(open_to_prospective=True, registration_deadline=None)
    user = User.objects.create(username="x@zele.be", email="x@zele.be")
    registration = meetings.registration_create(
        meeting=meeting,
        user=user,
        name="Xavier",
        municipality=municipality("Zele"),
        now=meeting.starts_at - datetime.timedelta(days=5),
    )
    add = coordinator_client.get("/beheer/network/meeting/add/").content.decode()
    assert "Agendapunten" in add and "Presentaties" in add and "Verslag" in add
    change = coordinator_client.get(f"/beheer/network/registration/{registration.pk}/change/")
    assert "Xavier" in change.content.decode()
    assert coordinator_client.get("/beheer/network/registration/add/").status_code == 403
    assert coordinator_client.get("/beheer/network/partnerstaff/add/").status_code == 200
