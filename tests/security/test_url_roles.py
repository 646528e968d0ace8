"""Every URL of the project, and who may open it: a test lists every URL and checks that each
non-public one requires the right role.

``ROLES`` classifies every pattern of the URL configuration; a pattern missing from it fails
``test_every_url_is_classified``, so a new page cannot be added without saying who may see it.
The admin (``/beheer/``) is classified by a rule on its URL names, because Django makes its model
pages; the checks below still open every one of them.

Roles:
- PUBLIC: anyone.
- TOKEN: a signed single-use link (in the path or ``?sleutel=``). A forged, altered or expired
  token gets the "link invalid" page (410) or, for application drafts, a 404; never data.
- SIGNED_IN: any signed-in person (the portal's home lists what they manage).
- PORTAL: a contact person of the municipality in the address. Anonymous visitors go to the
  sign-in page; a contact of another municipality, and staff, get a 404 (permissions.py).
- STAFF: any active staff account (the admin's index, own password, log-out...).
- COORDINATOR: staff with the model's permission (the admin's model pages and custom views).
"""

import re
import time
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core import signing
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

from solidair.initiatives.models import Initiative
from solidair.membership.models import (
    ChangeKind,
    Commitment,
    ContactPerson,
    CorrectionReport,
    PlanReason,
)
from solidair.membership.plans import plan_ask
from solidair.membership.replies import claim_change_propose
from tests.factories import ContactPersonFactory, InitiativeFactory, make_member, municipality
from tests.helpers import COLLEAGUE, MEMBER_CONTACT, MEMBER_SLUG, contact_user

pytestmark = [pytest.mark.django_db, pytest.mark.production]

PUBLIC, TOKEN, SIGNED_IN, PORTAL, STAFF, COORDINATOR = (
    "public",
    "token",
    "signed-in",
    "portal",
    "staff",
    "coordinator",
)

