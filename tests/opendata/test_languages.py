"""The open data's human-readable labels in ?lang= or Accept-Language; machine values fixed."""

import json

import pytest
from django.urls import translate_url

from tests.factories import make_member

MUNICIPALITIES = "/api/v1/municipalities/"
ANTWERP = "11002"

pytestmark = pytest.mark.django_db


@pytest.fixture
def antwerp_member(db):
    return make_member("Antwerpen", ("reception", "housing", "network"))


def antwerp_in(response) -> dict:
    return next(item for item in response.json()["items"] if item["refnis"] == ANTWERP)


class TestApiLabels:
    def test_lang_fr_gives_french_labels_and_the_same_machine_values(self, client, antwerp_member):
        dutch = antwerp_in(client.get(MUNICIPALITIES))
        french_response = client.get(MUNICIPALITIES, {"lang": "fr"})
        french = antwerp_in(french_response)

        assert dutch["display_name"] == "Antwerpen"
        assert french["display_name"] == "Anvers"
        assert dutch["commitment_labels"] == ["Opvangplaatsen", "Huisvesting", "Lerend netwerk"]
        assert french["commitment_labels"] == [
            "Places d'accueil",
            "Logement",
            "Réseau d'apprentissage",
        ]
        assert (dutch["province_label"], french["province_label"]) == ("Antwerpen", "Anvers")
        machine = ("refnis", "name", "name_fr", "slug", "province", "status", "commitments")
        assert {key: french[key] for key in machine} == {key: dutch[key] for key in machine}
        assert (french["name"], french["name_fr"]) == ("Antwerpen", "Anvers")
        assert french["commitments"] == ["reception", "housing", "network"]
        assert french_response["Content-Language"] == "fr"

    def test_english_uses_the_dutch_name_and_english_commitment_titles(
        self, client, antwerp_member
    ):
        english = antwerp_in(client.get(MUNICIPALITIES, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9"))
        assert english["display_name"] == "Antwerpen"
        assert english["commitment_labels"] == [
            "Reception places",
            "Housing",
            "Learning network",
        ]

    def test_accept_language_decides_without_lang_and_lang_wins_over_it(
        self, client, antwerp_member
    ):
        by_header = client.get(MUNICIPALITIES, HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9,nl;q=0.5")
        assert antwerp_in(by_header)["display_name"] == "Anvers"
        assert by_header["Content-Language"] == "fr"
        overruled = client.get(MUNICIPALITIES, {"lang": "nl"}, HTTP_ACCEPT_LANGUAGE="fr")
        assert antwerp_in(overruled)["display_name"] == "Antwerpen"
        assert overruled["Content-Language"] == "nl-be"
        unknown = client.get(MUNICIPALITIES, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
        assert antwerp_in(unknown)["display_name"] == "Antwerpen"
        assert unknown["Content-Language"] == "nl-be"

    def test_each_language_has_its_own_etag_and_the_answer_varies_on_accept_language(
        self, client, antwerp_member
    ):
        etags = set()
        for lang in ("nl", "fr", "en"):
            response = client.get(MUNICIPALITIES, {"lang": lang})
            assert "Accept-Language" in response["Vary"]
            etags.add(response["ETag"])
            again = client.get(MUNICIPALITIES, {"lang": lang}, HTTP_IF_NONE_MATCH=response["ETag"])
            assert again.status_code == 304
        assert len(etags) == 3
        # The English answer's ETag does not validate the French one.
        english = client.get(MUNICIPALITIES, {"lang": "en"})
        french = client.get(MUNICIPALITIES, {"lang": "fr"}, HTTP_IF_NONE_MATCH=english["ETag"])
        assert french.status_code == 200

    def test_the_detail_takes_lang_and_an_unknown_lang_is_refused(self, client, antwerp_member):
        detail = client.get(f"{MUNICIPALITIES}{ANTWERP}/", {"lang": "fr"}).json()
        assert detail["display_name"] == "Anvers"
        assert client.get(f"{MUNICIPALITIES}{ANTWERP}/", {"lang": "de"}).status_code == 422
        assert client.get(MUNICIPALITIES, {"lang": "xx"}).status_code == 422

    def test_campaign_and_initiatives_have_labels(self, client, antwerp_member):
        from tests.factories import InitiativeFactory, activity, municipality

        InitiativeFactory(municipality=municipality("Antwerpen"), themes=[activity("housing")])
        campaign = client.get("/api/v1/campaign/", {"lang": "fr"})
        assert antwerp_in(campaign)["display_name"] == "Anvers"
        assert antwerp_in(campaign)["name"] == "Antwerpen"
        [initiative] = client.get("/api/v1/initiatives/", {"lang": "fr"}).json()["items"]
        assert initiative["themes"] == ["housing"]
        assert initiative["theme_labels"] == ["Logement"]
        assert initiative["municipality"]["display_name"] == "Anvers"
        assert initiative["municipality"]["name"] == "Antwerpen"

    def test_the_openapi_document_describes_lang(self, client):
        document = client.get("/api/v1/openapi.json").json()
        for path in ("/api/v1/municipalities/", "/api/v1/municipalities/{refnis}/"):
            parameters = document["paths"][path]["get"]["parameters"]
            [lang] = [p for p in parameters if p["name"] == "lang"]
            assert lang["in"] == "query"
            assert "Accept-Language" in lang["description"]


class TestFilesInTheReadersLanguage:
    def test_the_badge_names_the_municipality_in_french(self, client, antwerp_member):
        french = client.get("/badge/antwerpen.svg", {"lang": "fr"})
        assert "Anvers" in french.content.decode()
        assert french["Content-Language"] == "fr"
        dutch = client.get("/badge/antwerpen.svg")
        assert "Anvers" not in dutch.content.decode() and "Antwerpen" in dutch.content.decode()
        assert dutch["ETag"] != french["ETag"]

    def test_the_map_data_shows_names_in_the_page_language_and_keeps_both(
        self,
        client,
        needs_boundaries,
    ):
        response = client.get("/kaart/gemeenten.geojson", {"lang": "fr"})
        features = json.loads(response.content)["features"]
        antwerp = next(f for f in features if f["properties"]["refnis"] == ANTWERP)
        assert antwerp["properties"]["name"] == "Anvers"
        assert antwerp["properties"]["name_nl"] == "Antwerpen"
        assert antwerp["properties"]["name_fr"] == "Anvers"

    def test_the_map_page_asks_for_the_data_in_its_language(
        self,
        client,
        needs_boundaries,
    ):
        response = client.get(translate_url("/kaart/", "fr"), HTTP_ACCEPT_LANGUAGE="fr")
        body = response.content.decode().replace('"/fr/', '"/')
        assert 'data-geojson="/kaart/gemeenten.geojson?lang=fr"' in body
        assert 'href="/kaart/gemeenten.geojson?lang=fr" as="fetch"' in body

    def test_the_campaign_export_keeps_its_columns_in_every_language(self, client):
        dutch = client.get("/open-data/campagne.csv").content.decode().splitlines()[0]
        french = client.get("/open-data/campagne.csv", {"lang": "fr"}).content.decode()
        assert french.splitlines()[0] == dutch
        assert "display_name" not in dutch
