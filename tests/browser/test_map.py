"""The map in a real browser: Leaflet draws every municipality from our own files, a
municipality is chosen by keyboard and its link works; map, figures and open data
pages pass axe (WCAG 2.1 AA)."""

import re

import pytest
from playwright.sync_api import expect

from solidair.opendata import geo

FOCUSED = "() => ({id: document.activeElement.id, text: document.activeElement.innerText})"


@pytest.fixture
def boundaries():
    if geo.boundaries() is None:
        pytest.skip("the boundaries file (../shared/data) is not present")


def open_map(page, site) -> list[str]:
    """Open /kaart/ and wait for the polygons; the URLs the page asked for."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.url + "/kaart/")
    page.wait_for_selector("#map[data-ready='true']", timeout=15_000)
    return requested


@pytest.mark.browser
def test_leaflet_draws_every_municipality_without_the_network(page, site, boundaries):
    requested = open_map(page, site)

    assert page.locator("#map path.leaflet-interactive").count() == 285
    assert all(url.startswith(site.url) for url in requested), requested
    assert any("/kaart/gemeenten.geojson?lang=nl" in url for url in requested)
    assert any("/static/vendor/leaflet/leaflet" in url for url in requested)
    # The status legend is there, and the campaign view recolours the map.
    fill_before = page.locator("#map path.leaflet-interactive").first.get_attribute("fill")
    page.get_by_role("radio", name="Inwoners die hun bestuur schreven").check()
    assert page.locator("#map-legend-activity").is_visible()
    fill_after = page.locator("#map path.leaflet-interactive").first.get_attribute("fill")
    assert fill_before != fill_after


@pytest.mark.browser
def test_a_municipality_is_chosen_by_keyboard_and_its_link_works(page, site, boundaries):
    open_map(page, site)

    page.keyboard.press("Tab")  # the skip link
    page.keyboard.press("Enter")
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate(FOCUSED)["id"] == "map-choice":
            break
    assert page.evaluate(FOCUSED)["id"] == "map-choice"
    page.keyboard.type("Leuven")

    selection = page.locator("#map-selection")
    selection.get_by_text("lid").first.wait_for()
    assert "Leuven" in selection.inner_text()
    assert "lid" in selection.inner_text()
    # Typing passes other names (Lebbeke...): their popups fade out, Leuven's stays.
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_have_count(1)
    assert popup.inner_text().startswith("Leuven")
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["text"] == "Naar de pagina van Leuven"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == site.url + "/gemeenten/leuven/"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Leuven")


@pytest.mark.browser
def test_a_click_on_the_map_tells_the_status(page, site, boundaries):
    open_map(page, site)

    # The click goes to the polygon itself: a click at its centre on the screen may land on a
    # control or a popup drawn over it.
    page.locator("#map path.leaflet-interactive").nth(100).dispatch_event("click")

    link = page.locator("#map-selection a")
    link.wait_for(timeout=10_000)
    assert re.fullmatch(r"Naar de pagina van .+", link.inner_text())
    assert re.fullmatch(r"/gemeenten/[-a-z]+/", link.get_attribute("href"))
    assert page.locator(".leaflet-popup-content a").inner_text() == link.inner_text()


@pytest.mark.browser
def test_without_javascript_the_table_tells_the_same(browser, site):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site.url + "/kaart/?provincie=vlaams-brabant")
        row = page.get_by_role("row", name=re.compile("^Leuven"))
        assert "Lid" in row.inner_text()
        assert page.locator("#map-picker").is_hidden()
    finally:
        context.close()


PAGES = {
    "map": "/kaart/",
    "map-filtered": "/kaart/?provincie=limburg",
    "figures": "/cijfers/",
    "open-data": "/open-data/",
    "member-with-badge-code": "/gemeenten/leuven/",
}


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_open_data_pages_have_no_wcag_violations(page, site, assert_accessible, path):
    response = page.goto(site.url + path)
    assert response.status == 200
    if path.startswith("/kaart/") and geo.boundaries() is not None:
        page.wait_for_selector("#map[data-ready='true']", timeout=15_000)
        page.locator("#map-choice").select_option(label="Leuven")  # popup and selection too
    if path.startswith("/gemeenten/"):
        page.locator("summary", has_text="Badge").click()
    assert page.locator("h1").count() == 1
    assert_accessible(page)
