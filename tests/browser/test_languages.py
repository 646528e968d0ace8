"""The language switch in a real browser: it keeps the page (and its query), works by keyboard,
and the map, figures and open data pages pass axe (WCAG 2.1 AA) in all three languages.

The French and English catalogues are filled elsewhere: nothing here reads translated words.
"""

import pytest

from solidair.opendata import geo

LEUVEN = "24062"
SWITCH = "nav.language-switch"
FOCUSED = """() => {
    const el = document.activeElement;
    return {text: (el.innerText || '').trim(), inSwitch: !!el.closest('nav.language-switch'),
            lang: el.getAttribute('lang')};
}"""


def choose(page, name: str, expected_path: str, site) -> None:
    with page.expect_navigation():
        page.locator(SWITCH).get_by_role("link", name=name, exact=True).click()
    assert page.url == site.url + expected_path


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


@pytest.mark.browser
def test_the_switch_keeps_the_map_page_and_comes_back(page, site):
    page.goto(site.url + "/kaart/")
    choose(page, "Français", "/fr/kaart/", site)
    assert html_lang(page) == "fr"
    current = page.locator(f"{SWITCH} a[aria-current='true']")
    assert current.get_attribute("lang") == "fr"
    choose(page, "English", "/en/kaart/", site)
    assert html_lang(page) == "en"
    choose(page, "Nederlands", "/kaart/", site)
    assert html_lang(page) == "nl-BE"


@pytest.mark.browser
def test_the_switch_keeps_a_member_page(page, site):
    page.goto(site.url + "/gemeenten/merelbeke-melle/")
    choose(page, "English", "/en/gemeenten/merelbeke-melle/", site)
    assert html_lang(page) == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Merelbeke-Melle"
    choose(page, "Nederlands", "/gemeenten/merelbeke-melle/", site)


@pytest.mark.browser
def test_the_switch_keeps_the_query_string(page, site):
    page.goto(site.url + "/kaart/?provincie=limburg")
    choose(page, "Français", "/fr/kaart/?provincie=limburg", site)
    # The filter still applies: the same rows as in Dutch.
    rows_fr = page.locator("table tbody tr").count()
    choose(page, "Nederlands", "/kaart/?provincie=limburg", site)
    assert page.locator("table tbody tr").count() == rows_fr > 0


@pytest.mark.browser
def test_the_switch_is_reached_and_used_by_keyboard(page, site):
    page.goto(site.url + "/gemeenten/")
    reached = []
    for _ in range(12):
        page.keyboard.press("Tab")
        element = page.evaluate(FOCUSED)
        if element["inSwitch"]:
            reached.append(element["lang"])
        elif reached:
            break
    assert reached == ["nl-BE", "fr", "en"]
    # Focus left the switch after "English": back to "Français".
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(FOCUSED)["lang"] == "fr"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/fr/gemeenten/"
    assert html_lang(page) == "fr"


@pytest.mark.browser
def test_the_french_map_links_to_the_french_pages(page, site):
    if geo.boundaries() is None:
        pytest.skip("the boundaries file (../shared/data) is not present")
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site.url + "/fr/kaart/")
    page.wait_for_selector("#map[data-ready='true']", timeout=15_000)
    assert site.url + "/kaart/gemeenten.geojson?lang=fr" in requested
    page.locator("#map-choice").select_option(value=LEUVEN)
    link = page.locator("#map-selection a")
    assert link.get_attribute("href") == "/fr/gemeenten/leuven/"
    with page.expect_navigation():
        link.click()
    assert page.url == site.url + "/fr/gemeenten/leuven/"
    assert html_lang(page) == "fr"


PAGES = {"map": "/kaart/", "figures": "/cijfers/", "open-data": "/open-data/"}


@pytest.mark.browser
@pytest.mark.parametrize("prefix", ["", "/fr", "/en"], ids=["nl", "fr", "en"])
@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_open_data_pages_pass_axe_in_every_language(page, site, assert_accessible, prefix, path):
    response = page.goto(site.url + prefix + path)
    assert response.status == 200
    if path == "/kaart/" and geo.boundaries() is not None:
        page.wait_for_selector("#map[data-ready='true']", timeout=15_000)
        page.locator("#map-choice").select_option(value=LEUVEN)  # popup and selection too
    assert page.locator("h1").count() == 1
    assert_accessible(page)
