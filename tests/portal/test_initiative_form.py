"""The portal's initiative form guides the contact through a practice's structured fields:
fieldsets with legends and hints, an error summary, the contact chosen among the
municipality's own contacts, and what is saved shows on the public page."""

import pytest

from solidair.initiatives.models import Initiative
from solidair.membership.models import ContactPerson
from tests.factories import activity
from tests.helpers import COLLEAGUE, MEMBER_CONTACT, OUTSIDER

pytestmark = pytest.mark.django_db

BASE = "/portaal/merelbeke-melle"


def form(**changes) -> dict:
    data = {
        "title": "Woonbox",
        "summary": "Een eerste woning.",
        "text": "",
        "aim": "Wie erkend is, vindt een eerste woning.",
        "audience": "refugees",
        "audience_note": "Alleenstaanden",
        "approach": "De gemeente huurt en verhuurt door.",
        "result": "Negen op tien vonden daarna zelf een woning.",
        "people_reached": "35",
        "people_reached_year": "2025",
        "started_year": "2021",
        "cost_band": "medium",
        "funding": "Eigen middelen.",
        "local_partners": "Het sociaal verhuurkantoor.",
        "to_copy": "Een woonbegeleider.",
        "contact": "",
        "themes": [activity("housing").pk],
        "image_alt": "",
        "published": "on",
    }
    data.update(changes)
    return data


def contact(email: str) -> ContactPerson:
    return ContactPerson.objects.get(email=email)


def test_the_form_groups_the_fields_in_fieldsets_with_hints(member_client, network):
    body = member_client.get(f"{BASE}/initiatieven/nieuw/").content.decode()
    legends = [
        "Het initiatief in het kort",
        "Doel en doelgroep",
        "Voor wie",
        "Aanpak",
        "Resultaat",
        "Kosten en financiering",
        "Kosten per jaar",
        "Samenwerken en overnemen",
        "Contact",
    ]
    positions = [body.find(f"<legend>{legend}</legend>") for legend in legends]
    assert -1 not in positions, [p for p, at in zip(legends, positions, strict=True) if at == -1]
    assert positions == sorted(positions)
    assert "Noem cijfers waar je ze hebt, met hun jaar." in body
    assert 'aria-describedby="id_to_copy_helptext"' in body
    # Only the municipality's own contacts are offered, by name.
    assert MEMBER_CONTACT.name in body and COLLEAGUE.name in body
    assert OUTSIDER.name not in body


def test_a_contact_fills_in_the_structured_fields(member_client, network, client):
    chosen = contact(MEMBER_CONTACT.email)
    response = member_client.post(f"{BASE}/initiatieven/nieuw/", form(contact=chosen.pk))
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Woonbox")
    assert initiative.audience == "refugees" and initiative.cost_band == "medium"
    assert (initiative.people_reached, initiative.people_reached_year) == (35, 2025)
    assert initiative.started_year == 2021 and initiative.contact == chosen
    assert initiative.to_copy == "Een woonbegeleider."
    assert initiative.history.exists()

    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "35 mensen bereikt" in page and "Een woonbegeleider." in page
    # In the library's filters at once.
    assert "Woonbox" in client.get("/initiatieven/", {"voor_wie": "refugees"}).content.decode()


def test_another_municipalitys_contact_is_refused(member_client, network):
    response = member_client.post(
        f"{BASE}/initiatieven/nieuw/", form(contact=contact(OUTSIDER.email).pk)
    )
    assert response.status_code == 200
    assert not Initiative.objects.filter(title="Woonbox").exists()
    assert 'href="#id_contact"' in response.content.decode()


def test_errors_are_summed_up_with_links_to_their_fields(member_client, network):
    response = member_client.post(
        f"{BASE}/initiatieven/nieuw/",
        form(people_reached="veel", started_year="1850", audience="iedereen"),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert" id="fouten"' in body and "Kijk je gegevens even na" in body
    for field in ("people_reached", "started_year"):
        assert f'href="#id_{field}"' in body
    assert 'href="#id_audience' in body
    assert "Wie erkend is, vindt een eerste woning." in body  # kept
    assert not Initiative.objects.filter(title="Woonbox").exists()


def test_a_year_without_a_number_is_refused(member_client, network):
    response = member_client.post(
        f"{BASE}/initiatieven/nieuw/", form(people_reached="", people_reached_year="2025")
    )
    assert "Geef het aantal bereikte mensen bij het jaar." in response.content.decode()


def test_everything_but_the_title_may_stay_empty(member_client, network):
    empty = {name: "" for name in form() if name not in ("title", "themes", "published")}
    response = member_client.post(f"{BASE}/initiatieven/nieuw/", {**empty, "title": "Kaal"})
    assert response.status_code == 302
    initiative = Initiative.objects.get(title="Kaal")
    assert initiative.audience == "" and initiative.people_reached is None


def test_the_form_is_in_french(member_client, network):
    body = member_client.get(f"/fr{BASE}/initiatieven/nieuw/").content.decode()
    assert "<legend>Objectif et public</legend>" in body
    assert "Ce qu&#x27;il faut pour la reproduire" in body or "ce qu&#x27;il faut" in body


def test_an_outsider_cannot_edit_the_practices_of_another_municipality(outsider_client, network):
    initiative = network.initiatives.first()
    assert outsider_client.get(f"{BASE}/initiatieven/{initiative.pk}/").status_code == 404
    assert outsider_client.post(f"{BASE}/initiatieven/nieuw/", form()).status_code == 404
