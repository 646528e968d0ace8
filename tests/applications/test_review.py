"""The coordinators' review in the back-office: ask for changes, approve, reject."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from solidair.applications.models import Application
from solidair.applications.services import application_approve
from solidair.letters.composing.services import members_sentence
from solidair.membership.models import ContactPerson, Membership, MembershipStatus
from solidair.operations.mail import outbox_flush
from tests.applications.helpers import (
    APPLICANT,
    LINK,
    commitments_data,
    decision_data,
    submitted,
    text_of,
)
from tests.factories import make_member, municipality
from tests.helpers import pdf_bytes

pytestmark = pytest.mark.django_db


def review(client, application, decision: str, message: str = ""):
    return client.post(
        f"/beheer/applications/application/{application.pk}/beoordelen/",
        {"decision": decision, "message": message},
    )


def test_the_queue_lists_applications_with_a_status_filter(client, coordinator):
    submitted(client)
    client.force_login(coordinator)
    body = client.get("/beheer/applications/application/?status__exact=submitted").content.decode()
    assert "Aanvragen" in body
    assert "Kortrijk" in body
    assert "ingediend" in body
    empty = client.get("/beheer/applications/application/?status__exact=approved").content
    assert "Kortrijk" not in empty.decode()


def test_the_review_page_shows_the_application_and_the_choices(client, coordinator):
    application, _token = submitted(client)
    client.force_login(coordinator)
    body = client.get(f"/beheer/applications/application/{application.pk}/beoordelen/")
    body = body.content.decode()
    assert "Aanvraag van Kortrijk beoordelen" in body
    assert "Wat we doen voor housing." in body
    assert "An De Smet" in body
    for label in ("Keur goed", "Vraag om aan te passen", "Wijs af"):
        assert label in body


def test_ask_changes_then_resubmit_then_approve(client, coordinator, smtp, settings):
    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    application, token = submitted(client)
    outbox_flush()
    smtp.inbox.messages.clear()
    smtp.inbox.envelopes.clear()
    applicant = client  # the same test client, first as applicant, then as coordinator
    client.force_login(coordinator)

    # A message is required to ask for changes; the typed decision is not lost.
    response = review(client, application, "changes", "")
    assert "Schrijf wat de aanvrager moet aanpassen." in response.content.decode()

    response = review(client, application, "changes", "Welke scholen ondersteunt u precies?")
    assert response["Location"] == f"/beheer/applications/application/{application.pk}/change/"
    application.refresh_from_db()
    assert application.status == "changes_requested"
    assert outbox_flush() == 1
    [question] = smtp.inbox.messages
    assert smtp.inbox.envelopes == [[APPLICANT]]
    assert question["Subject"] == "Je aanvraag voor Kortrijk: graag nog een aanpassing"
    text = text_of(question)
    assert "Welke scholen ondersteunt u precies?" in text
    assert LINK.search(text).group(1) == token  # the same link as before

    client.logout()
    page = applicant.get(f"/aansluiten/{token}/engagementen/").content.decode()
    assert "De coördinatoren vragen een aanpassing" in page
    assert "Welke scholen ondersteunt u precies?" in page
    applicant.post(
        f"/aansluiten/{token}/engagementen/",
        commitments_data(("reception", "housing", "network", "education")),
    )
    assert applicant.post(f"/aansluiten/{token}/indienen/").status_code == 302
    application.refresh_from_db()
    assert application.status == "submitted"
    assert outbox_flush() == 2
    assert smtp.inbox.messages[2]["Subject"] == "Aanvraag opnieuw ingediend: Kortrijk"
    assert smtp.inbox.envelopes[2] == ["coordinatie@example.be"]

    # Before: Kortrijk is not on the directory (and the page is now cached).
    assert "Kortrijk" not in applicant.get("/gemeenten/").content.decode()

    client.force_login(coordinator)
    response = review(client, application, "approve", "Welkom in het netwerk!")
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == "approved"
    assert application.decided_by == coordinator
    assert application.token_hash is None
    membership = Membership.objects.get(municipality__slug="kortrijk")
    assert application.membership == membership
    assert membership.status == MembershipStatus.MEMBER
    assert membership.member_since == membership.decision_date == datetime.date(2025, 9, 15)
    assert membership.decision_body == "council"
    assert membership.decision_url == "https://www.kortrijk.be/besluiten/2025-09-15"
    assert membership.last_confirmed_on == datetime.date.today()
    assert not membership.commitments_to_confirm
    commitments = {c.activity.code: c for c in membership.commitments.all()}
    assert set(commitments) == {"reception", "housing", "network", "education"}
    # The decision to join is each commitment's first rung, with its date and link.
    assert all(
        list(c.rungs.values_list("rung", "date", "evidence_url"))
        == [(1, datetime.date(2025, 9, 15), "https://www.kortrijk.be/besluiten/2025-09-15")]
        for c in commitments.values()
    )
    assert all(c.rung == 1 and c.state == "active" for c in commitments.values())
    assert commitments["education"].description == "Wat we doen voor education."
    [contact] = ContactPerson.objects.filter(municipality__slug="kortrijk")
    assert (contact.name, contact.email, contact.role) == (
        "An De Smet",
        "an.desmet@kortrijk.be",
        "Maatschappelijk werker",
    )

    # Mails to the applicant and the contact, with the pointer to the portal.
    assert outbox_flush() == 2
    approved = smtp.inbox.messages[3:]
    assert sorted(smtp.inbox.envelopes[3:]) == [["an.desmet@kortrijk.be"], [APPLICANT]]
    for message in approved:
        assert message["Subject"] == "Kortrijk is nu een Solidaire Stad"
        text = text_of(message)
        assert "/portaal/aanmelden/" in text
        assert "/gemeenten/kortrijk/" in text
        assert "Welkom in het netwerk!" in text

    # The directory, the member page and the letters show the new member at once.
    client.logout()
    assert "Kortrijk" in client.get("/gemeenten/").content.decode()
    assert "Kortrijk is een Solidaire Stad" in client.get("/gemeenten/kortrijk/").content.decode()
    assert "Kortrijk" in members_sentence(excluding=municipality("Gent"))

    # The link is void now.
    assert client.get(f"/aansluiten/{token}/").status_code == 404


def test_reject_mails_the_message_and_voids_the_link(client, coordinator, smtp):
    application, token = submitted(client)
    outbox_flush()
    smtp.inbox.messages.clear()
    smtp.inbox.envelopes.clear()
    client.force_login(coordinator)
    response = review(client, application, "reject", "")
    assert "Leg de aanvrager uit waarom" in response.content.decode()
    review(client, application, "reject", "Er is nog geen beslissing van de gemeenteraad.")
    application.refresh_from_db()
    assert application.status == "rejected"
    assert application.decided_by == coordinator
    assert not Membership.objects.filter(municipality__slug="kortrijk").exists()
    assert outbox_flush() == 1
    [message] = smtp.inbox.messages
    assert smtp.inbox.envelopes == [[APPLICANT]]
    assert message["Subject"] == "Je aanvraag voor Kortrijk werd niet goedgekeurd"
    assert "Er is nog geen beslissing van de gemeenteraad." in text_of(message)
    client.logout()
    assert client.get(f"/aansluiten/{token}/").status_code == 404


def test_approval_refuses_fewer_than_three_commitments(client, coordinator):
    application, _token = submitted(client)
    # Whatever door it came through, an application with two commitments is not approved.
    application.commitments.filter(activity__code="network").delete()
    with pytest.raises(ValidationError) as error:
        application_approve(application=application, by=coordinator)
    assert "Kies minstens 3 engagementen; je koos er 2." in error.value.messages
    assert not Membership.objects.filter(municipality__slug="kortrijk").exists()

    client.force_login(coordinator)
    body = review(client, application, "approve").content.decode()
    assert "Kies minstens 3 engagementen; je koos er 2." in body
    application.refresh_from_db()
    assert application.status == "submitted"


def test_approval_refuses_a_municipality_that_became_a_member_meanwhile(client, coordinator):
    application, _token = submitted(client)
    make_member("Kortrijk")
    client.force_login(coordinator)
    body = review(client, application, "approve").content.decode()
    assert "Kortrijk is intussen al lid van het netwerk" in body
    application.refresh_from_db()
    assert application.status == "submitted"
    assert Membership.objects.get(municipality__slug="kortrijk").commitments.count() == 3


def test_approval_updates_a_suspended_membership(client, coordinator):
    old = make_member("Kortrijk", ("reception", "sponsorship", "access"))
    old.status = MembershipStatus.SUSPENDED
    old.save()
    application, _token = submitted(client)
    membership = application_approve(application=application, by=coordinator)
    assert membership.pk == old.pk
    assert membership.status == MembershipStatus.MEMBER
    codes = set(membership.commitments.values_list("activity__code", flat=True))
    assert codes == {"reception", "housing", "network"}


def test_approval_publishes_a_copy_of_the_decision_pdf(client, coordinator):
    application, token = submitted(client)
    application.status = "changes_requested"
    application.save()
    upload = SimpleUploadedFile("besluit.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(
        f"/aansluiten/{token}/beslissing/",
        decision_data(decision_url="", decision_document=upload),
    )
    client.post(f"/aansluiten/{token}/indienen/")
    application.refresh_from_db()
    membership = application_approve(application=application, by=coordinator)
    assert membership.decision_document.name.startswith("public/decisions/")
    assert membership.decision_document.name != application.decision_document.name
    with membership.decision_document.open("rb") as copy:
        assert copy.read().startswith(b"%PDF-")
    # The member's page links the copy, and the link works.
    page = client.get("/gemeenten/kortrijk/").content.decode()
    assert f'href="{membership.decision_document.url}"' in page
    assert client.get(membership.decision_document.url).status_code == 200


def test_the_decision_and_who_made_it_are_kept_in_history(client, coordinator):
    application, _token = submitted(client)
    client.force_login(coordinator)
    review(client, application, "approve", "Akkoord.")
    records = list(Application.objects.get().history.order_by("history_date"))
    statuses = [record.status for record in records]
    assert statuses[-2:] == ["submitted", "approved"]
    assert records[-1].history_user == coordinator
    assert records[-1].review_message == "Akkoord."
    membership = Membership.objects.get(municipality__slug="kortrijk")
    assert membership.history.first().history_user == coordinator
    history = client.get(f"/beheer/applications/application/{application.pk}/history/")
    assert "goedgekeurd" in history.content.decode()


def test_a_decided_application_cannot_be_reviewed_again(client, coordinator):
    application, _token = submitted(client)
    client.force_login(coordinator)
    review(client, application, "reject", "Nee.")
    body = review(client, application, "approve").content.decode()
    assert "Keur goed" not in body
    assert Application.objects.get().status == "rejected"


def test_only_coordinators_reach_the_review(client):
    application, _token = submitted(client)
    url = f"/beheer/applications/application/{application.pk}/beoordelen/"
    assert client.get(url)["Location"].startswith("/beheer/login/")
    user = User.objects.create_user("contact@example.be", "contact@example.be")
    client.force_login(user)
    assert client.post(url, {"decision": "approve"})["Location"].startswith("/beheer/login/")
    assert Application.objects.get().status == "submitted"


def test_the_change_page_only_shows_the_application(client, coordinator):
    application, _token = submitted(client)
    client.force_login(coordinator)
    body = client.get(f"/beheer/applications/application/{application.pk}/change/")
    body = body.content.decode()
    assert "Beoordeel deze aanvraag" in body
    assert "Wat we doen voor reception." in body
    assert 'name="_save"' not in body