ROLES = {
    # Municipalities, search, directory.
    "": PUBLIC,
    "zoeken/": PUBLIC,
    "gemeenten/": PUBLIC,
    "gemeenten/<slug:slug>/": PUBLIC,
    # "Klopt er iets niet?" (test_hostile_forms.py: the form).
    "gemeenten/<slug:slug>/klopt-er-iets-niet/": PUBLIC,
    "gemeenten/<slug:slug>/klopt-er-iets-niet/bedankt/": PUBLIC,
    # Good practices.
    "initiatieven/": PUBLIC,
    "initiatieven/<int:pk>/": PUBLIC,
    # The network: meetings, brochures, recommendations, registration links.
    "netwerk/": PUBLIC,
    "netwerk/voor-gemeenten/": PUBLIC,
    "netwerk/bijeenkomsten/": PUBLIC,
    "netwerk/bijeenkomsten/<int:pk>/": PUBLIC,
    "netwerk/brochures/": PUBLIC,
    "netwerk/aanbevelingen/": PUBLIC,
    "netwerk/aanbevelingen/<int:pk>/": PUBLIC,
    "netwerk/bijeenkomsten.ics": PUBLIC,
    "netwerk/bijeenkomsten/<int:pk>/inschrijven/": PUBLIC,
    "netwerk/bijeenkomsten/inschrijving/annuleren/<str:token>/": TOKEN,
    "netwerk/bijeenkomsten/inschrijving/plaats/<str:token>/": TOKEN,
    "netwerk/bijeenkomsten/inschrijving/bevestigen/<str:token>/": TOKEN,
    # Residents' letters. A collective letter's share key is meant to be passed around.
    "brief/": PUBLIC,
    "brief/hoe/": PUBLIC,
    "brief/privacy/": PUBLIC,
    "brief/mijn-gegevens/<str:token>/": TOKEN,
    "brief/opvolging/<str:token>/<slug:answer>/": TOKEN,
    "brief/samen/bevestig/<str:token>/": TOKEN,
    "brief/samen/ondertekening/<str:token>/": TOKEN,
    "brief/samen/beheer/<str:token>/": TOKEN,
    "brief/samen/<str:share_key>/": PUBLIC,
    "brief/samen/<str:share_key>/qr.svg": PUBLIC,
    "brief/samen/<str:share_key>/affiche/": PUBLIC,
    "brief/<slug:slug>/samen/": PUBLIC,
    "brief/bevestig/<str:token>/": TOKEN,
    "brief/<slug:slug>/": PUBLIC,
    "brief/<slug:slug>/download/<str:fmt>/": PUBLIC,
    "brief/<slug:slug>/verstuur/": PUBLIC,
    "brief/<slug:slug>/verstuurd/": PUBLIC,
    "brief/<slug:slug>/adres-voorstellen/": PUBLIC,
    # The municipality portal. Signing out is harmless for anyone (POST only).
    "portaal/": SIGNED_IN,
    "portaal/aanmelden/": PUBLIC,
    "portaal/aanmelden/link/": TOKEN,
    "portaal/afmelden/": PUBLIC,
    "portaal/<slug:slug>/": PORTAL,
    "portaal/<slug:slug>/tekst/": PORTAL,
    "portaal/<slug:slug>/contacten/uitnodigen/": PORTAL,
    "portaal/<slug:slug>/contacten/<int:pk>/": PORTAL,
    "portaal/<slug:slug>/contacten/<int:pk>/verwijderen/": PORTAL,
    "portaal/<slug:slug>/initiatieven/nieuw/": PORTAL,
    "portaal/<slug:slug>/initiatieven/<int:pk>/": PORTAL,
    "portaal/<slug:slug>/engagementen/nieuw/": PORTAL,
    "portaal/<slug:slug>/engagementen/<int:pk>/": PORTAL,
    "portaal/<slug:slug>/engagementen/<int:pk>/verwijderen/": PORTAL,
    "portaal/<slug:slug>/pauzeren/": PORTAL,
    "portaal/<slug:slug>/bevestigen/": PORTAL,
    "portaal/<slug:slug>/opvang/": PORTAL,
    "portaal/<slug:slug>/antwoord/<int:pk>/": PORTAL,
    "portaal/<slug:slug>/kennismaking/": PORTAL,
    "portaal/<slug:slug>/meldingen/<int:pk>/": PORTAL,
    "portaal/<slug:slug>/verbeterplan/<int:pk>/": PORTAL,
    # Applications to join: the draft lives behind its secret link.
    "aansluiten/": PUBLIC,
    "aansluiten/gemeente/<slug:slug>/": PUBLIC,
    "aansluiten/link/": PUBLIC,
    "aansluiten/<str:token>/": TOKEN,
    "aansluiten/<str:token>/indienen/": TOKEN,
    "aansluiten/<str:token>/beslissing/document/": TOKEN,
    "aansluiten/<str:token>/<slug:step>/": TOKEN,
    # Open data (schemathesis checks the API in test_api_schema.py).
    "api/v1/": PUBLIC,
    "api/v1/openapi.json": PUBLIC,
    "kaart/": PUBLIC,
    "kaart/gemeenten.geojson": PUBLIC,
    "cijfers/": PUBLIC,
    "cijfers/<slug:slug>.csv": PUBLIC,
    "open-data/": PUBLIC,
    "open-data/<slug:slug>.csv": PUBLIC,
    "open-data/<slug:slug>.json": PUBLIC,
    "badge/<slug:slug>.svg": PUBLIC,
    "badge/<slug:slug>.png": PUBLIC,
    "feeds/leden.atom": PUBLIC,
    "feeds/praktijken.atom": PUBLIC,
    "feeds/aanbevelingen.atom": PUBLIC,
    # Public uploads only (test_hostile_input.py: traversal).
    "bestanden/<path:path>": PUBLIC,
    # The monitor's health report (tests/operations/test_health.py: reveals nothing else).
    "gezondheid/": PUBLIC,
}
# The API's operations are all public reads; they are listed by their routes too.
API_PREFIX = "api/v1/"
ADMIN_PREFIX = "beheer/"
# Admin pages that any staff account may open; every other admin page needs a permission.
ADMIN_STAFF_NAMES = {
    "admin:index",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
}
ADMIN_PUBLIC_NAMES = {"admin:login"}

