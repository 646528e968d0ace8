"""Property-based check of the API against its own OpenAPI document.

Schemathesis reads /api/v1/openapi.json from the WSGI application, generates
valid and invalid requests for every operation, sends them through the same
application (no network), and checks that no answer is a server error and
that every answer (status code, content type, body) matches the document.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from solidair.wsgi import application

# Loaded at collection time: serving the document does not touch the database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests go straight to the WSGI application, not through Django's test
    client, so its end-of-request signal would close the test's database
    connection (on PostgreSQL). Disconnect it as the test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    database=None,  # keep no example database in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_document(case, network, campaign):
    # Over WSGI schemathesis would not decompress the gzip it asks for (test_headers.py
    # checks the compression).
    case.call_and_validate(headers={"Accept-Encoding": "identity"})


def test_every_operation_is_checked():
    # The campaign counts are part of the API, so schemathesis covers them too.
    paths = {operation.ok().path for operation in schema.get_all_operations()}
    assert "/api/v1/campaign/" in paths
