"""Every count of a member's commitments counts the active ones only: a stopped commitment
stays on the member's page with its date, and counts nowhere (badge, downloads, figures, API,
directory, home, back-office). A paused one still counts as chosen, but not as running."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest

from solidair.membership.models import REALISED_FROM, CommitmentState, Rung
from tests.factories import CommitmentFactory, activity, make_member

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# Gent has three decided commitments and a fourth, education, on the rung and in the state
# under test.
FOURTH = "education"
CASES = [(rung, CommitmentState.ACTIVE) for rung in Rung] + [
    (Rung.VISIBLE, CommitmentState.PAUSED),
    (Rung.DECIDED, CommitmentState.STOPPED),
    (Rung.VISIBLE, CommitmentState.STOPPED),
]


@pytest.fixture(params=CASES, ids=[f"{rung.name}-{state}" for rung, state in CASES])
def gent(request):
    rung, state = request.param
    membership = make_member("Gent", ("reception", "housing", "network"))
    CommitmentFactory(
        membership=membership,
        activity=activity(FOURTH),
        rung=rung,
        state=state,
        state_date=None if state == CommitmentState.ACTIVE else datetime.date(2025, 6, 1),
    )
    active = state != CommitmentState.STOPPED
    realised = state == CommitmentState.ACTIVE and rung >= REALISED_FROM
    return membership, 3 + active, int(realised)


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_badge(client, gent):
    _membership, chosen, realised = gent
    root = ET.fromstring(client.get("/badge/gent.svg").content)

    lines = [text.text for text in root.iter(f"{SVG}text")]
    assert lines[1] == f"Gent · {realised} van {chosen} engagementen lopen"
    # One small ladder of four steps per chosen commitment.
    assert len(list(root.iter(f"{SVG}rect"))) == 1 + 4 * chosen


def test_the_municipalities_download(client, gent):
    _membership, chosen, realised = gent
    rows = {row["name_nl"]: row for row in csv_rows(client.get("/open-data/gemeenten.csv"))}

    assert rows["Gent"]["commitments_chosen"] == str(chosen)
    assert rows["Gent"]["commitments_realised"] == str(realised)


def test_the_figure_of_commitments(client, gent):
    _membership, chosen, _realised = gent
    rows = list(csv.reader(io.StringIO(client.get("/cijfers/engagementen.csv").content.decode())))

    fourth = gent[0].commitments.get(activity__code=FOURTH)
    by_code = {row[0]: row[2:] for row in rows[1:]}
    # Chosen, then how many reached each rung as their highest (stopped ones count nowhere).
    expected = [str(int(chosen == 4 and fourth.rung == rung)) for rung in Rung]
    assert by_code[FOURTH] == [str(chosen - 3), *expected]
    assert by_code["reception"] == ["1", "1", "0", "0", "0"]


def test_the_api(client, gent):
    _membership, chosen, _realised = gent
    detail = client.get("/api/v1/municipalities/44021/").json()

    assert len(detail["commitments"]) == chosen
    assert (FOURTH in detail["commitments"]) == (chosen == 4)


def test_the_directory_and_its_filter(client, gent):
    _membership, chosen, _realised = gent
    listed = client.get("/gemeenten/").content.decode()
    filtered = client.get("/gemeenten/", {"engagement": FOURTH}).content.decode()

    row = re.search(r"<tr>(?:(?!</tr>).)*/gemeenten/gent/.*?</tr>", listed, re.DOTALL).group(0)
    assert (activity(FOURTH).label_nl in row) == (chosen == 4)
    assert activity("housing").label_nl in row
    assert ('href="/gemeenten/gent/"' in filtered) == (chosen == 4)


def test_the_home_counter(client, gent):
    _membership, chosen, _realised = gent

    assert client.get("/").context["counts"]["commitments"] == chosen


def test_the_member_page_shows_every_commitment_with_its_rung_or_state(client, gent):
    membership, _chosen, _realised = gent
    fourth = membership.commitments.get(activity__code=FOURTH)
    shown = (
        fourth.get_rung_display()
        if fourth.state == CommitmentState.ACTIVE
        else fourth.get_state_display()
    )

    page = client.get("/gemeenten/gent/").content.decode()

    assert activity(FOURTH).label_nl in page
    assert f">{shown}</span>" in page


def test_the_back_office_list_of_memberships(client, gent, coordinator):
    _membership, chosen, _realised = gent
    client.force_login(coordinator)

    changelist = client.get("/beheer/membership/membership/").context["cl"]

    (row,) = changelist.result_list
    assert row.commitment_total == chosen