# Values for the patterns' parameters; the portal's <pk> depends on the page (see _portal_pk).
PARAMETERS = {
    "token": "forged-token",
    "answer": "ja",
    "share_key": "0123456789abcdef0123456789abcdef",
    "fmt": "pdf",
    "step": "aanvrager",
    "path": "public/nothing/here.pdf",
    "refnis": "44021",
    "object_id": "1",
    "id": "1",
    "content_type_id": "1",
    "app_label": "letters",
    "content_id": "0" * 32,
    "url": "bestaat-niet/",
}


def walk(patterns, prefix: str = "", namespace: str = ""):
    """(route, name, pattern) of every URL pattern, in resolution order."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        else:
            assert isinstance(pattern, URLPattern)
            name = f"{namespace}:{pattern.name}" if namespace else str(pattern.name)
            yield prefix + str(pattern.pattern), name, pattern


def all_urls() -> list[tuple[str, str, URLPattern]]:
    return list(walk(get_resolver().url_patterns))


def role_of(route: str, name: str) -> str | None:
    if route in ROLES:
        return ROLES[route]
    if route.startswith(ADMIN_PREFIX):
        if name in ADMIN_PUBLIC_NAMES:
            return PUBLIC
        return STAFF if name in ADMIN_STAFF_NAMES else COORDINATOR
    if route.startswith(API_PREFIX) and name.startswith("api-v1:"):
        return PUBLIC
    return None


def fill(route: str, values: dict[str, str]) -> str:
    """A path that the route matches, with ``values`` for its parameters."""
    path = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^()]*\))*\)", lambda m: values[m.group(1)], route)
    path = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], path)
    path = re.sub(r"\([^?()][^()]*\)", "1", path)  # unnamed groups (simple_history's pages)
    return "/" + path.replace("^", "").replace("$", "")


def test_every_url_is_classified():
    urls = all_urls()
    assert len(urls) > 300  # the admin's pages included
    unclassified = [(route, name) for route, name, _ in urls if role_of(route, name) is None]
    assert unclassified == [], (
        f"New URL patterns without a role in tests/security/test_url_roles.py ROLES: {unclassified}"
    )
    # No stale entries either: every row of the table is a pattern that exists.
    assert set(ROLES) - {route for route, _, _ in urls} == set()


def test_the_paths_checked_are_the_patterns_own(people):
    """The checks below open, for every pattern, a path that this very pattern serves."""
    for route, _name, _pattern in all_urls():
        path = _path(route, people)
        if route == "beheer/(?P<url>.*)$":
            continue  # the admin's catch-all serves whatever no other pattern does
        # (ResolverMatch drops a regex's "^".)
        assert resolve(path).route == route.replace("/^", "/"), (route, path)


def test_every_app_is_in_the_list():
    routes = [route for route, _, _ in all_urls()]
    for prefix in ("beheer/", "api/v1/", "portaal/", "brief/", "aansluiten/", "netwerk/"):
        assert any(route.startswith(prefix) for route in routes), prefix
    for prefix in ("kaart/", "gezondheid/", "initiatieven/", "gemeenten/", "bestanden/"):
        assert any(route.startswith(prefix) for route in routes), prefix


# --- The people ------------------------------------------------------------------------------


@pytest.fixture
def people(member, member_contact, outsider, coordinator):
    """The suite's people (tests/conftest.py): the member contact, the outsider (a contact of
    Gent), the coordinator (superuser); a staff account without permissions; and the member's
    objects that the portal's pages take."""
    initiative = InitiativeFactory(municipality=member)
    membership = member.memberships.get()
    change = claim_change_propose(
        membership=membership,
        commitment=membership.commitments.first(),
        kind=ChangeKind.DISPUTE,
        reason="Geen bron gevonden.",
        by=coordinator,
    )
    report = CorrectionReport.objects.create(municipality=member, message="Klopt niet.")
    return {
        "member_contact": member_contact,
        "outsider": outsider,
        "staff": get_user_model().objects.create_user(
            username="medewerker@solidairegemeenten.example",
            email="medewerker@solidairegemeenten.example",
            password="x-not-used-x",
            is_staff=True,
        ),
        "coordinator": coordinator,
        "objects": {
            "contact": member.contacts.get(email=COLLEAGUE.email).pk,
            "initiative": initiative.pk,
            "commitment": member.memberships.get().commitments.first().pk,
            "own_contact": member.contacts.get(email=MEMBER_CONTACT.email).pk,
            "claim_change": change.pk,
            "plan": plan_ask(
                commitment=membership.commitments.first(), reason=PlanReason.LAPSED
            ).pk,
            "report": report.pk,
        },
    }


