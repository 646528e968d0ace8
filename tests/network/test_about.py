import pytest

pytestmark = pytest.mark.django_db


def test_it_explains_the_offer_the_commitments_and_the_partners(client):
    body = client.get("/netwerk/").content.decode()
    assert "Drie lerende netwerken per jaar." in body
    assert "brochure met goede praktijken" in body
    for level in ("Lokaal:", "Vlaams:", "Federaal:"):
        assert level in body
    assert body.count("<li><h3>") == 10
    for partner in (
        "Vluchtelingenwerk Vlaanderen",
        "11.11.11",
        "Caritas",
        "Amnesty International Vlaanderen",
        "Beweging.net",
        "VVSG",
    ):
        assert partner in body
