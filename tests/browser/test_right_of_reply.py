"""The right of reply and an improvement plan as the municipality's contact meets them, keyboard
only, in Dutch and French: the portal says what waits, the contact answers a coordinators'
change and proposes a plan, and the public page shows both sides (axe on every page)."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from tests.browser.helpers import submit, tab_to
from tests.helpers import CONTACT_BACKEND, contact_user

CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture
PORTAL = "/portaal/merelbeke-melle/"
PUBLIC = "/gemeenten/merelbeke-melle/"
WORDS = {
    "": {
        "waiting": "Wacht op jullie antwoord",
        "disagree": "niet akkoord",
        "answer": "Verstuur het antwoord",
        "history": "Wijzigingen en antwoorden",
        "propose": "Stel het plan voor",
        "plans": "Verbeterplannen",
    },
    "/fr": {
        "waiting": "Attend votre réponse",
        "disagree": "pas d'accord",
        "answer": "Envoyer la réponse",
        "history": "Modifications et réponses",
        "propose": "Proposer le plan",
        "plans": "Plans d'amélioration",
    },
}


def sign_in(page, site) -> None:
    """The contact's session, as the sign-in link makes it (test_portal.py walks that link)."""
    client = Client()
    client.force_login(contact_user(CONTACT), backend=CONTACT_BACKEND)
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.url}]
    )


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


@pytest.mark.browser
@pytest.mark.parametrize("prefix", WORDS, ids=["nl", "fr"])
def test_a_contact_answers_a_change_and_proposes_a_plan(
    page, site, smtp, settings, assert_accessible, coordinator, prefix
):
    from solidair.membership.models import ChangeKind, Membership, PlanReason, Rung
    from solidair.membership.plans import plan_agree, plan_ask
    from solidair.membership.replies import claim_change_propose

    settings.SITE_URL = site.url
    words = WORDS[prefix]
    membership = Membership.objects.get(municipality__slug="merelbeke-melle")
    housing = membership.commitments.get(activity__code="housing")
    housing.rungs.update(evidence_url="https://example.be/besluit")
    reception = membership.commitments.get(activity__code="reception")
    change = claim_change_propose(
        membership=membership,
        commitment=housing,
        kind=ChangeKind.DISPUTE,
        reason="Het woonloket is sinds januari gesloten.",
        by=coordinator,
    )
    plan = plan_ask(commitment=reception, reason=PlanReason.LAPSED)
    sign_in(page, site)

    page.goto(site.url + prefix + PORTAL)
    assert words["waiting"] in page.get_by_role("heading", name=words["waiting"]).inner_text()
    assert_accessible(page)

    # The answer: disagreeing without saying why is refused, with the summary first.
    page.goto(site.url + prefix + PORTAL + f"antwoord/{change.pk}/")
    assert_accessible(page)
    tab_to(page, "#id_stance_0")  # a radio group is one Tab stop; an arrow moves the choice
    page.keyboard.press("ArrowDown")
    submit(page)
    assert page.get_by_role("alert").is_visible()
    assert page.locator("#id_stance_1").is_checked()  # what was chosen stays chosen
    assert_accessible(page)
    type_into(page, "#id_reply_note", "Het loket verhuisde naar het sociaal huis.")
    type_into(page, "#id_evidence_url", "https://example.be/loket")
    submit(page)
    assert page.url == site.url + prefix + PORTAL

    # The plan: what, and by when.
    page.goto(site.url + prefix + PORTAL + f"verbeterplan/{plan.pk}/")
    assert_accessible(page)
    type_into(page, "#id_plan", "Een opvangcoördinator en een pagina over opvang.")
    deadline = timezone.localdate() + datetime.timedelta(days=60)
    tab_to(page, "#id_deadline")
    page.fill("#id_deadline", deadline.isoformat())
    submit(page)
    assert page.url == site.url + prefix + PORTAL
    assert_accessible(page)
    plan_agree(plan=plan, by=coordinator)

    page.goto(site.url + prefix + PUBLIC)
    history = page.get_by_role("region", name=words["history"])
    assert "Het woonloket is sinds januari gesloten." in history.inner_text()
    assert words["disagree"] in history.inner_text()
    assert "Het loket verhuisde naar het sociaal huis." in history.inner_text()
    plans = page.get_by_role("region", name=words["plans"])
    assert "Een opvangcoördinator en een pagina over opvang." in plans.inner_text()
    housing.refresh_from_db()
    assert housing.rung == Rung.DECIDED  # a dispute changes no rung
    assert_accessible(page)
