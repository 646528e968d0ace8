"""Every count of a member's commitments counts the active ones only: a stopped commitment
stays on the member's page with its date, and counts nowhere (badge, downloads, figures, API,
directory, home, back-office)."""

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest

from solidair.membership.models import CommitmentStatus
from tests.factories import CommitmentFactory, activity, make_member

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
# Gent has three decided commitments and a fourth, education, in the status under test.
FOURTH = "education"


@pytest.fixture(params=CommitmentStatus.values)
def gent(request):
    membership = make_member("Gent", ("reception", "housing", "network"))
    CommitmentFactory(membership=membership, activity=activity(FOURTH), status=request.param)
    active = request.param != CommitmentStatus.STOPPED
    realised = request.param == CommitmentStatus.REALISED
    return membership, 3 + active, int(realised)


def csv_rows(response) -> list[dict]:
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_the_badge(client, gent):
    _membership, chosen, realised = gent
    root = ET.fromstring(client.get("/badge/gent.svg").content)

    lines = [text.text for text in root.iter(f"{SVG}text")]
    assert lines[1] == f"Gent · {realised} van {chosen} engagementen gerealiseerd"


def test_the_municipalities_download(client, gent):
    _membership, chosen, realised = gent
    rows = {row["name_nl"]: row for row in csv_rows(client.get("/open-data/gemeenten.csv"))}

    assert rows["Gent"]["commitments_chosen"] == str(chosen)
    assert rows["Gent"]["commitments_realised"] == str(realised)


def test_the_figure_of_commitments(client, gent):
    _membership, chosen, realised = gent
    rows = list(csv.reader(io.StringIO(client.get("/cijfers/engagementen.csv").content.decode())))

    by_code = {row[0]: row[2:] for row in rows[1:]}
    assert by_code[FOURTH] == [str(chosen - 3), str(realised)]
    assert by_code["reception"] == ["1", "0"]


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


def test_the_member_page_shows_a_stopped_commitment_with_its_status(client, gent):
    membership, _chosen, _realised = gent
    status = membership.commitments.get(activity__code=FOURTH).get_status_display()

    page = client.get("/gemeenten/gent/").content.decode()

    assert activity(FOURTH).label_nl in page
    assert status in page


def test_the_back_office_list_of_memberships(client, gent, coordinator):
    _membership, chosen, _realised = gent
    client.force_login(coordinator)

    changelist = client.get("/beheer/membership/membership/").context["cl"]

    (row,) = changelist.result_list
    assert row.commitment_total == chosen
