"""Improvement plans: a commitment that lapses (a year on claims alone, or an upheld report)
gets a plan with a deadline agreed in the portal; a missed one leads to the suspension path."""

import datetime

import pytest
from django.utils import timezone

from solidair.membership.corrections import correction_report_decide
from solidair.membership.models import (
    ChangeKind,
    ChangeStatus,
    ClaimKind,
    CorrectionReport,
    ImprovementPlan,
    MembershipStatus,
    Outcome,
    PlanReason,
    PlanStatus,
)
from solidair.membership.plans import (
    commitments_lapsed,
    plan_agree,
    plan_ask,
    plan_met,
    plans_ask,
    plans_check,
)
from solidair.operations.mail import outbox_flush
from solidair.operations.periodic import periodic_run
from tests.helpers import COLLEAGUE, MEMBER_CONTACT, MEMBER_SLUG

pytestmark = pytest.mark.django_db

BASE = f"/portaal/{MEMBER_SLUG}"
PUBLIC = f"/gemeenten/{MEMBER_SLUG}/"
# The member's commitments stand on "beslist" since 1 March 2024 (tests/factories.py), claimed.
A_YEAR_ON = timezone.make_aware(datetime.datetime(2025, 3, 2, 9, 0))


@pytest.fixture(autouse=True)
def _coordinators(settings):
    settings.COORDINATOR_EMAILS = ["coordinatie@solidairegemeenten.example"]


def at(year, month, day) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, 9, 0))


class TestLapsing:
    def test_a_year_on_claims_alone_lapses(self, member):
        assert not commitments_lapsed(today=datetime.date(2025, 3, 1)).exists()
        lapsed = commitments_lapsed(today=datetime.date(2025, 3, 2))
        assert sorted(c.activity.code for c in lapsed) == ["housing", "network", "reception"]

    def test_evidence_or_an_open_plan_keeps_a_commitment_from_lapsing(self, member):
        housing = member.memberships.get().commitments.get(activity__code="housing")
        housing.rungs.update(evidence_url="https://www.merelbeke-melle.be/wonen")
        reception = member.memberships.get().commitments.get(activity__code="reception")
        plan_ask(commitment=reception, reason=PlanReason.LAPSED)
        lapsed = commitments_lapsed(today=datetime.date(2025, 3, 2))
        assert [c.activity.code for c in lapsed] == ["network"]

    def test_the_job_asks_once_and_tells_the_contacts(self, member, smtp):
        assert periodic_run(now=A_YEAR_ON, only="plans_ask") == {"plans_ask": "3 asked"}
        assert plans_ask(now=A_YEAR_ON) == ""
        assert outbox_flush() == 6  # three plans, two contacts
        assert {e[0] for e in smtp.inbox.envelopes} == {MEMBER_CONTACT.email, COLLEAGUE.email}
        text = smtp.inbox.messages[0].get_body(("plain",)).get_content()
        assert "al meer dan een jaar op jullie pagina" in text
        assert f"{BASE}/verbeterplan/" in text

    def test_an_upheld_report_on_a_commitment_asks_a_plan(self, member, coordinator):
        housing = member.memberships.get().commitments.get(activity__code="housing")
        report = CorrectionReport.objects.create(
            municipality=member,
            message="Er is geen woonloket.",
            claim_kind=ClaimKind.COMMITMENT,
            commitment=housing,
            membership=housing.membership,
        )
        correction_report_decide(report=report, outcome=Outcome.CORRECTED, by=coordinator)
        plan = ImprovementPlan.objects.get()
        assert (plan.reason, plan.report, plan.commitment) == (
            PlanReason.REPORT_UPHELD,
            report,
            housing,
        )


