"""The migrations that made the ladder carry every commitment's status, date and evidence onto
it, on a copy of a populated database: the schema before (0006), rows in every status, then
forwards to the ladder and back."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("membership", "0006_correction_reports")]
AFTER = [("membership", "0009_ladder_remove_status")]

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def populated():
    """Every status the old schema knew, with and without a date and evidence."""
    apps = migrate(BEFORE)
    Municipality = apps.get_model("municipalities", "Municipality")
    Membership = apps.get_model("membership", "Membership")
    Commitment = apps.get_model("membership", "Commitment")
    Activity = apps.get_model("membership", "Activity")
    activities = list(Activity.objects.order_by("position"))
    rows = {}
    cases = [
        (
            "decided",
            datetime.date(2023, 5, 2),
            "https://a.be/besluit",
            "Raad",
            "public/evidence/a.pdf",
        ),
        ("in_progress", datetime.date(2024, 1, 9), "", "Jaarverslag", ""),
        ("realised", datetime.date(2025, 3, 1), "https://a.be/loket", "", ""),
        ("realised", None, "", "Vorige netwerkpagina 'Wat doen solidaire gemeenten?'", ""),
        ("stopped", datetime.date(2025, 9, 1), "https://a.be/stop", "Collegebesluit", ""),
    ]
    for index, (status, date, url, note, document) in enumerate(cases):
        municipality = Municipality.objects.filter(region="flanders").order_by("refnis")[index]
        membership = Membership.objects.create(
            municipality=municipality, status="member", member_since=datetime.date(2020, 1, 1)
        )
        commitment = Commitment.objects.create(
            membership=membership,
            activity=activities[index],
            status=status,
            status_date=date,
            evidence_url=url,
            evidence_note=note,
            evidence_document=document,
        )
        rows[commitment.pk] = (status, date, url, note, document)
    yield rows
    # Leave the database as the other tests expect it: every migration applied.
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_every_status_lands_on_its_rung_with_its_date_and_evidence(populated):
    apps = migrate(AFTER)
    Commitment = apps.get_model("membership", "Commitment")
    expected_rung = {"decided": 1, "in_progress": 3, "realised": 4, "stopped": 1}
    for pk, (status, date, url, note, document) in populated.items():
        commitment = Commitment.objects.get(pk=pk)
        (record,) = commitment.rungs.all()
        assert commitment.rung == record.rung == expected_rung[status]
        assert (record.evidence_url, record.evidence_note) == (url, note)
        assert (record.evidence_document.name or "") == document
        if status == "stopped":
            # The date was the date it stopped; what it reached before is not known.
            assert (commitment.state, commitment.state_date) == ("stopped", date)
            assert record.date is None
        else:
            assert (commitment.state, commitment.state_date) == ("active", None)
            assert record.date == date


def test_it_goes_back_to_the_single_status(populated):
    migrate(AFTER)
    apps = migrate(BEFORE)
    Commitment = apps.get_model("membership", "Commitment")
    for pk, (status, date, url, note, document) in populated.items():
        commitment = Commitment.objects.get(pk=pk)
        assert commitment.status == status
        assert commitment.status_date == date
        assert (commitment.evidence_url, commitment.evidence_note) == (url, note)
        assert (commitment.evidence_document.name or "") == document