@pytest.fixture
def leuven_contact(db):
    """A contact of Leuven, a member too: the portal's home lists Leuven only."""
    make_member("Leuven")
    ContactPersonFactory(municipality=municipality("Leuven"), email="contact@leuven.example")
    return contact_user("contact@leuven.example")


def _portal_pk(route: str, objects: dict[str, int]) -> str:
    if "/contacten/" in route:
        return str(objects["contact"])
    if "/initiatieven/" in route:
        return str(objects["initiative"])
    if "/antwoord/" in route:
        return str(objects["claim_change"])
    if "/verbeterplan/" in route:
        return str(objects["plan"])
    if "/meldingen/" in route:
        return str(objects["report"])
    return str(objects["commitment"])


def _path(route: str, people) -> str:
    values = dict(PARAMETERS, slug=MEMBER_SLUG, pk="1")
    if route.startswith("portaal/") and "<int:pk>" in route:
        values["pk"] = _portal_pk(route, people["objects"])
    return fill(route, values)


def urls_of(role: str) -> list[tuple[str, str]]:
    return [(route, name) for route, name, _ in all_urls() if role_of(route, name) == role]


def _signed_in_redirect(response) -> bool:
    """To a sign-in page (the admin's log-out sends a stranger to the admin's index, which
    sends them to its sign-in page)."""
    location = response.headers.get("Location", "")
    return response.status_code == 302 and (
        location.startswith("/portaal/aanmelden/")
        or location.startswith("/beheer/login/")
        or (location == "/beheer/" and response.wsgi_request.path == "/beheer/logout/")
    )


def assert_refused_to_anonymous(client, route: str, path: str, methods=("get", "post")) -> None:
    for method in methods:
        response = getattr(client, method)(path)
        assert response.status_code < 500, (method, path, response.status_code)
        assert _signed_in_redirect(response) or response.status_code in (403, 404, 405, 410), (
            method,
            route,
            response.status_code,
            response.headers.get("Location"),
        )


# --- Checks per role -------------------------------------------------------------------------


def test_public_pages_answer_anonymous_visitors_without_a_server_error(production, people):
    for route, _name in urls_of(PUBLIC):
        path = _path(route, people)
        response = production.get(path)
        if route == "gezondheid/":
            # No worker runs here: the monitor is told so (503), in JSON.
            assert response.headers["Content-Type"] == "application/json", path
            continue
        assert response.status_code < 500, (path, response.status_code)


