"""Security headers on every page, the admin included; rate limits per visitor behind nginx."""

import pytest
from django.test import RequestFactory
from django_ratelimit.core import is_ratelimited

from solidair.operations.middleware import client_ip

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/gemeenten/", "/brief/", "/portaal/aanmelden/"])
def test_public_pages_have_a_strict_policy(client, path):
    response = client.get(path)

    assert response.status_code == 200
    assert directives(response["Content-Security-Policy"]) == POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Permissions-Policy"].startswith("accelerometer=(), camera=()")
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_policy_survives_the_page_cache(client):
    client.get("/gemeenten/")
    response = client.get("/gemeenten/")  # from the cache
    assert directives(response["Content-Security-Policy"]) == POLICY


@pytest.mark.django_db
def test_the_admin_has_the_same_policy(client, coordinator):
    """The same, plus hashes of the admin libraries' style attributes (the next tests)."""

    response = client.get("/beheer/membership/membership/add/")

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert policy.pop("style-src-attr").startswith("'unsafe-hashes' 'sha256-")
    assert policy == POLICY
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    # Django's admin keeps its data in attributes of scripts that come from 'self'.
    assert b"<script>" not in response.content


def test_the_visitor_address_comes_from_nginx():
    factory = RequestFactory()
    assert client_ip(factory.get("/", HTTP_X_REAL_IP="203.0.113.7")) == "203.0.113.7"
    assert client_ip(factory.get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"
    assert client_ip(factory.get("/", REMOTE_ADDR="")) == "127.0.0.1"  # a unix socket


def test_rate_limits_count_per_visitor_behind_the_proxy(settings):
    settings.RATELIMIT_IP_META_KEY = "solidair.operations.middleware.client_ip"
    factory = RequestFactory()

    def limited(address: str) -> bool:
        # Every request reaches gunicorn from nginx on the loopback.
        request = factory.post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP=address)
        return is_ratelimited(request, group="t", key="ip", rate="2/m", increment=True)

    assert [limited("203.0.113.7") for _ in range(3)] == [False, False, True]
    assert limited("198.51.100.4") is False


def style_attributes(body: str) -> set[str]:
    import re

    return set(re.findall(r'\sstyle="([^"]*)"', body))


@pytest.fixture
def coordinator(client, coordinator):
    """The suite's coordinator (tests/conftest.py), signed in on ``client``."""
    client.force_login(coordinator)
    return coordinator


def test_a_history_page_is_allowed_its_style_attribute_and_nothing_more(client, coordinator):
    from solidair.municipalities.models import Municipality
    from solidair.operations.backoffice_csp import style_hash

    municipality = Municipality.objects.order_by("pk").first()
    municipality.save()  # a history row
    response = client.get(f"/beheer/municipalities/municipality/{municipality.pk}/history/")

    assert response.status_code == 200
    policy = directives(response["Content-Security-Policy"])
    assert style_attributes(response.content.decode()) == {"border-top: 0"}
    allowed = policy.pop("style-src-attr").split()
    assert allowed[0] == "'unsafe-hashes'" and style_hash("border-top: 0") in allowed
    assert style_hash("color: red") not in allowed
    assert policy == POLICY  # scripts, styles: as strict as anywhere


def test_post_office_admin_pages_need_no_cdn_and_no_inline_script(client, coordinator):
    from post_office.models import Email

    from solidair.operations.backoffice_csp import style_hash

    mail = Email.objects.create(
        from_email="a@example.be", to=["b@example.be"], subject="Dag", html_message="<p>Dag</p>"
    )
    for path in (
        "/beheer/post_office/emailtemplate/add/",
        f"/beheer/post_office/email/{mail.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "cdnjs" not in body and "CodeMirror" not in body, path
        assert "<script>" not in body, path
        allowed = directives(response["Content-Security-Policy"])["style-src-attr"].split()
        for value in style_attributes(body):
            assert style_hash(value) in allowed, (path, value)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/gemeenten/", "/brief/", "/aansluiten/", "/beheerder/"])
def test_the_public_policy_has_no_back_office_hashes(client, path):
    response = client.get(path)
    assert "style-src-attr" not in response["Content-Security-Policy"]
    assert "unsafe-hashes" not in response["Content-Security-Policy"]
