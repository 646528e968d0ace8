"""/cijfers/: server-rendered SVG charts, their tables and CSV downloads."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from solidair.membership.models import Rung
from solidair.opendata import figures
from solidair.opendata.svg import Series, bar_chart, step_chart
from tests.factories import make_member

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    return list(csv.reader(io.StringIO(response.content.decode())))


def svgs(page: str) -> list[ET.Element]:
    found = []
    for part in page.split("<svg ")[1:]:
        found.append(ET.fromstring("<svg " + part.split("</svg>")[0] + "</svg>"))
    return found


def test_a_bar_chart_is_an_image_with_a_title_and_its_numbers():
    chart = bar_chart(
        title="Brieven & antwoorden",
        desc="Per provincie",
        categories=["Antwerpen", "Limburg <script>"],
        series=[Series("opgesteld", [3, 0]), Series("verstuurd", [1, 7])],
    )
    root = ET.fromstring(str(chart))

    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(f"{SVG}title").text == "Brieven & antwoorden"
    assert root.find(f"{SVG}title").get("id") == title_id
    assert root.find(f"{SVG}desc").get("id") == desc_id
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "Limburg <script>" in texts  # escaped, read back as text
    assert [t for t in texts if t.isdigit()] == ["3", "1", "0", "7"]
    # The second series is hatched: colour is not the only difference.
    assert any("hatch" in (rect.get("fill") or "") for rect in root.iter(f"{SVG}rect"))


def test_a_step_chart_draws_one_step_per_point():
    root = ET.fromstring(
        str(step_chart(title="Leden", desc="d", points=[("2023", 1), ("2024", 3)], y_label="leden"))
    )

    assert root.find(f"{SVG}path").get("d").count("L") == 3
    assert {"2023", "2024"} <= {text.text for text in root.iter(f"{SVG}text")}


def test_an_empty_chart_still_renders():
    root = ET.fromstring(str(step_chart(title="t", desc="d", points=[], y_label="y")))
    assert root.find(f"{SVG}path") is None


def test_members_over_time_count_todays_members_by_year():
    make_member("Gent", since=datetime.date(2023, 5, 2))
    make_member("Leuven", since=datetime.date(2023, 9, 1))
    make_member("Genk", since=datetime.date(2025, 1, 10))
    legacy = make_member("Brugge", ())
    legacy.member_since = None
    legacy.commitments_to_confirm = True
    legacy.save()

    figure = figures.members_over_time(today=datetime.date(2026, 3, 1))

    assert figure.rows == [[2023, 2, 2], [2024, 0, 2], [2025, 1, 3], [2026, 0, 3]]
    assert figure.notes == [
        "1 leden traden toe vóór het netwerk de datum bijhield; ze staan niet in deze grafiek."
    ]


def test_commitments_are_counted_chosen_and_realised(client):
    gent = make_member("Gent", ("reception", "housing", "network"))
    make_member("Leuven", ("reception", "education", "network"))
    gent.commitments.filter(activity__code="reception").update(rung=Rung.VISIBLE)

    rows = read_csv(client.get("/cijfers/engagementen.csv"))

    assert rows[0] == [
        "code",
        "activiteit",
        "gekozen",
        "beslist",
        "in beleid",
        "in uitvoering",
        "zichtbaar voor inwoners",
    ]
    by_code = {row[0]: row[2:] for row in rows[1:]}
    assert by_code["reception"] == ["2", "1", "0", "0", "1"]
    assert by_code["education"] == ["1", "1", "0", "0", "0"]
    assert by_code["sponsorship"] == ["0", "0", "0", "0", "0"]
    assert len(rows) == 11


def test_letters_are_counted_per_province(client, campaign):
    rows = read_csv(client.get("/cijfers/brieven.csv"))

    assert rows[0][:3] == ["provincie (code)", "provincie", "opgesteld"]
    by_province = {row[0]: row[2:] for row in rows[1:]}
    assert by_province["oost-vlaanderen"] == ["7", "2", "0"]  # Gent
    assert by_province["vlaams-brabant"] == ["0", "1", "0"]  # Leuven
    assert by_province["limburg"] == ["3", "0", "0"]  # Hasselt: composed only
    assert len(rows) == 6  # five Flemish provinces


def test_published_answers_are_counted_by_kind(client, campaign):
    rows = read_csv(client.get("/cijfers/antwoorden.csv"))

    assert {row[0]: row[2] for row in rows[1:]} == {
        "agenda": "1",
        "joined": "1",
        "declined": "0",  # hidden by a coordinator
        "other": "0",
    }


def test_the_page_shows_every_chart_with_its_table_and_download(client, campaign):
    make_member("Gent", since=datetime.date(2024, 2, 1))

    page = client.get("/cijfers/").content.decode()

    charts = svgs(page)
    assert len(charts) == 5
    assert [c.find(f"{SVG}title").text for c in charts] == [
        "Leden door de jaren heen",
        "Engagementen: gekozen, en hoe ver ze kwamen",
        "Opvangplaatsen, zelf gemeld",
        "Brieven per provincie",
        "Antwoorden van besturen",
    ]
    assert page.count('<table class="data-table">') == 5
    for slug in ("leden", "engagementen", "opvang", "brieven", "antwoorden"):
        assert f'href="/cijfers/{slug}.csv"' in page
    assert '<th scope="row">Oost-Vlaanderen</th>' in page
    assert '<link rel="stylesheet" href="/static/css/opendata.css">' in page
    assert "@media print" in Path(finders.find("css/opendata.css")).read_text()


def test_an_empty_network_has_empty_states(client):
    page = client.get("/cijfers/").content.decode()

    assert "Er zijn nog geen cijfers." in page  # no members over time yet
    assert read_csv(client.get("/cijfers/leden.csv")) == [
        ["jaar", "nieuwe leden", "leden op het einde van het jaar"]
    ]


def test_an_unknown_figure_is_a_404(client):
    assert client.get("/cijfers/onbekend.csv").status_code == 404