class TestThePlan:
    def test_propose_agree_carry_out_and_show(
        self, member_client, client, member, coordinator, smtp
    ):
        housing = member.memberships.get().commitments.get(activity__code="housing")
        plan = plan_ask(commitment=housing, reason=PlanReason.LAPSED)
        page = member_client.get(f"{BASE}/").content.decode()
        assert f'href="{BASE}/verbeterplan/{plan.pk}/"' in page

        url = f"{BASE}/verbeterplan/{plan.pk}/"
        response = member_client.post(url, {"plan": "", "deadline": "2000-01-01"})
        body = response.content.decode()
        assert "Beschrijf wat de gemeente zal doen." in body
        too_late = timezone.localdate() + datetime.timedelta(days=400)
        response = member_client.post(url, {"plan": "Een woonloket.", "deadline": too_late})
        assert "binnen zes maanden" in response.content.decode()
        deadline = timezone.localdate() + datetime.timedelta(days=90)
        response = member_client.post(
            url, {"plan": "Een woonloket in het sociaal huis.", "deadline": deadline}
        )
        assert response.status_code == 302
        plan.refresh_from_db()
        assert (plan.status, plan.deadline) == (PlanStatus.PROPOSED, deadline)
        outbox_flush()
        assert any("stelde een verbeterplan voor" in m["Subject"] for m in smtp.inbox.messages)
        assert "Een woonloket" not in client.get(PUBLIC).content.decode()  # not agreed yet

        assert plan_agree(plan=plan, by=coordinator)
        public = client.get(PUBLIC).content.decode()
        assert "Een woonloket in het sociaal huis." in public
        assert "afgesproken" in public
        # Agreed: the contact reads it, no longer changes it.
        assert "Stel het plan voor" not in member_client.get(url).content.decode()
        response = member_client.post(url, {"plan": "Iets anders.", "deadline": deadline})
        plan.refresh_from_db()
        assert plan.plan == "Een woonloket in het sociaal huis."

        assert plan_met(plan=plan)
        assert "uitgevoerd" in client.get(PUBLIC).content.decode()

    def test_another_municipalitys_contact_gets_a_404(self, outsider_client, member):
        housing = member.memberships.get().commitments.get(activity__code="housing")
        plan = plan_ask(commitment=housing, reason=PlanReason.LAPSED)
        url = f"{BASE}/verbeterplan/{plan.pk}/"
        assert outsider_client.get(url).status_code == 404
        assert outsider_client.post(url, {"plan": "x", "deadline": "2030-01-01"}).status_code == 404
        plan.refresh_from_db()
        assert plan.status == PlanStatus.ASKED

    def test_it_reads_in_french(self, member_client, member):
        housing = member.memberships.get().commitments.get(activity__code="housing")
        plan = plan_ask(commitment=housing, reason=PlanReason.LAPSED)
        page = member_client.get(f"/fr{BASE}/verbeterplan/{plan.pk}/").content.decode()
        assert "Plan d'amélioration" in page


class TestMissed:
    def test_no_plan_in_time_proposes_the_suspension_with_a_right_of_reply(self, member):
        housing = member.memberships.get().commitments.get(activity__code="housing")
        plan = plan_ask(
            commitment=housing, reason=PlanReason.LAPSED, today=datetime.date(2026, 1, 5)
        )
        assert plans_check(now=at(2026, 2, 4)) == ""
        other = plan_ask(
            commitment=member.memberships.get().commitments.get(activity__code="network"),
            reason=PlanReason.LAPSED,
            today=datetime.date(2026, 1, 5),
        )
        other.status = PlanStatus.PROPOSED  # proposed in time: it waits for the coordinators
        other.save()
        assert periodic_run(now=at(2026, 2, 5), only="plans_check") == {"plans_check": "1 missed"}
        plan.refresh_from_db()
        assert plan.status == PlanStatus.MISSED
        change = member.memberships.get().claim_changes.get()
        assert (change.kind, change.status) == (ChangeKind.SUSPEND, ChangeStatus.WAITING)
        assert "Huisvesting" in change.reason
        # Still a member until the reply or its deadline.
        assert member.memberships.get().status == MembershipStatus.MEMBER

    def test_an_agreed_plan_not_carried_out_by_its_deadline(self, member, coordinator):
        membership = member.memberships.get()
        plans = []
        for code in ("housing", "network"):
            commitment = membership.commitments.get(activity__code=code)
            plan = plan_ask(commitment=commitment, reason=PlanReason.LAPSED)
            plan.status, plan.deadline = PlanStatus.AGREED, datetime.date(2026, 6, 30)
            plan.agreed_at = at(2026, 1, 10)
            plan.save()
            plans.append(plan)
        assert plans_check(now=at(2026, 7, 1)) == "2 missed"
        # One suspension proposed, not one per plan.
        assert membership.claim_changes.filter(kind=ChangeKind.SUSPEND).count() == 1
        assert "niet uitgevoerd tegen 30-06-2026" in membership.claim_changes.get().reason
