"""The suite's snapshot of the reference data (tests/database.py) puts back exactly what the
migrations load, and new rows still get fresh primary keys after it."""

import pytest
from django.core.management import call_command

from solidair.letters.models import CouncilAddress
from solidair.municipalities.models import Locality, Municipality
from tests.database import snapshot_restore, snapshot_take


@pytest.mark.django_db(transaction=True)
def test_a_flushed_database_gets_every_reference_row_back(reference_data, reference_snapshot):
    before = snapshot_take()
    assert {table.model for table in before} >= {Municipality, Locality, CouncilAddress}

    call_command("flush", "--noinput", verbosity=0)
    assert not Municipality.objects.exists()
    snapshot_restore(reference_snapshot)

    after = snapshot_take()
    assert [(t.model, sorted(map(repr, t.rows))) for t in after] == [
        (t.model, sorted(map(repr, t.rows))) for t in before
    ]
    # The sequences follow the restored keys: a new row does not collide with them.
    highest = Locality.objects.order_by("-pk").first()
    added = Locality.objects.create(
        municipality=highest.municipality, name_nl="Proefdorp", postal_code="9999", slug="proefdorp"
    )
    assert added.pk > highest.pk
