"""/badge/<slug>.svg and .png: what a municipality embeds on its own website."""

import datetime
import io
import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from solidair.membership.models import MembershipStatus, Rung
from tests.factories import MembershipFactory, make_member, municipality

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


def texts(client, slug: str) -> list[str]:
    response = client.get(f"/badge/{slug}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.get("role") == "img"
    lines = [text.text for text in root.iter(f"{SVG}text")]
    # The title says it all: the lines, then (for a member) each commitment's rung.
    assert root.find(f"{SVG}title").text.startswith(". ".join(lines))
    return lines


def test_a_member_shows_its_year_and_running_commitments(client):
    membership = make_member("Gent", since=datetime.date(2023, 6, 1))
    membership.commitments.filter(activity__code="housing").update(rung=Rung.IN_PROGRESS)

    assert texts(client, "gent") == [
        "Solidaire Stad sinds 2023",
        "Gent · 1 van 3 engagementen lopen",
    ]


def test_a_members_badge_shows_the_rung_of_each_commitment(client):
    membership = make_member("Gent", ("reception", "housing", "network"))
    membership.commitments.filter(activity__code="housing").update(rung=Rung.VISIBLE)
    membership.commitments.filter(activity__code="network").update(rung=Rung.IN_POLICY)

    root = ET.fromstring(client.get("/badge/gent.svg").content)

    title = root.find(f"{SVG}title").text
    assert title.endswith(
        "Opvangplaatsen: beslist. Huisvesting: zichtbaar voor inwoners. Lerend netwerk: in beleid."
    ), title
    # Three ladders of four steps; filled: 1 + 4 + 2.
    steps = list(root.iter(f"{SVG}rect"))[1:]
    assert len(steps) == 12
    assert sum(step.get("fill") != "none" for step in steps) == 7
    # The ladders are inside the badge.
    height = float(root.get("height"))
    assert all(float(s.get("y")) + float(s.get("height")) <= height for s in steps)


def test_a_municipality_is_not_called_a_city(client):
    make_member("Aartselaar", since=datetime.date(2024, 1, 1))

    assert texts(client, "aartselaar")[0] == "Solidaire Gemeente sinds 2024"


def test_a_member_with_commitments_to_confirm_says_so(client):
    legacy = make_member("Brugge", ())
    legacy.member_since = None
    legacy.commitments_to_confirm = True
    legacy.save()

    assert texts(client, "brugge") == [
        "Solidaire Stad",
        "Brugge · engagementen worden bevestigd",
    ]


def test_a_suspended_member_claims_nothing(client):
    MembershipFactory(municipality=municipality("Leuven"), status=MembershipStatus.SUSPENDED)

    lines = texts(client, "leuven")
    assert lines == ["Solidaire Gemeenten", "Leuven · lidmaatschap geschorst"]


@pytest.mark.parametrize("status", [MembershipStatus.LEFT, MembershipStatus.APPLIED, None])
def test_anyone_else_gets_the_networks_invitation(client, status):
    if status:
        MembershipFactory(municipality=municipality("Genk"), status=status)

    assert texts(client, "genk") == ["Solidaire Gemeenten", "Word ook een solidaire gemeente"]


def test_the_badge_changes_by_itself(client):
    membership = make_member("Gent", since=datetime.date(2023, 6, 1))
    first = client.get("/badge/gent.svg")
    assert "sinds 2023" in first.content.decode()

    membership.status = MembershipStatus.SUSPENDED
    membership.save()
    second = client.get("/badge/gent.svg", headers={"if-none-match": first["ETag"]})

    assert second.status_code == 200
    assert "lidmaatschap geschorst" in second.content.decode()
    assert second["ETag"] != first["ETag"]


def test_it_is_cached_briefly_and_revalidated(client):
    make_member("Gent")
    response = client.get("/badge/gent.svg")

    assert response["Cache-Control"] == "public, max-age=300, must-revalidate"
    assert response["Access-Control-Allow-Origin"] == "*"
    again = client.get("/badge/gent.svg", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize("slug", ["gent", "leuven", "genk"])
def test_the_png_is_an_image(client, slug):
    make_member("Gent")
    MembershipFactory(municipality=municipality("Leuven"), status=MembershipStatus.SUSPENDED)
    response = client.get(f"/badge/{slug}.png")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    image = Image.open(io.BytesIO(response.content))
    assert image.format == "PNG"
    # Twice the SVG's size; a member's badge has a row of small ladders more.
    assert image.size == ((600, 164) if slug == "gent" else (600, 128))
    colours = {colour for _, colour in image.convert("RGB").getcolors(maxcolors=1_000_000)}
    assert len(colours) > 10  # text was drawn, not only a plain rectangle


def test_the_member_and_suspended_png_differ(client):
    make_member("Gent")
    member = client.get("/badge/gent.png").content
    municipality("Gent").memberships.update(status=MembershipStatus.SUSPENDED)
    from solidair.operations.pagecache import bump_content_version

    bump_content_version()  # update() sends no signal
    assert client.get("/badge/gent.png").content != member


@pytest.mark.parametrize("slug", ["atlantis", "anderlecht"])  # unknown; not Flemish
def test_an_unknown_or_non_flemish_municipality_is_a_404(client, slug):
    assert client.get(f"/badge/{slug}.svg").status_code == 404
    assert client.get(f"/badge/{slug}.png").status_code == 404


def test_the_member_page_shows_the_embed_code(client):
    make_member("Gent")

    page = client.get("/gemeenten/gent/").content.decode()

    assert "<summary>Badge voor de website van de gemeente</summary>" in page
    assert (
        '&lt;a href="http://127.0.0.1:8000/gemeenten/gent/"&gt;&lt;img '
        'src="http://127.0.0.1:8000/badge/gent.svg"'
    ) in page
    assert "http://127.0.0.1:8000/badge/gent.png" in page


def test_a_non_member_page_shows_no_embed_code(client):
    assert "embed-code" not in client.get("/gemeenten/genk/").content.decode()
