"""'Klopt dit niet?' on a claim: the links next to the claims, the report that names one, the
municipality's reply in the portal, the coordinator's outcome and the public history."""

import datetime

import pytest
from django.utils import timezone
from post_office.models import Email

from solidair.membership.corrections import (
    correction_report_create,
    correction_report_decide,
    correction_report_reply,
    correction_reports_erase,
)
from solidair.membership.models import CorrectionReport, ReceptionCount
from solidair.operations.mail import outbox_flush
from tests.factories import InitiativeFactory, make_member
from tests.helpers import COLLEAGUE, MEMBER_CONTACT, MEMBER_SLUG
from tests.membership.helpers import text_dump
from tests.webforms import PageForm

pytestmark = pytest.mark.django_db

PAGE = f"/gemeenten/{MEMBER_SLUG}/"
FORM = f"/gemeenten/{MEMBER_SLUG}/klopt-er-iets-niet/"
READER = "lies.peeters@example.be"


@pytest.fixture(autouse=True)
def _coordinators(settings):
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]


@pytest.fixture
def claims(member):
    """Merelbeke-Melle's claims: its membership, a commitment, a practice, a reception figure."""
    membership = member.memberships.get()
    return {
        "membership": membership,
        "commitment": membership.commitments.get(activity__code="housing"),
        "initiative": InitiativeFactory(municipality=member, title="Buddywerking"),
        "reception": ReceptionCount.objects.create(
            municipality=member, kind="minors", places=12, counted_on=datetime.date(2026, 9, 1)
        ),
    }


def report_on(member, claim_key="page", message="Het klopt niet.", **extra) -> CorrectionReport:
    return correction_report_create(
        municipality=member, message=message, language="nl-be", claim_key=claim_key, **extra
    )


class TestTheLinks:
    def test_each_claim_on_the_page_has_its_link(self, client, claims):
        body = client.get(PAGE).content.decode()
        for kind in ("membership", "commitment", "initiative", "reception"):
            assert f'href="{FORM}?over={kind}&amp;id={claims[kind].pk}"' in body, kind
        assert body.count(">Klopt dit niet?<span") >= 4  # named for screen readers

    def test_the_portals_commitment_cards_have_no_report_link(self, member_client, claims):
        body = member_client.get(f"/portaal/{MEMBER_SLUG}/").content.decode()
        assert f"?over=commitment&amp;id={claims['commitment'].pk}" not in body

    def test_a_link_opens_the_form_with_the_claim_chosen(self, client, claims):
        commitment = claims["commitment"]
        response = client.get(FORM, {"over": "commitment", "id": commitment.pk})
        body = response.content.decode()
        assert "Je melding gaat over:" in body
        form = PageForm(body, action="/klopt-er-iets-niet/")
        assert form.value("claim") == f"commitment:{commitment.pk}"
        response = client.get(FORM, {"over": "initiative", "id": claims["initiative"].pk})
        assert "Een praktijk: Buddywerking" in response.content.decode()

    def test_another_municipalitys_claim_is_not_offered(self, client, claims):
        gent = make_member("Gent")
        other = gent.commitments.first()
        form = PageForm(
            client.get(FORM, {"over": "commitment", "id": other.pk}).content.decode(),
            action="/klopt-er-iets-niet/",
        )
        assert form.value("claim") == "page"
        response = client.post(FORM, {"claim": f"commitment:{other.pk}", "message": "Geprobeerd."})
        assert response.status_code == 200  # not a choice of this page
        assert not CorrectionReport.objects.exists()

    def test_a_non_members_status_is_a_claim_too(self, client, member):
        body = client.get("/gemeenten/aalst/").content.decode()
        assert 'href="/gemeenten/aalst/klopt-er-iets-niet/?over=membership"' in body
        response = client.get("/gemeenten/aalst/klopt-er-iets-niet/", {"over": "membership"})
        form = PageForm(response.content.decode(), action="/klopt-er-iets-niet/")
        assert form.value("claim") == "membership"
        assert "Het lidmaatschap: geen lid" in response.content.decode()

    def test_the_library_links_each_practice_to_its_municipalitys_form(self, client, claims):
        body = client.get("/initiatieven/").content.decode()
        assert f"{FORM}?over=initiative&amp;id={claims['initiative'].pk}" in body


