"""/open-data/: the page and the CSV and JSON downloads, read back."""

import csv
import io

import pytest

from solidair.municipalities.models import Municipality
from solidair.opendata.exports import DATASETS
from tests.factories import ContactPersonFactory, InitiativeFactory, municipality

pytestmark = pytest.mark.django_db


def read_csv(client, slug: str) -> list[dict]:
    response = client.get(f"/open-data/{slug}.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="solidaire-gemeenten-{slug}.csv"'
    )
    reader = csv.DictReader(io.StringIO(response.content.decode()))
    assert tuple(reader.fieldnames) == DATASETS[slug].columns
    return list(reader)


def read_json(client, slug: str) -> dict:
    response = client.get(f"/open-data/{slug}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


@pytest.mark.parametrize("slug", list(DATASETS))
def test_every_dataset_reads_back_the_same_as_csv_and_json(
    client, network, campaign, learning, slug
):
    rows = read_csv(client, slug)
    document = read_json(client, slug)

    assert rows, slug
    assert document["dataset"] == slug
    assert document["licence"] == "CC BY 4.0"
    assert "Statbel" in document["attribution"]
    assert document["columns"] == list(DATASETS[slug].columns)
    assert len(document["items"]) == len(rows)
    key = DATASETS[slug].columns[0]  # refnis or id
    assert [str(item[key]) for item in document["items"]] == [row[key] for row in rows]


def test_municipalities_have_their_status(client, network):
    rows = {row["name_nl"]: row for row in read_csv(client, "gemeenten")}

    assert len(rows) == Municipality.objects.flemish().count() == 285
    assert rows["Gent"]["status"] == "member"
    assert rows["Gent"]["member_since"] == "2024-03-01"
    assert rows["Gent"]["commitments_chosen"] == "3"
    assert rows["Gent"]["commitments_realised"] == "0"
    assert rows["Gent"]["is_city"] == "true"
    assert rows["Brugge"]["status"] == "to_confirm"
    assert rows["Leuven"]["status"] == "suspended"
    assert rows["Leuven"]["commitments_chosen"] == "0"
    assert rows["Genk"]["status"] == "none"
    assert rows["Genk"]["member_since"] == ""
    assert rows["Gent"]["url"] == "/gemeenten/gent/"


def test_memberships_include_every_status(client, network):
    statuses = {row["municipality"]: row["status"] for row in read_csv(client, "lidmaatschappen")}

    assert statuses["Gent"] == "member"
    assert statuses["Leuven"] == "suspended"
    assert statuses["Genk"] == "applied"


def test_commitments_are_those_of_active_members(client, network):
    rows = read_csv(client, "engagementen")

    gent = [row["activity"] for row in rows if row["municipality"] == "Gent"]
    assert gent == ["reception", "network", "education"]
    assert not [row for row in rows if row["municipality"] == "Leuven"]


def test_initiatives_are_published_ones_as_plain_text(client, network):
    rows = read_csv(client, "initiatieven")

    titles = [row["title"] for row in rows]
    assert "Buddy's voor nieuwkomers" in titles
    assert "Nog niet klaar" not in titles
    buddies = next(row for row in rows if row["title"] == "Buddy's voor nieuwkomers")
    assert buddies["text"] == "Lees meer."
    assert buddies["themes"] == "participation"


def test_an_initiative_in_plain_text_is_downloaded_as_written(client, network):
    InitiativeFactory(
        municipality=municipality("Gent"), title="Platte tekst", text="1 < 2 & 3\n\n- een lijst"
    )
    rows = read_csv(client, "initiatieven")

    (row,) = [row for row in rows if row["title"] == "Platte tekst"]
    assert row["text"] == "1 < 2 & 3\n\n- een lijst"


def test_campaign_counts_are_numbers_only(client, campaign):
    rows = {row["municipality"]: row for row in read_csv(client, "campagne")}

    assert len(rows) == 285
    assert rows["Gent"] == {
        "refnis": "44021",
        "municipality": "Gent",
        "province": "Oost-Vlaanderen",
        "letters_composed": "7",
        "resident_letters_sent": "2",
        "collective_letters_sent": "0",
        "co_signatures": "2",
        "residents": "5",
        "council_responses": "2",
    }
    assert rows["Hasselt"]["letters_composed"] == "3"
    assert rows["Hasselt"]["residents"] == "0"


def test_a_value_with_commas_and_quotes_survives_csv(client, network):
    from tests.factories import InitiativeFactory, municipality

    InitiativeFactory(municipality=municipality("Gent"), title='Eten, "samen" koken\nthuis')

    titles = [row["title"] for row in read_csv(client, "initiatieven")]
    assert 'Eten, "samen" koken\nthuis' in titles


def test_a_title_that_looks_like_a_formula_stays_text_in_a_spreadsheet(client, network):
    from tests.factories import InitiativeFactory, municipality

    InitiativeFactory(municipality=municipality("Gent"), title='=HYPERLINK("http://x.test")')

    titles = [row["title"] for row in read_csv(client, "initiatieven")]
    assert """'=HYPERLINK("http://x.test")""" in titles
    # JSON is for programs: the value as written.
    items = read_json(client, "initiatieven")["items"]
    assert '=HYPERLINK("http://x.test")' in [item["title"] for item in items]


def test_the_page_explains_the_datasets_and_the_licence(client):
    page = client.get("/open-data/").content.decode()

    assert "CC BY 4.0" in page
    assert "Statbel" in page
    for slug in DATASETS:
        assert f'href="/open-data/{slug}.csv"' in page
        assert f'href="/open-data/{slug}.json"' in page
    assert 'href="/api/v1/openapi.json"' in page
    assert 'type="application/atom+xml" href="/feeds/leden.atom"' in page


def test_an_unknown_dataset_is_a_404(client):
    assert client.get("/open-data/onbekend.csv").status_code == 404
    assert client.get("/open-data/onbekend.json").status_code == 404


def test_meetings_are_the_published_ones_without_their_online_link(client, learning):
    rows = read_csv(client, "bijeenkomsten")

    assert [row["title"] for row in rows] == ["Werk en taal", "Wonen na de opvang"]
    autumn, spring = rows
    assert autumn["place"] == "" and autumn["capacity"] == "40"
    assert spring["starts_at"] == "2026-03-12T14:00:00+01:00"
    assert spring["recommendations"] == "1"
    assert spring["url"] == f"/netwerk/bijeenkomsten/{learning['meetings'][1].pk}/"
    body = client.get("/open-data/bijeenkomsten.json").content.decode()
    assert "room-only-for-participants" not in body
    assert "In voorbereiding" not in body


def test_recommendations_carry_their_current_status(client, learning):
    rows = {row["title"]: row for row in read_csv(client, "aanbevelingen")}

    assert set(rows) == {"Meer sociale woningen", "Taalcoaches"}
    housing = rows["Meer sociale woningen"]
    assert housing["status"] == "answered" and housing["status_date"] == "2026-05-02"
    assert housing["level"] == "flemish"
    assert housing["addressee"] == "Vlaams minister van Wonen"
    assert housing["activities"] == "housing"
    assert housing["meeting_id"] == str(learning["meetings"][1].pk)
    assert rows["Taalcoaches"]["status"] == "formulated"
    assert rows["Taalcoaches"]["status_date"] == ""


def test_reception_places_are_the_latest_figures_of_active_members(client, learning):
    rows = read_csv(client, "opvang")

    assert [(row["municipality"], row["kind"], row["places"]) for row in rows] == [
        ("Gent", "loi_family", "15"),
        ("Gent", "minors", "4"),
    ]
    assert rows[0]["counted_on"] == "2026-06-01"
    assert rows[0]["province"] == "Oost-Vlaanderen"


def test_initiatives_carry_their_structured_fields_but_never_their_contact(client, network):
    gent = municipality("Gent")
    InitiativeFactory(
        municipality=gent,
        title="Gestructureerd",
        aim="Sneller thuis.",
        audience="refugees",
        people_reached=1200,
        people_reached_year=2025,
        cost_band="large",
        to_copy="Een coördinator.",
        contact=ContactPersonFactory(municipality=gent, email="praktijk@gent.be", is_public=True),
    )
    rows = read_csv(client, "initiatieven")

    row = next(row for row in rows if row["title"] == "Gestructureerd")
    assert row["aim"] == "Sneller thuis." and row["audience"] == "refugees"
    assert (row["people_reached"], row["people_reached_year"]) == ("1200", "2025")
    assert row["cost_band"] == "large" and row["to_copy"] == "Een coördinator."
    assert row["started_year"] == "" and row["approach"] == ""
    assert "praktijk@gent.be" not in str(rows)
    (item,) = [i for i in read_json(client, "initiatieven")["items"] if i["title"] == row["title"]]
    assert item["people_reached"] == 1200 and item["started_year"] is None
