"""Atom feeds of new members and new practices, parsed back."""

import datetime
import xml.etree.ElementTree as ET

import pytest

from tests.factories import InitiativeFactory, make_member, municipality

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


def read_feed(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}updated").text
    links = {link.get("rel"): link.get("href") for link in root.findall(f"{ATOM}link")}
    assert links["self"] == f"http://testserver{url}"
    return root


def entries(root: ET.Element) -> list[dict]:
    return [
        {
            "title": entry.find(f"{ATOM}title").text,
            "link": entry.find(f"{ATOM}link").get("href"),
            "id": entry.find(f"{ATOM}id").text,
            "updated": entry.find(f"{ATOM}updated").text,
            "published": entry.find(f"{ATOM}published").text,
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def test_new_members_newest_first(client):
    make_member("Gent", since=datetime.date(2023, 5, 2))
    make_member("Aartselaar", since=datetime.date(2025, 2, 1))

    root = read_feed(client, "/feeds/leden.atom")

    assert root.find(f"{ATOM}title").text == "Solidaire Gemeenten: nieuwe leden"
    found = entries(root)
    assert [e["title"] for e in found] == [
        "Aartselaar is een Solidaire Gemeente",
        "Gent is een Solidaire Stad",
    ]
    assert found[1]["link"] == "http://testserver/gemeenten/gent/"
    assert found[1]["published"].startswith("2023-05-02T12:00:00")
    assert found[1]["id"].startswith("tag:solidairegemeenten.be,2025:membership/")
    assert all(e["updated"] for e in found)


def test_only_active_members_are_in_the_members_feed(client, network):
    titles = [e["title"] for e in entries(read_feed(client, "/feeds/leden.atom"))]

    assert "Gent is een Solidaire Stad" in titles
    assert not any(title.startswith(("Leuven", "Genk")) for title in titles)  # suspended, applied


def test_new_practices_are_published_initiatives(client):
    initiative = InitiativeFactory(municipality=municipality("Gent"), title="Buddy's")
    InitiativeFactory(municipality=municipality("Gent"), title="Concept", published=False)

    found = entries(read_feed(client, "/feeds/praktijken.atom"))

    assert [e["title"] for e in found] == ["Gent: Buddy's"]
    assert found[0]["link"] == f"http://testserver{initiative.get_absolute_url()}"


@pytest.mark.parametrize(
    ("path", "feed"),
    [
        ("/gemeenten/", "/feeds/leden.atom"),
        ("/initiatieven/", "/feeds/praktijken.atom"),
        ("/kaart/", "/feeds/leden.atom"),
        ("/open-data/", "/feeds/praktijken.atom"),
    ],
)
def test_pages_link_their_feed(client, path, feed):
    html = client.get(path).content.decode()

    assert f'<link rel="alternate" type="application/atom+xml" href="{feed}"' in html
