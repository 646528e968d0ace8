"""Property-based, in production settings: the public forms and query strings that the apps' own
property tests do not cover never answer with a server error.

Covered elsewhere, also in production settings (``pytest.mark.production``): letters compose,
download, send, address suggestion, collective letters, co-signing and follow-up
(tests/letters/test_*properties.py), applications (tests/applications/test_properties.py),
meeting registration (tests/network/test_properties.py), the portal's forms
(tests/portal/test_*properties.py). Here: the portal's sign-in, the application link request,
"Klopt er iets niet?", and the search and filter query strings of the directory, search,
initiatives, recommendations, meetings and open data pages.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from post_office.models import Email

from tests.factories import ContactPersonFactory, InitiativeFactory, make_member, municipality

pytestmark = [pytest.mark.django_db, pytest.mark.production]

HYPOTHESIS = settings(max_examples=25)
# Anything a browser or a script can send: control characters and NUL included, long strings
# sometimes (no lone surrogates: they cannot be encoded in a request).
HOSTILE = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.sampled_from(
        [
            "\x00",
            "a\x00b@example.be",
            "a@b.be\r\nBcc: x@y.example",
            "' OR 1=1 --",
            "<script>alert(1)</script>",
            "%",
            "%%",
            "\\",
            "../../etc/passwd",
            "9" * 40,
            "-1",
            "1e309",
            "x" * 10_000,
        ]
    ),
)
# The same field twice, or not at all (a list where the view expects one value).
VALUES = st.one_of(HOSTILE, st.lists(HOSTILE, min_size=2, max_size=3))


@pytest.fixture(autouse=True)
def _quick(settings):
    settings.RATELIMIT_ENABLE = False
    settings.PORTAL_SIGN_IN_MIN_SECONDS = 0


@pytest.fixture
def network(db):
    make_member("Gent")
    ContactPersonFactory(municipality=municipality("Gent"), email="contact@gent.example")
    InitiativeFactory(municipality=municipality("Gent"))


def fields(names: list[str]) -> st.SearchStrategy:
    return st.dictionaries(st.sampled_from(names), VALUES, max_size=len(names))


@HYPOTHESIS
@given(data=fields(["email", "website", "sleutel", "next"]))
def test_portal_sign_in_never_fails(production, network, data):
    Email.objects.all().delete()
    response = production.post("/portaal/aanmelden/", data)
    assert response.status_code in (200, 400, 429), response.status_code
    # Only the known contact ever gets a link, and only to that address.
    for email in Email.objects.all():
        assert email.to == ["contact@gent.example"]
    response = production.post("/portaal/aanmelden/link/", data)
    assert response.status_code == 410
    assert production.get("/portaal/").status_code == 302  # nobody was signed in


@HYPOTHESIS
@given(data=fields(["email", "website"]))
def test_application_link_request_never_fails(production, network, data):
    response = production.post("/aansluiten/link/", data)
    assert response.status_code in (200, 400), response.status_code
    assert not Email.objects.exclude(to__icontains="@").exists()


@HYPOTHESIS
@given(data=fields(["message", "email", "website"]))
def test_correction_report_never_fails(production, network, settings, data):
    from solidair.membership.models import CorrectionReport

    settings.COORDINATOR_EMAILS = ["coordinatie@example.be"]
    before = CorrectionReport.objects.count()
    response = production.post("/gemeenten/gent/klopt-er-iets-niet/", data)
    assert response.status_code in (200, 302, 400), response.status_code
    made = CorrectionReport.objects.count() - before
    assert made == (1 if response.status_code == 302 else 0)
    # Only the coordinators are ever mailed, whatever the form said.
    for email in Email.objects.all():
        assert email.to == ["coordinatie@example.be"]


QUERIES = {
    "/gemeenten/": ["q", "provincie", "engagement", "alle", "pagina", "van"],
    "/zoeken/": ["q", "pagina"],
    "/gemeenten/gent/": ["van"],
    "/initiatieven/": ["q", "engagement", "provincie", "pagina"],
    "/netwerk/aanbevelingen/": ["niveau", "status", "aan", "pagina"],
    "/kaart/": ["provincie"],
    "/aansluiten/": ["gemeente"],
    "/api/v1/municipalities/": ["status", "province", "limit", "offset"],
}


@HYPOTHESIS
@given(
    page=st.sampled_from(sorted(QUERIES)),
    data=st.data(),
)
def test_search_and_filter_query_strings_never_fail(production, network, page, data):
    params = data.draw(fields(QUERIES[page]), label="params")
    response = production.get(page, params)
    assert response.status_code in (200, 302, 400, 404, 422), (page, response.status_code)
    if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
        content = response.content.decode()
        # What was typed is shown escaped, never as markup.
        assert "<script>alert(1)</script>" not in content
