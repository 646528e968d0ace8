"""Plain helpers for tests/applications (fixtures: conftest.py)."""

import re

from solidair.applications.models import Application

APPLICANT = "sam.peeters@kortrijk.be"
LINK = re.compile(r"https?://\S+/aansluiten/([0-9a-f]{64})/")


def start(client, slug: str = "kortrijk", email: str = APPLICANT, **extra) -> str:
    """Begin an application as a person would; return the token of its link."""
    response = client.post(
        f"/aansluiten/gemeente/{slug}/",
        {
            "applicant_name": "Sam Peeters",
            "applicant_email": email,
            "applicant_role": "Diensthoofd sociale dienst",
            "website": "",
            **extra,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    match = re.match(r"^/aansluiten/([0-9a-f]{64})/engagementen/$", response["Location"])
    assert match, response["Location"]
    return match.group(1)


def commitments_data(codes=("reception", "housing", "network"), action="verder", **extra) -> dict:
    data = {"actie": action}
    for code in codes:
        data[f"kies_{code}"] = "on"
        data[f"omschrijving_{code}"] = f"Wat we doen voor {code}."
    data.update(extra)
    return data


def decision_data(action="verder", **extra) -> dict:
    return {
        "actie": action,
        "decision_body": "council",
        "decision_date": "15-09-2025",
        "decision_url": "https://www.kortrijk.be/besluiten/2025-09-15",
        **extra,
    }


def contacts_data(contacts=None, *, initial: int = 0, action="verder") -> dict:
    contacts = (
        contacts
        if contacts is not None
        else [
            {
                "name": "An De Smet",
                "email": "an.desmet@kortrijk.be",
                "role": "Maatschappelijk werker",
            }
        ]
    )
    data = {
        "actie": action,
        "contact-TOTAL_FORMS": str(len(contacts)),
        "contact-INITIAL_FORMS": str(initial),
        "contact-MIN_NUM_FORMS": "0",
        "contact-MAX_NUM_FORMS": "10",
    }
    for index, contact in enumerate(contacts):
        for key, value in {"phone": "", "is_public": "on", **contact}.items():
            if value is not None:
                data[f"contact-{index}-{key}"] = value
    return data


def fill(client, token: str) -> None:
    """Every step, complete."""
    base = f"/aansluiten/{token}"
    assert client.post(f"{base}/engagementen/", commitments_data()).status_code == 302
    assert client.post(f"{base}/beslissing/", decision_data()).status_code == 302
    assert client.post(f"{base}/contactpersonen/", contacts_data()).status_code == 302


def submitted(client, slug: str = "kortrijk") -> tuple[Application, str]:
    token = start(client, slug)
    fill(client, token)
    response = client.post(f"/aansluiten/{token}/indienen/")
    assert response.status_code == 302, response.content.decode()[:3000]
    application = Application.objects.get(municipality__slug=slug)
    assert application.status == "submitted"
    return application, token


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()
