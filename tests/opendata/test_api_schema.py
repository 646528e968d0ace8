"""Property-based check of the API against its own OpenAPI document.

Schemathesis reads /api/v1/openapi.json from the WSGI application, generates
valid and invalid requests for every operation, sends them through the same
application (no network), and checks that no answer is a server error and
that every answer (status code, content type, body) matches the document.

It runs in production settings (tests/conftest.py ``production``: DEBUG off, https only, the
public host name), asking as our nginx does; it iterates the document, so every operation the API
has (meetings, recommendations, reception... as they are added) is checked.
"""

import re

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.urls import URLResolver, get_resolver
from hypothesis import settings

from solidair.wsgi import application, django_application
from tests.helpers import PRODUCTION_HOST

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


@pytest.fixture
def production_application(production):
    """The WSGI application with its middleware made again under the production settings (the
    security middleware reads them when it is made: at import, in development settings); in
    front of it, as in production, the page cache's fast path."""
    django_application.load_middleware()
    yield application
    django_application.load_middleware()


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=30)
def test_the_api_keeps_to_its_openapi_document(case, network, campaign, production_application):
    # Over WSGI schemathesis would not decompress the gzip it asks for (test_headers.py
    # checks the compression). Host and scheme as our nginx passes them.
    response = case.call_and_validate(
        headers={
            "Accept-Encoding": "identity",
            "Host": PRODUCTION_HOST,
            "X-Forwarded-Proto": "https",
            "X-Real-IP": "203.0.113.10",
        }
    )
    # Answered as over https, for an allowed host (a DisallowedHost would be a 400 without it).
    (hsts,) = response.headers["strict-transport-security"]
    assert hsts.startswith("max-age=31536000")


def test_every_operation_is_checked():
    # The campaign counts are part of the API, so schemathesis covers them too.
    paths = {operation.ok().path for operation in schema.get_all_operations()}
    assert "/api/v1/campaign/" in paths
    # Every operation the URL configuration serves is in the document, so in the test above.
    (api_urls,) = [
        pattern
        for pattern in get_resolver().url_patterns
        if isinstance(pattern, URLResolver) and pattern.namespace == "api-v1"
    ]
    served = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", "/api/v1/" + str(pattern.pattern))
        for pattern in api_urls.url_patterns
        if pattern.name not in ("openapi-json", "api-root")
    }
    assert len(served) >= 4
    assert served <= paths
