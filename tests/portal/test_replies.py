"""The right of reply: a coordinators' change waits for the municipality's answer (or its
deadline) before it is published; both sides stay on the member's page."""

import datetime

import pytest
from django.utils import timezone

from solidair.membership.ladder import commitment_rung_refresh
from solidair.membership.models import (
    ChangeKind,
    ChangeStatus,
    ClaimChange,
    CommitmentRung,
    MembershipStatus,
    Rung,
    Stance,
)
from solidair.membership.replies import (
    claim_change_propose,
    claim_change_reply,
    claim_change_resolve,
    claim_change_withdraw,
    claim_changes_publish,
)
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run
from tests.helpers import COLLEAGUE, MEMBER_CONTACT, MEMBER_SLUG

pytestmark = pytest.mark.django_db

BASE = f"/portaal/{MEMBER_SLUG}"
PUBLIC = f"/gemeenten/{MEMBER_SLUG}/"
TODAY = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _coordinators(settings):
    settings.COORDINATOR_EMAILS = ["coordinatie@solidairegemeenten.example"]


@pytest.fixture
def housing(member):
    """Merelbeke-Melle's housing commitment, claimed visible to residents since 2025."""
    commitment = member.memberships.get().commitments.get(activity__code="housing")
    CommitmentRung.objects.create(
        commitment=commitment, rung=Rung.IN_PROGRESS, date=datetime.date(2025, 1, 6)
    )
    CommitmentRung.objects.create(
        commitment=commitment, rung=Rung.VISIBLE, date=datetime.date(2025, 2, 3)
    )
    return commitment_rung_refresh(commitment=commitment)


def lower(housing, coordinator, *, to=Rung.DECIDED, today=TODAY) -> ClaimChange:
    return claim_change_propose(
        membership=housing.membership,
        commitment=housing,
        kind=ChangeKind.LOWER_RUNG,
        target_rung=to,
        reason="Geen loket te vinden op de website van de gemeente.",
        evidence_url="https://www.merelbeke-melle.be/wonen",
        by=coordinator,
        today=today,
    )


class TestProposal:
    def test_the_contacts_are_told_and_nothing_changes_yet(
        self, client, housing, coordinator, smtp
    ):
        change = lower(housing, coordinator)

        assert change.reply_due == datetime.date(2026, 3, 16)
        assert outbox_flush() == 2  # both contacts of Merelbeke-Melle
        assert sorted(e[0] for e in smtp.inbox.envelopes) == sorted(
            [MEMBER_CONTACT.email, COLLEAGUE.email]
        )
        text = smtp.inbox.messages[0].get_body(("plain",)).get_content()
        assert '"Huisvesting" komt op de sport "beslist" te staan.' in text
        assert "Geen loket te vinden" in text
        assert "tot en met 16 maart 2026" in text
        assert f"/portaal/{MEMBER_SLUG}/antwoord/{change.pk}/" in text
        housing.refresh_from_db()
        assert housing.rung == Rung.VISIBLE
        page = client.get(PUBLIC).content.decode()
        assert "Geen loket te vinden" not in page  # not public while it waits

    @pytest.mark.parametrize(
        "kind, target, message",
        [
            (ChangeKind.LOWER_RUNG, None, "Kies de sport"),
            (ChangeKind.LOWER_RUNG, Rung.VISIBLE, "Kies een sport lager dan de huidige"),
            (ChangeKind.DISPUTE, Rung.DECIDED, "alleen voor 'een sport lager'"),
        ],
    )
    def test_a_change_that_does_not_fit_is_refused(
        self, housing, coordinator, kind, target, message
    ):
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as error:
            claim_change_propose(
                membership=housing.membership,
                commitment=housing,
                kind=kind,
                target_rung=target,
                reason="x",
                by=coordinator,
            )
        assert message in str(error.value)
        assert not ClaimChange.objects.exists()


