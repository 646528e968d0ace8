"""No export, API answer or machine-readable file holds a resident's data or a contact that
is not public.

Decision: a *public* contact person (name, address, phone) is shown on the municipality's
page, so the API's detail of that municipality (/api/v1/municipalities/<refnis>/) may
carry it, as it did before. No download, list, feed, map file or badge has any contact.
"""

import pytest

from solidair.letters.models import CollectiveLetter, CoSignature, CouncilAddress, ResidentLetter
from solidair.membership.models import ContactPerson
from solidair.municipalities.models import Municipality
from solidair.network.models import Meeting, Registration
from solidair.opendata.exports import DATASETS
from solidair.opendata.figures import FIGURES

pytestmark = pytest.mark.django_db


def every_open_data_url() -> list[str]:
    urls = [
        "/api/v1/openapi.json",
        "/api/v1/municipalities/?limit=500",
        "/api/v1/initiatives/?limit=200",
        "/api/v1/campaign/?limit=500",
        "/api/v1/meetings/?limit=200",
        "/api/v1/recommendations/?limit=200",
        "/api/v1/reception/?limit=500",
        "/kaart/gemeenten.geojson",
        "/feeds/leden.atom",
        "/feeds/praktijken.atom",
        "/feeds/aanbevelingen.atom",
    ]
    urls += [f"/open-data/{slug}.{fmt}" for slug in DATASETS for fmt in ("csv", "json")]
    urls += [f"/cijfers/{slug}.csv" for slug in FIGURES]
    with_data = Municipality.objects.filter(
        pk__in=[
            *ContactPerson.objects.values_list("municipality", flat=True),
            *ResidentLetter.objects.values_list("municipality", flat=True),
            *CollectiveLetter.objects.values_list("municipality", flat=True),
        ]
    )
    for place in with_data:
        urls += [f"/badge/{place.slug}.svg", f"/api/v1/municipalities/{place.refnis}/"]
    return urls


def private_values() -> set[str]:
    """Everything personal the database holds, read from the database itself."""
    values = set(ContactPerson.objects.filter(is_public=False).values_list("email", flat=True))
    for letter in ResidentLetter.objects.all():
        values |= {letter.email, letter.name, letter.phone, letter.council_email}
    for letter in CollectiveLetter.objects.all():
        values |= {letter.initiator_email, letter.initiator_name}
    for signature in CoSignature.objects.all():
        values |= {signature.email, signature.name}
    values |= set(CouncilAddress.objects.values_list("email", flat=True))
    for registration in Registration.objects.all():
        values |= {registration.email, registration.name}
    values |= set(Meeting.objects.values_list("online_url", flat=True))
    values.discard("")
    return values


def test_no_personal_data_anywhere_in_the_open_data(client, network, campaign, learning):
    private = private_values()
    public = set(ContactPerson.objects.filter(is_public=True).values_list("email", flat=True))
    # The fixtures stored what this test looks for.
    assert set(campaign) <= private
    assert "deelnemer@private.example" in private
    assert len(private) >= 15 and len(public) >= 4

    checked = 0
    for url in every_open_data_url():
        response = client.get(url)
        if url.endswith(".geojson") and response.status_code == 404:
            continue  # no boundaries file on this machine
        assert response.status_code == 200, url
        body = response.content.decode()
        leaked = sorted(value for value in private if value in body)
        assert not leaked, f"{url} shows {leaked}"
        if not url.startswith("/api/v1/municipalities/") or "?" in url:
            shown = sorted(email for email in public if email in body)
            assert not shown, f"{url} shows contact addresses {shown}"
        checked += 1
    assert checked >= 25


def test_public_contacts_are_in_the_apis_detail_only(client, network):
    public = ContactPerson.objects.filter(municipality__name_nl="Gent", is_public=True).first()

    assert public.email in client.get("/api/v1/municipalities/44021/").content.decode()
    assert public.email not in client.get("/open-data/gemeenten.json").content.decode()