def test_portal_pages_are_for_the_municipalitys_contacts_only(production, people):
    routes = [route for route, _ in urls_of(PORTAL)]
    assert len(routes) == 17
    own_count = ContactPerson.objects.filter(municipality__slug=MEMBER_SLUG).count()
    initiatives = Initiative.objects.count()
    commitments = Commitment.objects.count()
    replies = CorrectionReport.objects.exclude(reply_position="").count()
    for route in routes:
        assert_refused_to_anonymous(production, route, _path(route, people))
    for who in ("outsider", "staff", "coordinator"):
        production.force_login(people[who])
        for route in routes:
            path = _path(route, people)
            response = production.get(path)
            assert response.status_code == 404, (who, path, response.status_code)
            # A POST is refused too (405 where the page takes no POST at all).
            response = production.post(path, {"naam": "Overgenomen", "email": "x@y.example"})
            assert response.status_code in (404, 405), (who, path, response.status_code)
        production.logout()
    # Nothing was changed or removed by the refused posts.
    assert ContactPerson.objects.filter(municipality__slug=MEMBER_SLUG).count() == own_count
    assert (Initiative.objects.count(), Commitment.objects.count()) == (initiatives, commitments)
    assert CorrectionReport.objects.exclude(reply_position="").count() == replies
    production.force_login(people["member_contact"])
    for route in routes:
        path = _path(route, people)
        response = production.get(path)
        assert response.status_code == 200, (path, response.status_code)
        assert response.headers["Cache-Control"].startswith("max-age=0"), path


def test_the_portal_home_needs_a_signed_in_person(production, people, leuven_contact):
    (route,) = [route for route, _ in urls_of(SIGNED_IN)]
    assert_refused_to_anonymous(production, route, "/" + route)
    production.force_login(leuven_contact)
    response = production.get("/" + route)
    assert response.status_code == 200
    assert b"Leuven" in response.content and b"Gent" not in response.content


# Crawls every admin page as four people.
@pytest.mark.slow
def test_admin_pages_need_staff_and_the_models_permission(production, people):
    staff_only = urls_of(STAFF)
    coordinator = urls_of(COORDINATOR)
    assert len(coordinator) > 200
    for route, _name in staff_only + coordinator:
        # The admin checks the visitor before the method (admin_view): a GET shows it.
        assert_refused_to_anonymous(production, route, _path(route, people), methods=("get",))
    # A contact person without staff status: the admin's login page.
    production.force_login(people["member_contact"])
    for route, _name in staff_only + coordinator:
        response = production.get(_path(route, people))
        assert _signed_in_redirect(response) or response.status_code in (403, 404), (
            route,
            response.status_code,
        )
    production.logout()
    # Staff without any permission: the model pages refuse (403, or 404 for a page that
    # would otherwise say that something exists).
    production.force_login(people["staff"])
    for route, name in coordinator:
        path = _path(route, people)
        response = production.get(path)
        if name.endswith("_changelist") or name.endswith("_add") or name == "admin:autocomplete":
            assert response.status_code == 403, (path, response.status_code)
        else:
            assert response.status_code in (302, 403, 404), (path, response.status_code)
            if response.status_code == 302:
                # A change page of an object that this account may not see: back to the index,
                # with nothing of the object.
                # Or the short address of a change page to its long one (refused above).
                assert response.headers["Location"] in ("/beheer/", f"{path}change/"), path
    for route, name in staff_only:
        if name != "admin:logout":  # POST only
            assert production.get(_path(route, people)).status_code == 200, route
    index = production.get("/beheer/")
    assert b"/beheer/letters/" not in index.content


# Crawls every admin page.
@pytest.mark.slow
def test_coordinators_open_every_model_page(production, people):
    from django.contrib import admin

    production.force_login(people["coordinator"])
    opened = 0
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        response = production.get("/beheer/{}/{}/".format(*info))
        assert response.status_code == 200, info
        instance = model_admin.get_queryset(response.wsgi_request).first()
        if instance is not None:
            response = production.get("/beheer/{}/{}/{}/change/".format(*info, instance.pk))
            assert response.status_code == 200, info
            opened += 1
    assert opened >= 5
    # The admin's own views besides the model pages: no server error for a coordinator.
    standard = re.compile(r"_(changelist|add|change|delete|history)$")
    for route, name in urls_of(COORDINATOR) + urls_of(STAFF):
        if standard.search(name) or name == "admin:None" or route.endswith("logout/"):
            continue
        response = production.get(_path(route, people))
        assert response.status_code < 500, (route, response.status_code)


