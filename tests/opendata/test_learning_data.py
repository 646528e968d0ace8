"""The learning network and reception places in the open data: API, figure and feed."""

import xml.etree.ElementTree as ET

import pytest

from tests.opendata.helpers import SECRET_MEETING_LINK

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def test_the_api_lists_published_meetings_newest_first(client, learning):
    response = client.get("/api/v1/meetings/")

    assert response.status_code == 200
    document = response.json()
    assert document["count"] == 2
    autumn, spring = document["items"]
    assert (autumn["title"], spring["title"]) == ("Werk en taal", "Wonen na de opvang")
    assert autumn["place"] == "" and autumn["capacity"] == 40
    assert spring["recommendations"] == 1
    assert spring["starts_at"].startswith("2026-03-12T13:00:00")  # UTC
    assert SECRET_MEETING_LINK not in response.content.decode()


def test_the_api_lists_recommendations_with_their_timeline(client, learning):
    document = client.get("/api/v1/recommendations/").json()

    assert [item["title"] for item in document["items"]] == [
        "Meer sociale woningen",
        "Taalcoaches",
    ]
    housing = document["items"][0]
    assert housing["status"] == "answered"
    assert housing["status_date"] == "2026-05-02"
    assert housing["addressee"] == "Vlaams minister van Wonen"
    assert housing["activities"] == ["housing"]
    assert housing["meeting"] == learning["meetings"][1].pk
    assert [step["status"] for step in housing["steps"]] == ["sent", "answered"]
    assert housing["steps"][1]["note"] == "De minister antwoordde."


@pytest.mark.parametrize(
    ("query", "titles"),
    [
        ("level=local", ["Taalcoaches"]),
        ("status=answered", ["Meer sociale woningen"]),
        ("status=formulated", ["Taalcoaches"]),
        ("commitment=housing", ["Meer sociale woningen"]),
        ("commitment=reception", []),
    ],
)
def test_the_recommendations_can_be_filtered(client, learning, query, titles):
    document = client.get(f"/api/v1/recommendations/?{query}").json()

    assert [item["title"] for item in document["items"]] == titles
    assert document["count"] == len(titles)


def test_a_malformed_recommendation_filter_is_a_422(client, learning):
    assert client.get("/api/v1/recommendations/?level=galactic").status_code == 422
    assert client.get("/api/v1/recommendations/?limit=201").status_code == 422


def test_the_api_lists_reception_places_of_active_members(client, learning):
    document = client.get("/api/v1/reception/").json()

    assert [(i["name"], i["kind"], i["places"]) for i in document["items"]] == [
        ("Gent", "loi_family", 15),
        ("Gent", "minors", 4),
    ]
    assert document["items"][0]["counted_on"] == "2026-06-01"
    assert client.get("/api/v1/reception/?province=limburg").json()["count"] == 0
    assert client.get("/api/v1/reception/?province=oost-vlaanderen").json()["count"] == 2


def test_the_reception_figure_sums_the_members_latest_counts(client, learning):
    response = client.get("/cijfers/opvang.csv")

    assert response.status_code == 200
    lines = response.content.decode().splitlines()
    assert lines[0] == "code,soort opvang,plaatsen,leden die meldden"
    rows = {line.split(",")[0]: line.split(",")[2:] for line in lines[1:]}
    assert rows == {
        "loi_single": ["0", "0"],  # Leuven is suspended: its 99 places do not count
        "loi_family": ["15", "1"],
        "minors": ["4", "1"],
        "other": ["0", "0"],
    }
    page = client.get("/cijfers/").content.decode()
    assert "Opvangplaatsen, zelf gemeld" in page
    assert "Niet nagekeken door het netwerk" in page


def test_the_recommendations_feed_tells_what_happened(client, learning):
    response = client.get("/feeds/aanbevelingen.atom")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.find(f"{ATOM}title").text == "Solidaire Gemeenten: beleidsaanbevelingen"
    entries = root.findall(f"{ATOM}entry")
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert "Meer sociale woningen: beantwoord" in titles
    assert "Meer sociale woningen: verstuurd" in titles
    assert "Nieuwe aanbeveling (Vlaams): Meer sociale woningen" in titles
    assert not any("Nog niet publiek" in title for title in titles)
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(ids) == len(set(ids))
    housing = learning["housing"]
    links = {entry.find(f"{ATOM}link").get("href") for entry in entries}
    assert f"http://testserver/netwerk/aanbevelingen/{housing.pk}/" in links
    published = [entry.find(f"{ATOM}published").text for entry in entries]
    assert published == sorted(published, reverse=True)


def test_the_open_data_page_lists_the_new_datasets_and_feed(client, learning):
    body = client.get("/open-data/").content.decode()

    for slug in ("bijeenkomsten", "aanbevelingen", "opvang"):
        assert f"/open-data/{slug}.csv" in body
    assert "/feeds/aanbevelingen.atom" in body
