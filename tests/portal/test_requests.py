"""What coordinators decide in /beheer/: a colleague invited as contact (who then signs in),
and reverting a contact's change from the history."""

import pytest

from solidair.membership.models import Commitment, ContactPerson
from solidair.operations.mail import outbox_flush
from solidair.portal.models import ContactInvitation
from tests.portal.helpers import MERELBEKE_CONTACT, link_from, path_of, token_of

pytestmark = pytest.mark.django_db

BASE = "/portaal/merelbeke-melle"
COLLEAGUE = "Lies.Wouters@merelbeke-melle.be"


@pytest.fixture(autouse=True)
def _coordinators(settings):
    settings.COORDINATOR_EMAILS = ["coordinatie@solidairegemeenten.be"]
    settings.SITE_URL = "https://solidairegemeenten.be"


def invite(member_client, **changes):
    data = {"name": "Lies Wouters", "email": COLLEAGUE, "role": "Integratiedienst"}
    data.update(changes)
    return member_client.post(f"{BASE}/contacten/uitnodigen/", data)


class TestInvitation:
    def test_invited_approved_then_the_colleague_signs_in(
        self, member_client, network, smtp, coordinator_client, client
    ):
        response = invite(member_client)
        assert response.status_code == 302
        invitation = ContactInvitation.objects.get()
        assert invitation.invited_by.email == MERELBEKE_CONTACT.lower()
        assert not ContactPerson.objects.filter(email__iexact=COLLEAGUE).exists()
        overview = member_client.get(f"{BASE}/").content.decode()
        assert "Uitnodigingen die wachten op de coördinatoren" in overview
        assert f"Lies Wouters ({COLLEAGUE}), Integratiedienst" in overview

        assert outbox_flush() == 1
        [to_coordinators] = smtp.inbox.messages
        assert smtp.inbox.envelopes == [["coordinatie@solidairegemeenten.be"]]
        assert to_coordinators["Subject"].strip() == (
            "Portaal: Merelbeke-Melle nodigt een collega uit"
        )
        text = to_coordinators.get_body(("plain",)).get_content()
        assert f"Lies Wouters <{COLLEAGUE}>" in text
        assert (
            f"https://solidairegemeenten.be/beheer/portal/contactinvitation/{invitation.pk}/change/"
            in text
        )

        # The coordinator approves in the back-office.
        listing = coordinator_client.get("/beheer/portal/contactinvitation/").content.decode()
        assert "Keur de gekozen uitnodigingen goed" in listing
        coordinator_client.post(
            "/beheer/portal/contactinvitation/",
            {"action": "approve", "_selected_action": [invitation.pk]},
        )
        invitation.refresh_from_db()
        assert invitation.status == "approved"
        assert "Uitnodigingen die wachten" not in member_client.get(f"{BASE}/").content.decode()
        contact = ContactPerson.objects.get(email=COLLEAGUE)
        assert (contact.municipality, contact.is_public) == (network, False)
        assert outbox_flush() == 1
        welcome = smtp.inbox.messages[-1]
        assert smtp.inbox.envelopes[-1] == [COLLEAGUE]
        assert "Je bent contactpersoon van Merelbeke-Melle" in welcome["Subject"]
        assert "https://solidairegemeenten.be/portaal/aanmelden/" in (
            welcome.get_body(("plain",)).get_content()
        )

        # The colleague asks for a link and signs in.
        client.logout()
        client.post("/portaal/aanmelden/", {"email": COLLEAGUE})
        assert outbox_flush() == 1
        link = link_from(smtp.inbox.messages[-1])
        assert client.get(path_of(link)).status_code == 200
        client.post("/portaal/aanmelden/link/", {"sleutel": token_of(link)})
        assert 'href="/portaal/merelbeke-melle/"' in client.get("/portaal/").content.decode()

    def test_a_refused_invitation_makes_no_contact(
        self, member_client, network, coordinator_client, smtp
    ):
        invite(member_client)
        invitation = ContactInvitation.objects.get()
        coordinator_client.post(
            "/beheer/portal/contactinvitation/",
            {"action": "refuse", "_selected_action": [invitation.pk]},
        )
        invitation.refresh_from_db()
        assert invitation.status == "refused"
        assert not ContactPerson.objects.filter(email__iexact=COLLEAGUE).exists()
        assert outbox_flush() == 2  # to the coordinators, then the answer to the inviter
        assert smtp.inbox.envelopes == [
            ["coordinatie@solidairegemeenten.be"],
            [MERELBEKE_CONTACT.lower()],
        ]
        assert "voegden Lies Wouters niet toe" in (
            smtp.inbox.messages[-1].get_body(("plain",)).get_content()
        )
        # Deciding twice is refused, not applied.
        coordinator_client.post(
            "/beheer/portal/contactinvitation/",
            {"action": "approve", "_selected_action": [invitation.pk]},
        )
        assert not ContactPerson.objects.filter(email__iexact=COLLEAGUE).exists()

    def test_an_existing_contact_or_a_waiting_invitation_is_refused(self, member_client, network):
        response = invite(member_client, email="BRAM.CLAES@merelbeke-melle.be")
        assert "al een contactpersoon van deze gemeente" in response.content.decode()
        invite(member_client)
        response = invite(member_client, email=COLLEAGUE.upper())
        assert "wacht al een uitnodiging" in response.content.decode()
        assert ContactInvitation.objects.count() == 1

    def test_contacts_cannot_add_a_contact_directly(self, member_client, network):
        # Only by invitation: no page takes an address for a new contact.
        assert member_client.get(f"{BASE}/contacten/nieuw/").status_code == 404
        assert (
            member_client.post(f"{BASE}/contacten/", {"email": "x@example.be"}).status_code == 404
        )


