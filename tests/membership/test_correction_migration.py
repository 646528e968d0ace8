"""The reports made before claims and outcomes keep every piece of data: they become reports on
the page in general, the handled ones "handled, outcome not recorded", and their text stays
private (membership 0010 and 0011)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("membership", "0009_ladder_remove_status")]
AFTER = [("membership", "0011_correction_reports_before_outcomes")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_reports_keep_their_data(reference_data):
    old = migrate(BEFORE)
    report = old.get_model("membership", "CorrectionReport")
    user = old.get_model("auth", "User").objects.create(username="coordinator")
    place = old.get_model("municipalities", "Municipality").objects.get(slug="gent")
    handled_at = timezone.now()
    handled = report.objects.create(
        municipality=place,
        message="De datum klopt niet.",
        email="lies@example.be",
        language="fr",
        status="handled",
        note="Aangepast.",
        handled_at=handled_at,
        handled_by=user,
    )
    waiting = report.objects.create(municipality=place, message="Nog open.", language="nl-be")
    try:
        new = migrate(AFTER)
        report = new.get_model("membership", "CorrectionReport")
        handled = report.objects.get(pk=handled.pk)
        assert (handled.claim_kind, handled.status, handled.outcome) == (
            "page",
            "handled",
            "handled",
        )
        assert (handled.message, handled.email, handled.language, handled.note) == (
            "De datum klopt niet.",
            "lies@example.be",
            "fr",
            "Aangepast.",
        )
        assert (handled.handled_at, handled.handled_by_id) == (handled_at, user.pk)
        assert handled.message_public is False
        waiting = report.objects.get(pk=waiting.pk)
        assert (waiting.claim_kind, waiting.status, waiting.outcome) == ("page", "open", "")
        assert waiting.message_public is False
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