class TestReply:
    def test_the_municipality_disagrees_and_both_sides_are_published(
        self, member_client, client, housing, coordinator, smtp
    ):
        change = lower(housing, coordinator, to=Rung.IN_PROGRESS)
        page = member_client.get(f"{BASE}/").content.decode()
        assert "Wacht op jullie antwoord" in page
        assert f'href="{BASE}/antwoord/{change.pk}/"' in page

        response = member_client.post(f"{BASE}/antwoord/{change.pk}/", {"stance": "disagree"})
        assert "Zeg waarom de gemeente niet akkoord gaat" in response.content.decode()
        response = member_client.post(
            f"{BASE}/antwoord/{change.pk}/",
            {
                "stance": "disagree",
                "reply_note": "Het loket staat op de pagina Wonen sinds februari.",
                "evidence_url": "https://www.merelbeke-melle.be/loket",
            },
        )
        assert response.status_code == 302

        change.refresh_from_db()
        assert (change.status, change.stance) == (ChangeStatus.PUBLISHED, Stance.DISAGREE)
        assert change.replied_by.email == MEMBER_CONTACT.email.lower()
        housing.refresh_from_db()
        assert housing.rung == Rung.IN_PROGRESS
        assert not housing.rungs.filter(rung=Rung.VISIBLE).exists()
        public = client.get(PUBLIC).content.decode()
        assert "Wijzigingen en antwoorden" in public
        assert "De gemeente had telkens 14 dagen om te antwoorden" in public
        assert "Geen loket te vinden" in public
        assert "niet akkoord." in public
        assert "Het loket staat op de pagina Wonen sinds februari." in public
        assert 'href="https://www.merelbeke-melle.be/loket"' in public
        # The coordinators hear of the answer.
        outbox_flush()
        subjects = [m["Subject"] for m in smtp.inbox.messages]
        assert "Merelbeke-Melle antwoordde op een wijziging: niet akkoord" in subjects

    def test_an_answer_counts_once(self, member_client, colleague_client, housing, coordinator):
        change = lower(housing, coordinator)
        claim_change_reply(change=change, stance=Stance.AGREE, note="", by=coordinator)

        page = colleague_client.get(f"{BASE}/antwoord/{change.pk}/").content.decode()
        assert "antwoorden kan niet meer" in page
        response = colleague_client.post(
            f"{BASE}/antwoord/{change.pk}/", {"stance": "disagree", "reply_note": "Toch niet"}
        )
        assert response.status_code == 200
        change.refresh_from_db()
        assert change.stance == Stance.AGREE

    def test_another_municipalitys_contact_gets_a_404(
        self, outsider_client, client, housing, coordinator
    ):
        change = lower(housing, coordinator)
        url = f"{BASE}/antwoord/{change.pk}/"
        assert outsider_client.get(url).status_code == 404
        response = outsider_client.post(url, {"stance": "agree"})
        assert response.status_code == 404
        change.refresh_from_db()
        assert change.status == ChangeStatus.WAITING
        client.logout()
        assert client.get(url).status_code == 302  # to the sign-in page

    def test_a_change_of_another_municipality_is_not_found_under_this_one(
        self, member_client, coordinator
    ):
        from tests.factories import make_member

        gent = make_member("Gent")
        change = claim_change_propose(
            membership=gent, kind=ChangeKind.SUSPEND, reason="Geen engagement meer.", by=coordinator
        )
        assert member_client.get(f"{BASE}/antwoord/{change.pk}/").status_code == 404

    def test_it_reads_in_french(self, member_client, housing, coordinator):
        change = lower(housing, coordinator)
        page = member_client.get(f"/fr{BASE}/antwoord/{change.pk}/").content.decode()
        assert "Droit de réponse" in page


class TestDeadline:
    def test_without_an_answer_it_is_published_after_the_deadline(
        self, client, housing, coordinator
    ):
        change = lower(housing, coordinator)
        last_day = timezone.make_aware(datetime.datetime(2026, 3, 16, 23, 0))
        assert claim_changes_publish(now=last_day) == ""
        change.refresh_from_db()
        assert change.status == ChangeStatus.WAITING

        after = timezone.make_aware(datetime.datetime(2026, 3, 17, 9, 0))
        assert periodic_run(now=after, only="claim_changes_publish") == {
            "claim_changes_publish": "1 published"
        }
        change.refresh_from_db()
        assert change.status == ChangeStatus.PUBLISHED and change.stance == ""
        housing.refresh_from_db()
        assert housing.rung == Rung.DECIDED
        public = client.get(PUBLIC).content.decode()
        assert "De gemeente antwoordde niet binnen de termijn." in public
        # Run again: nothing twice.
        assert claim_changes_publish(now=after) == ""

    def test_a_withdrawn_change_is_never_published(self, client, housing, coordinator):
        change = lower(housing, coordinator)
        assert claim_change_withdraw(change=change)
        assert not claim_change_withdraw(change=change)
        claim_changes_publish(now=timezone.make_aware(datetime.datetime(2026, 4, 1)))
        change.refresh_from_db()
        assert change.status == ChangeStatus.WITHDRAWN
        housing.refresh_from_db()
        assert housing.rung == Rung.VISIBLE
        assert "Geen loket te vinden" not in client.get(PUBLIC).content.decode()