class TestRevert:
    def test_a_coordinator_reverts_a_contacts_change_from_the_history(
        self, member_client, network, coordinator_client, coordinator
    ):
        housing = Commitment.objects.get(membership__municipality=network, activity__code="housing")
        member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            {
                "state": "active",
                "description": "Te mooi om waar te zijn",
                "rung1_reached": "on",
                "rung1_date": "2024-03-01",
                "rung4_reached": "on",
                "rung4_date": "2025-06-30",
            },
        )
        housing.refresh_from_db()
        assert housing.rung == 4
        latest, original = housing.history.order_by("-history_id")[:2]
        assert latest.history_user.email == MERELBEKE_CONTACT.lower()

        history = coordinator_client.get(f"/beheer/membership/commitment/{housing.pk}/history/")
        body = history.content.decode()
        assert history.status_code == 200
        assert MERELBEKE_CONTACT.lower() in body  # who made the change
        url = f"/beheer/membership/commitment/{housing.pk}/history/{original.history_id}/"
        form = coordinator_client.get(url).content.decode()
        # simple-history has no Dutch catalogue: its revert page is in English.
        assert f"<title>Revert {housing.display_title} |" in form
        response = coordinator_client.post(
            url,
            {
                "activity": original.activity_id,
                "title": original.title,
                "description": original.description,
                "state": original.state,
                "state_date": "",
                "state_note": "",
                "rungs-TOTAL_FORMS": "0",
                "rungs-INITIAL_FORMS": "0",
                "rungs-MIN_NUM_FORMS": "0",
                "rungs-MAX_NUM_FORMS": "1000",
            },
        )
        assert response.status_code == 302
        housing.refresh_from_db()
        assert housing.description == ""
        assert housing.history.first().history_user == coordinator
        # The rung the contact added is reverted from its own history (it is a row of its
        # own): the coordinator deletes it on the commitment's page, or restores a version.
        added = housing.rungs.get(rung=4)
        assert added.history.get().history_user.email == MERELBEKE_CONTACT.lower()

    def test_a_contact_removed_in_the_portal_is_restored_from_the_history(
        self, member_client, network, coordinator_client
    ):
        bram = network.contacts.get(name="Bram Claes")
        member_client.post(f"{BASE}/contacten/{bram.pk}/verwijderen/")
        assert not ContactPerson.objects.filter(pk=bram.pk).exists()
        # The link in the coordinators' mail opens the history of the removed contact.
        history = coordinator_client.get(f"/beheer/membership/contactperson/{bram.pk}/history/")
        assert history.status_code == 200
        assert MERELBEKE_CONTACT.lower() in history.content.decode()
        before = bram.history.order_by("-history_id")[1]
        response = coordinator_client.post(
            f"/beheer/membership/contactperson/{bram.pk}/history/{before.history_id}/",
            {
                "municipality": network.pk,
                "name": before.name,
                "email": before.email,
                "phone": before.phone,
                "role": before.role,
                "is_public": "",
            },
        )
        assert response.status_code == 302
        restored = ContactPerson.objects.get(pk=bram.pk)
        assert (restored.email, restored.is_public) == ("bram.claes@merelbeke-melle.be", False)


class TestRevertARung:
    def test_a_coordinator_restores_a_rung_the_contact_changed(
        self, member_client, network, coordinator_client
    ):
        housing = Commitment.objects.get(membership__municipality=network, activity__code="housing")
        record = housing.rungs.get()
        member_client.post(
            f"{BASE}/engagementen/{housing.pk}/",
            {
                "state": "active",
                "description": "",
                "rung1_reached": "on",
                "rung1_date": "2019-01-01",
                "rung1_evidence_url": "https://example.be/ander-besluit",
            },
        )
        record.refresh_from_db()
        assert record.date.isoformat() == "2019-01-01"
        latest, original = record.history.order_by("-history_id")[:2]
        assert latest.history_user.email == MERELBEKE_CONTACT.lower()

        history = coordinator_client.get(f"/beheer/membership/commitmentrung/{record.pk}/history/")
        assert history.status_code == 200
        assert MERELBEKE_CONTACT.lower() in history.content.decode()
        url = f"/beheer/membership/commitmentrung/{record.pk}/history/{original.history_id}/"
        response = coordinator_client.post(
            url,
            {
                "date": original.date.isoformat(),
                "evidence_url": original.evidence_url,
                "evidence_note": original.evidence_note,
            },
        )
        assert response.status_code == 302
        record.refresh_from_db()
        assert (record.date.isoformat(), record.evidence_url) == ("2024-03-01", "")