class TestReporting:
    def test_a_report_names_its_claim_and_reaches_the_coordinators_and_the_contacts(
        self, client, claims, smtp
    ):
        initiative = claims["initiative"]
        form = PageForm(
            client.get(FORM, {"over": "initiative", "id": initiative.pk}).content.decode(),
            action="/klopt-er-iets-niet/",
        )
        form.fill("message", "De buddywerking loopt sinds maart niet meer.")
        form.fill("source_url", "https://www.merelbeke-melle.be/nieuws/buddy")
        form.fill("email", READER)
        assert form.submit(client).status_code == 302

        report = CorrectionReport.objects.get()
        assert (report.claim_kind, report.initiative, report.claim_title) == (
            "initiative",
            initiative,
            "Buddywerking",
        )
        assert report.source_url == "https://www.merelbeke-melle.be/nieuws/buddy"
        assert outbox_flush() == 3  # the coordinators, and each of the two contacts
        by_recipient = {
            tuple(envelope): message
            for envelope, message in zip(smtp.inbox.envelopes, smtp.inbox.messages, strict=True)
        }
        coordinators = by_recipient[("coordinatie@example.be",)]
        assert coordinators["Reply-To"] == READER
        assert "Buddywerking" in coordinators.get_body(("plain",)).get_content()
        to_contact = by_recipient[(MEMBER_CONTACT.email,)]
        assert (COLLEAGUE.email,) in by_recipient
        assert "Reply-To" not in to_contact
        text = to_contact.get_body(("plain",)).get_content()
        assert READER not in text and READER not in str(to_contact)
        assert "De buddywerking loopt sinds maart niet meer." in text
        assert f"/portaal/{MEMBER_SLUG}/meldingen/{report.pk}/" in text
        assert "Dag," in text  # Dutch

    def test_a_claim_that_is_gone_makes_a_report_on_the_page(self, claims):
        report = report_on(claims["membership"].municipality, claim_key="commitment:999999")
        assert (report.claim_kind, report.commitment) == ("page", None)

    def test_the_claim_title_outlives_the_claim(self, member, claims):
        report = report_on(member, claim_key=f"initiative:{claims['initiative'].pk}")
        claims["initiative"].delete()
        report.refresh_from_db()
        assert (report.initiative, report.claim_title) == (None, "Buddywerking")


class TestTheReply:
    def test_the_contacts_see_open_reports_and_reply(self, member_client, member, claims):
        report = report_on(member, claim_key=f"reception:{claims['reception'].pk}")
        portal = member_client.get(f"/portaal/{MEMBER_SLUG}/").content.decode()
        url = f"/portaal/{MEMBER_SLUG}/meldingen/{report.pk}/"
        assert f'href="{url}"' in portal
        page = member_client.get(url)
        assert page.status_code == 200
        assert "Het klopt niet." in page.content.decode()
        assert READER not in page.content.decode()

        response = member_client.post(url, {"position": "disagree", "note": ""})
        assert response.status_code == 200
        assert "Schrijf een korte toelichting." in response.content.decode()
        response = member_client.post(
            url,
            {
                "position": "disagree",
                "note": "De telling van 1 september klopt.",
                "evidence_url": "https://www.merelbeke-melle.be/opvang",
            },
        )
        assert response.status_code == 302
        report.refresh_from_db()
        assert (report.reply_position, report.reply_note, report.replied_by.email) == (
            "disagree",
            "De telling van 1 september klopt.",
            MEMBER_CONTACT.email.lower(),
        )
        assert report.replied_at is not None
        told = Email.objects.filter(subject__contains="antwoordde op een melding").get()
        assert told.to == ["coordinatie@example.be"]
        assert "De telling van 1 september klopt." in told.message
        assert f"/beheer/membership/correctionreport/{report.pk}/change/" in told.message

    def test_an_outsider_gets_404(self, outsider_client, member):
        report = report_on(member)
        url = f"/portaal/{MEMBER_SLUG}/meldingen/{report.pk}/"
        assert outsider_client.get(url).status_code == 404
        response = outsider_client.post(url, {"position": "agree", "note": "Overgenomen."})
        assert response.status_code == 404
        # Nor through the outsider's own municipality.
        assert outsider_client.get(f"/portaal/gent/meldingen/{report.pk}/").status_code == 404
        report.refresh_from_db()
        assert report.reply_position == ""

    def test_anonymous_visitors_sign_in_first(self, client, member):
        report = report_on(member)
        response = client.get(f"/portaal/{MEMBER_SLUG}/meldingen/{report.pk}/")
        assert response.status_code == 302
        assert response["Location"].startswith("/portaal/aanmelden/")

    def test_no_reply_after_the_decision(self, member_client, member, member_contact, coordinator):
        report = report_on(member)
        correction_report_decide(report=report, outcome="corrected", by=coordinator)
        url = f"/portaal/{MEMBER_SLUG}/meldingen/{report.pk}/"
        body = member_client.get(url).content.decode()
        assert "al beslist" in body and 'name="note"' not in body
        member_client.post(url, {"position": "agree", "note": "Te laat."})
        report.refresh_from_db()
        assert report.reply_note == ""
        with pytest.raises(Exception, match="al beslist"):
            correction_report_reply(report=report, position="agree", note="x", by=member_contact)


