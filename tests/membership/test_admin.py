"""The back-office: the rule of three in the membership form, and history per object."""

import datetime

import pytest

from solidair.initiatives.models import Initiative
from solidair.membership.models import Membership, Rung
from tests.factories import InitiativeFactory, activity, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, coordinator):
    """The suite's coordinator (tests/conftest.py), signed in on ``client``."""
    client.force_login(coordinator)
    return coordinator


def membership_form(codes):
    data = {
        "municipality": municipality("Gent").pk,
        "status": "member",
        "member_since": "2025-03-01",
        "last_confirmed_on": "",
        "decision_body": "council",
        "decision_date": "2025-03-01",
        "decision_url": "",
        "public_text": "",
        "notes": "",
        "commitments-TOTAL_FORMS": str(len(codes)),
        "commitments-INITIAL_FORMS": "0",
        "commitments-MIN_NUM_FORMS": "0",
        "commitments-MAX_NUM_FORMS": "1000",
    }
    for index, code in enumerate(codes):
        prefix = f"commitments-{index}-"
        data.update(
            {
                prefix + "activity": activity(code).pk,
                prefix + "state": "active",
                prefix + "state_date": "",
                prefix + "state_note": "",
                prefix + "title": "",
                prefix + "description": "",
            }
        )
    return data


def test_the_admin_is_in_dutch(client, coordinator):
    body = client.get("/beheer/").content.decode()
    assert "Beheer van het netwerk" in body
    assert "Lidmaatschappen" in body


def test_it_refuses_an_active_membership_with_two_commitments(client, coordinator):
    response = client.post(
        "/beheer/membership/membership/add/", membership_form(["reception", "housing"])
    )
    assert response.status_code == 200
    assert "minstens 3 engagementen" in response.content.decode()
    assert not Membership.objects.exists()


def test_it_accepts_an_active_membership_with_three_commitments(client, coordinator):
    response = client.post(
        "/beheer/membership/membership/add/",
        membership_form(["reception", "housing", "network"]),
    )
    assert response.status_code == 302
    assert Membership.objects.get().commitments.count() == 3


def test_it_refuses_deleting_the_third_commitment(client, coordinator):
    client.post(
        "/beheer/membership/membership/add/",
        membership_form(["reception", "housing", "network"]),
    )
    membership = Membership.objects.get()
    data = membership_form(["reception", "housing", "network"])
    data["commitments-INITIAL_FORMS"] = "3"
    for index, commitment in enumerate(membership.commitments.order_by("activity__position")):
        data[f"commitments-{index}-id"] = commitment.pk
        data[f"commitments-{index}-membership"] = membership.pk
    data["commitments-2-DELETE"] = "on"
    response = client.post(f"/beheer/membership/membership/{membership.pk}/change/", data)
    assert "minstens 3 engagementen" in response.content.decode()
    assert membership.commitments.count() == 3


def test_a_change_is_kept_in_history_with_who_and_what(client, coordinator):
    initiative = InitiativeFactory(municipality=municipality("Gent"), title="Oude titel")
    response = client.post(
        f"/beheer/initiatives/initiative/{initiative.pk}/change/",
        {
            "municipality": initiative.municipality.pk,
            "title": "Nieuwe titel",
            "summary": initiative.summary,
            "text": initiative.text,
            "published": "on",
            "source_note": "",
            "sub_projects-TOTAL_FORMS": "0",
            "sub_projects-INITIAL_FORMS": "0",
            "links-TOTAL_FORMS": "0",
            "links-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = Initiative.objects.get().history.first()
    assert latest.history_user == coordinator
    assert latest.title == "Nieuwe titel"
    assert latest.prev_record.title == "Oude titel"
    history_page = client.get(f"/beheer/initiatives/initiative/{initiative.pk}/history/")
    body = history_page.content.decode()
    assert "coordinator" in body
    assert "Nieuwe titel" in body and "Oude titel" in body


def test_the_membership_list_can_show_members_to_confirm(client, coordinator):
    response = client.get("/beheer/membership/membership/", {"commitments_to_confirm__exact": "1"})
    assert response.status_code == 200


def test_it_refuses_stopping_the_third_commitment(client, coordinator):
    client.post(
        "/beheer/membership/membership/add/",
        membership_form(["reception", "housing", "network"]),
    )
    membership = Membership.objects.get()
    data = membership_form(["reception", "housing", "network"])
    data["commitments-INITIAL_FORMS"] = "3"
    for index, commitment in enumerate(membership.commitments.order_by("activity__position")):
        data[f"commitments-{index}-id"] = commitment.pk
        data[f"commitments-{index}-membership"] = membership.pk
    data["commitments-1-state"] = "stopped"
    data["commitments-1-state_date"] = "2025-05-01"
    response = client.post(f"/beheer/membership/membership/{membership.pk}/change/", data)
    assert "minstens 3 engagementen" in response.content.decode()
    assert not membership.commitments.filter(state="stopped").exists()


def test_commitments_made_in_the_back_office_stand_on_the_first_rung(client, coordinator):
    client.post(
        "/beheer/membership/membership/add/",
        membership_form(["reception", "housing", "network"]),
    )
    membership = Membership.objects.get()

    rungs = [list(c.rungs.values_list("rung", "date")) for c in membership.commitments.all()]
    assert rungs == [[(Rung.DECIDED, datetime.date(2025, 3, 1))]] * 3


def test_the_commitment_page_refuses_stopping_the_third(client, coordinator):
    from tests.factories import make_member

    membership = make_member("Gent", ("reception", "housing", "network"))
    housing = membership.commitments.get(activity__code="housing")
    record = housing.rungs.get()
    data = {
        "activity": housing.activity_id,
        "title": "",
        "description": "",
        "state": "stopped",
        "state_date": "2025-05-01",
        "state_note": "",
        "rungs-TOTAL_FORMS": "2",
        "rungs-INITIAL_FORMS": "1",
        "rungs-MIN_NUM_FORMS": "0",
        "rungs-MAX_NUM_FORMS": "1000",
        "rungs-0-id": record.pk,
        "rungs-0-commitment": housing.pk,
        "rungs-0-rung": "1",
        "rungs-0-date": "2024-03-01",
        "rungs-0-evidence_url": "",
        "rungs-0-evidence_note": "",
        "rungs-1-commitment": housing.pk,
        "rungs-1-rung": "",
        "rungs-1-date": "",
        "rungs-1-evidence_url": "",
        "rungs-1-evidence_note": "",
    }
    response = client.post(f"/beheer/membership/commitment/{housing.pk}/change/", data)
    assert response.status_code == 200
    assert "minstens 3 engagementen; er zijn er nu 2" in response.content.decode()
    housing.refresh_from_db()
    assert housing.state == "active"

    # A coordinator adds a rung on the commitment's page: the rung reached follows.
    data.update(
        {
            "state": "active",
            "state_date": "",
            "rungs-1-rung": "3",
            "rungs-1-date": "2025-04-01",
            "rungs-1-evidence_url": "https://gent.be/wonen",
        }
    )
    response = client.post(f"/beheer/membership/commitment/{housing.pk}/change/", data)
    assert response.status_code == 302
    housing.refresh_from_db()
    assert housing.rung == Rung.IN_PROGRESS
    assert housing.rungs.count() == 2
