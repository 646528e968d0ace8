"""Property-based check of the API against its own OpenAPI document.

Schemathesis reads /api/v1/openapi.json from the WSGI application, generates
valid and invalid requests for every operation, sends them through the same
application (no network), and checks that no answer is a server error and
that every answer (status code, content type, body) matches the document.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from solidair.wsgi import application

# Loaded at collection time: serving the document does not touch the database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    database=None,  # keep no example database in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_api_keeps_to_its_openapi_document(case, network):
    case.call_and_validate()