class TestTheOutcome:
    def test_a_dismissal_needs_a_reason(self, member, coordinator):
        from django.core.exceptions import ValidationError

        report = report_on(member)
        with pytest.raises(ValidationError):
            correction_report_decide(report=report, outcome="dismissed", reason=" ", by=coordinator)
        report = correction_report_decide(
            report=report, outcome="dismissed", reason="Geen bron.", by=coordinator
        )
        assert (report.status, report.handled_by) == ("handled", coordinator)

    def test_the_page_shows_the_decided_reports_never_the_reporter(
        self, client, member, member_contact, coordinator, claims
    ):
        report = report_on(
            member,
            claim_key=f"commitment:{claims['commitment'].pk}",
            message="Er is geen woonbeleid.",
            email=READER,
        )
        body = client.get(PAGE).content.decode()
        assert "1 melding wacht op een beslissing." in body
        assert "Er is geen woonbeleid." not in body  # not before the decision

        correction_report_reply(
            report=report,
            position="disagree",
            note="Het woonplan van 2025 staat online.",
            evidence_url="https://www.merelbeke-melle.be/woonplan",
            by=member_contact,
        )
        correction_report_decide(
            report=report,
            outcome="confirmed",
            reason="Het woonplan bestaat.",
            by=coordinator,
        )
        body = client.get(PAGE).content.decode()
        assert "Meldingen en hun uitkomst" in body
        for text in (
            "Er is geen woonbeleid.",
            "Het woonplan van 2025 staat online.",
            "https://www.merelbeke-melle.be/woonplan",
            "Bevestigd: het klopt wel",
            "Het woonplan bestaat.",
            claims["commitment"].display_title,
        ):
            assert text in body, text
        assert READER not in body
        assert "wacht op een beslissing" not in body
        fr = client.get("/fr" + PAGE).content.decode()
        assert "Er is geen woonbeleid." in fr and "Signalements" in fr

    def test_a_hidden_text_stays_hidden(self, client, member, coordinator):
        report = report_on(member, message="Jan Janssens liegt.")
        correction_report_decide(
            report=report,
            outcome="dismissed",
            reason="Geen feit over de gemeente.",
            message_public=False,
            by=coordinator,
        )
        body = client.get(PAGE).content.decode()
        assert "Geen feit over de gemeente." in body
        assert "Jan Janssens" not in body

    def test_reports_handled_before_outcomes_stay_private(self, client, member):
        report = report_on(member, message="Een oude melding.")
        CorrectionReport.objects.filter(pk=report.pk).update(
            status="handled", outcome="handled", message_public=False, handled_at=timezone.now()
        )
        assert "Een oude melding." not in client.get(PAGE).content.decode()


class TestPrivacy:
    def test_the_history_never_holds_the_address(self, member, member_contact, coordinator):
        report = report_on(member, email=READER)
        correction_report_reply(report=report, position="agree", note="Klopt.", by=member_contact)
        correction_report_decide(report=report, outcome="corrected", by=coordinator)
        history = CorrectionReport.history.model
        assert "email" not in {field.name for field in history._meta.fields}
        assert history.objects.filter(id=report.pk).count() >= 3
        later = timezone.now() + datetime.timedelta(days=31)
        assert correction_reports_erase(now=later) == "1 addresses, 1 mails erased"
        report.refresh_from_db()
        assert report.email == ""
        assert not Email.objects.filter(to__icontains=READER).exists()

    def test_after_erasure_the_address_is_nowhere_not_even_in_the_history(
        self, client, member, member_contact, coordinator, smtp
    ):
        form = PageForm(client.get(FORM).content.decode(), action="/klopt-er-iets-niet/")
        form.fill("message", "De opvangplaatsen kloppen niet.")
        form.fill("email", READER)
        assert form.submit(client).status_code == 302
        report = CorrectionReport.objects.get()
        correction_report_reply(report=report, position="agree", note="Klopt.", by=member_contact)
        correction_report_decide(report=report, outcome="corrected", by=coordinator)
        assert outbox_flush() == 4  # the coordinators (the report, the reply), two contacts
        assert READER in text_dump()
        correction_reports_erase(now=timezone.now() + datetime.timedelta(days=31))
        assert READER not in text_dump()
        assert "De opvangplaatsen kloppen niet." in client.get(PAGE).content.decode()