def test_a_coordinator_with_a_models_view_permission_sees_that_model_only(production, people):
    staff = people["staff"]
    staff.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    production.force_login(staff)
    assert production.get("/beheer/network/meeting/").status_code == 200
    assert production.get("/beheer/letters/residentletter/").status_code == 403
    assert production.get("/beheer/network/meeting/add/").status_code == 403


# --- Signed links ----------------------------------------------------------------------------


def _expired(purpose: str, key: str = "x" * 32) -> str:
    """A token signed with the right secret and purpose, two years ago."""

    class Past(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 2 * 365 * 24 * 3600)

    return Past(salt=f"solidair.link.{purpose}").sign(key)


FORGED = [
    "forged-token",
    "a" * 199,
    "x" * 5000,
    "abc:def:ghi",
    "%00",
    "..%2F..%2Fetc%2Fpasswd",
    "' OR 1=1 --",
]


def _token_paths(route: str, tokens: list[str]) -> list[str]:
    return [fill(route, dict(PARAMETERS, token=token)) for token in tokens]


def _unrouted(path: str) -> bool:
    try:
        resolve(unquote(path))
    except Resolver404:
        return True
    return False


def _is_link_invalid(response) -> bool:
    names = {template.name for template in response.templates if template.name}
    return response.status_code == 410 and any(n.endswith("link_invalid.html") for n in names)


def test_forged_and_expired_tokens_get_the_link_invalid_answer(production, people, settings):
    # Hundreds of links from one address: the rate limit (429) would answer before the check.
    settings.RATELIMIT_ENABLE = False
    from solidair.letters.delivery import collective, followup, privacy, sending
    from solidair.network import meetings

    purposes = {
        "brief/bevestig/": sending.CONFIRM_PURPOSE,
        "brief/samen/bevestig/": collective.CONFIRM_PURPOSE,
        "brief/samen/ondertekening/": collective.SIGNATURE_PURPOSE,
        "brief/samen/beheer/": collective.MANAGE_PURPOSE,
        "brief/mijn-gegevens/": privacy.MY_DATA_PURPOSE,
        "brief/opvolging/": followup.FOLLOWUP_PURPOSE,
        "netwerk/bijeenkomsten/inschrijving/annuleren/": meetings.PURPOSE_CANCEL,
        "netwerk/bijeenkomsten/inschrijving/plaats/": meetings.PURPOSE_OFFER,
        "netwerk/bijeenkomsten/inschrijving/bevestigen/": meetings.PURPOSE_EMAIL,
    }
    routes = [route for route, _ in urls_of(TOKEN)]
    assert len(routes) == 14
    checked = 0
    for route in routes:
        tokens = list(FORGED)
        prefix = next((p for p in purposes if route.startswith(p)), None)
        if prefix:
            tokens.append(_expired(purposes[prefix]))
            # A valid signature for another purpose is no key for this page.
            other = next(p for p in purposes.values() if p != purposes[prefix])
            tokens.append(signing.TimestampSigner(salt=f"solidair.link.{other}").sign("x" * 32))
        for path in _token_paths(route, tokens) if "<str:token>" in route else ["/" + route]:
            for method in ("get", "post"):
                response = getattr(production, method)(path)
                checked += 1
                assert response.status_code < 500, (method, path, response.status_code)
                if _unrouted(path):
                    # "%2F" is a "/": the path is no longer this page's.
                    assert response.status_code == 404, (method, path)
                elif route.startswith("aansluiten/"):
                    # A draft that does not exist (or is decided) is simply not found.
                    assert response.status_code in (404, 405), (method, path)
                else:
                    assert _is_link_invalid(response) or response.status_code == 405, (
                        method,
                        path,
                        response.status_code,
                    )
    assert checked > 200


def test_a_forged_sign_in_link_signs_nobody_in(production, people):
    for token in [*FORGED, "", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"]:
        for method in ("get", "post"):
            response = getattr(production, method)("/portaal/aanmelden/link/", {"sleutel": token})
            assert _is_link_invalid(response), (method, token, response.status_code)
    assert production.get("/portaal/").status_code == 302
