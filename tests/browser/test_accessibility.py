"""axe-core finds no WCAG 2.1 A/AA violation on the public pages."""

import pytest

PAGES = {
    "home": "/",
    "directory-members": "/gemeenten/",
    "directory-all": "/gemeenten/?alle=on",
    "member": "/gemeenten/merelbeke-melle/",
    "member-via-former-name": "/gemeenten/merelbeke-melle/?van=merelbeke",
    "non-member": "/gemeenten/aalst/",
    "member-via-locality": "/gemeenten/antwerpen/?van=deurne",
    "search-one-name-two-municipalities": "/zoeken/?q=Deurne",
    "search-postal-code-and-name-disagree": "/zoeken/?q=9820+Deurne",
    "search-outside-and-inside-flanders": "/zoeken/?q=Vorst",
    "search-several-matches": "/zoeken/?q=sint",
    "search-no-match": "/zoeken/?q=zzyzx",
    "initiatives": "/initiatieven/",
    "initiatives-search": "/initiatieven/?q=buddy%27s+gent",
    "initiatives-search-fr": "/fr/initiatieven/?q=accueil",
    "network": "/netwerk/",
    "for-municipalities": "/netwerk/voor-gemeenten/",
    "for-municipalities-fr": "/fr/netwerk/voor-gemeenten/",
    "for-municipalities-en": "/en/netwerk/voor-gemeenten/",
    "correction-report": "/gemeenten/merelbeke-melle/klopt-er-iets-niet/",
    "correction-report-fr": "/fr/gemeenten/aalst/klopt-er-iets-niet/",
    "correction-report-thanks": "/gemeenten/merelbeke-melle/klopt-er-iets-niet/bedankt/",
    "not-found": "/deze-pagina-bestaat-niet/",
}


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_page_has_no_wcag_violations(page, site, assert_accessible, path):
    response = page.goto(site.url + path)
    expected_status = 404 if path == PAGES["not-found"] else 200
    assert response.status == expected_status
    assert page.locator("h1").count() == 1
    assert_accessible(page)


@pytest.mark.browser
def test_initiative_page_has_no_wcag_violations(page, site, assert_accessible):
    response = page.goto(site.initiative_url)
    assert response.status == 200
    assert page.get_by_role("heading", level=1).inner_text() == "Buddywerking voor nieuwkomers"
    assert_accessible(page)


@pytest.mark.browser
def test_pages_have_no_wcag_violations_on_a_phone(page, site, assert_accessible):
    """The narrow layout reflows (WCAG 1.4.10) and must stay accessible too."""
    page.set_viewport_size({"width": 375, "height": 740})
    for path in (
        "/",
        "/gemeenten/",
        "/gemeenten/merelbeke-melle/",
        "/netwerk/voor-gemeenten/",
        "/gemeenten/merelbeke-melle/klopt-er-iets-niet/",
    ):
        page.goto(site.url + path)
        assert_accessible(page)


@pytest.mark.browser
def test_axe_check_catches_a_known_violation(page):
    """Guards the checks above against passing vacuously (wrong tags, axe not loaded)."""
    from tests.browser.helpers import axe_violations

    page.set_content(
        '<html lang="nl"><head><title>x</title></head><body><main>'
        '<input type="text"><a href="/"></a><p style="color:#bbb">grijs</p></main></body></html>'
    )
    assert {v["id"] for v in axe_violations(page)} >= {"label", "link-name", "color-contrast"}


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("language", ["", "/fr"])
def test_a_member_page_with_a_full_ladder_has_no_wcag_violations(
    page, site, assert_accessible, language, width
):
    """Every kind of rung on the public page: proven by a link or a PDF, claimed, claimed with
    its date unknown, not reached; a paused commitment too. In Dutch and French, on a desktop
    and a phone (tests/browser/test_ladder.py walks the portal's side)."""
    import datetime

    from solidair.membership.models import Commitment, CommitmentState, Rung

    commitments = Commitment.objects.filter(membership__municipality__slug="merelbeke-melle")
    reception, housing, network = (
        commitments.get(activity__code=code) for code in ("reception", "housing", "network")
    )
    reception.rungs.update(evidence_url="https://example.be/besluit")
    reception.rungs.create(rung=Rung.IN_POLICY, date=None, evidence_note="Meerjarenplan")
    reception.rungs.create(
        rung=Rung.IN_PROGRESS,
        date=datetime.date(2025, 4, 1),
        evidence_document="public/evidence/opvang.pdf",
    )
    reception.rungs.create(
        rung=Rung.VISIBLE,
        date=datetime.date(2025, 6, 1),
        evidence_url="https://example.be/opvang",
        evidence_note="De pagina over opvang",
    )
    reception.rung = Rung.VISIBLE
    reception.save()
    housing.rungs.update(date=None)
    network.state, network.state_date = CommitmentState.PAUSED, datetime.date(2025, 1, 1)
    network.save()

    page.set_viewport_size({"width": width, "height": 800})
    page.goto(site.url + language + "/gemeenten/merelbeke-melle/")
    assert page.locator(".ladder__rung--proven").count() == 3
    assert page.locator(".ladder__rung--claimed").count() == 3
    assert_accessible(page)
    # Nothing sticks out sideways on a phone (WCAG 1.4.10).
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