class TestKinds:
    def test_a_claim_with_its_top_rung_only_comes_down_to_a_claimed_lower_rung(
        self, client, member, coordinator
    ):
        network = member.memberships.get().commitments.get(activity__code="network")
        network.rungs.update(rung=Rung.VISIBLE, date=None)  # as the old page's claims
        network.rung = Rung.VISIBLE
        network.save()
        change = claim_change_propose(
            membership=network.membership,
            commitment=network,
            kind=ChangeKind.LOWER_RUNG,
            target_rung=Rung.DECIDED,
            reason="Niets zichtbaar gevonden.",
            by=coordinator,
        )
        claim_change_reply(change=change, stance=Stance.AGREE, note="", by=coordinator)
        network.refresh_from_db()
        assert network.rung == Rung.DECIDED
        assert list(network.rungs.values_list("rung", "date")) == [(Rung.DECIDED, None)]

    def test_a_coordinator_adds_a_rung_with_its_evidence(self, client, member, coordinator):
        from django.core.exceptions import ValidationError

        network = member.memberships.get().commitments.get(activity__code="network")
        proposal = {
            "membership": network.membership,
            "commitment": network,
            "kind": ChangeKind.ADD_RUNG,
            "target_rung": Rung.IN_PROGRESS,
            "reason": "Verslag van de lerende netwerken 2025.",
            "by": coordinator,
        }
        with pytest.raises(ValidationError) as error:
            claim_change_propose(**proposal)
        assert "Geef de datum" in str(error.value) and "geef de link" in str(error.value)
        change = claim_change_propose(
            **proposal,
            rung_date=datetime.date(2025, 5, 20),
            evidence_url="https://solidairegemeenten.example/verslag",
        )
        network.refresh_from_db()
        assert network.rung == Rung.DECIDED  # not before the reply or the deadline
        claim_change_reply(change=change, stance=Stance.AGREE, note="", by=coordinator)
        network.refresh_from_db()
        assert network.rung == Rung.IN_PROGRESS
        added = network.rungs.get(rung=Rung.IN_PROGRESS)
        assert (added.date, added.is_proven) == (datetime.date(2025, 5, 20), True)
        assert "bereikte de sport" in client.get(PUBLIC).content.decode()

    def test_a_dispute_shows_on_the_claim_until_it_is_resolved(self, client, housing, coordinator):
        change = claim_change_propose(
            membership=housing.membership,
            commitment=housing,
            kind=ChangeKind.DISPUTE,
            reason="Het loket is sinds januari gesloten.",
            by=coordinator,
        )
        claim_change_reply(change=change, stance=Stance.AGREE, note="", by=coordinator)
        page = client.get(PUBLIC).content.decode()
        assert ">betwist</span>" in page
        housing.refresh_from_db()
        assert housing.rung == Rung.VISIBLE  # a dispute changes no rung

        assert claim_change_resolve(change=change)
        page = client.get(PUBLIC).content.decode()
        assert ">betwist</span>" not in page
        assert "was betwist; opgelost op" in page

    def test_a_suspension_waits_for_the_answer_then_suspends(self, client, member, coordinator):
        membership = member.memberships.get()
        change = claim_change_propose(
            membership=membership,
            kind=ChangeKind.SUSPEND,
            reason="Geen enkel engagement loopt nog.",
            by=coordinator,
        )
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.MEMBER
        claim_change_reply(change=change, stance=Stance.AGREE, note="", by=coordinator)
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.SUSPENDED
        assert "Geen enkel engagement loopt nog." in client.get(PUBLIC).content.decode()


class TestBackOffice:
    def test_a_coordinator_proposes_in_the_admin(self, coordinator_client, housing, smtp):
        url = "/beheer/membership/claimchange/add/"
        assert coordinator_client.get(url).status_code == 200
        data = {
            "membership": housing.membership_id,
            "kind": "lower_rung",
            "commitment": housing.pk,
            "target_rung": "4",
            "reason": "Geen loket.",
            "evidence_url": "",
        }
        response = coordinator_client.post(url, data)
        assert response.status_code == 200
        assert "Kies een sport lager dan de huidige" in response.content.decode()
        data["target_rung"] = "2"
        response = coordinator_client.post(url, data)
        assert response.status_code == 302
        change = ClaimChange.objects.get()
        assert (change.target_rung, change.status) == (Rung.IN_POLICY, ChangeStatus.WAITING)
        assert change.proposed_by is not None and change.proposed_by.is_superuser
        assert outbox_flush() == 2
        own_page = coordinator_client.get(f"/beheer/membership/claimchange/{change.pk}/change/")
        assert own_page.status_code == 200

    def test_the_ladder_is_not_edited_directly_in_the_admin(self, coordinator_client, housing):
        page = coordinator_client.get(
            f"/beheer/membership/commitment/{housing.pk}/change/"
        ).content.decode()
        assert 'name="rungs-0-date"' not in page  # shown, not editable

    def test_a_member_is_not_suspended_directly(self, coordinator_client, member):
        membership = member.memberships.get()
        page = coordinator_client.get(f"/beheer/membership/membership/{membership.pk}/change/")
        form = page.context["adminform"].form
        data = {name: form[name].value() or "" for name in form.fields}
        data.update(
            {
                "status": "suspended",
                "commitments-TOTAL_FORMS": "0",
                "commitments-INITIAL_FORMS": "0",
                "commitments-MIN_NUM_FORMS": "0",
                "commitments-MAX_NUM_FORMS": "1000",
            }
        )
        response = coordinator_client.post(
            f"/beheer/membership/membership/{membership.pk}/change/", data
        )
        assert "met recht op antwoord" in response.content.decode()
        membership.refresh_from_db()
        assert membership.status == MembershipStatus.MEMBER
