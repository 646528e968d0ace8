"""Keyboard-only use: the skip link, the main navigation and the search."""

import re

import pytest

FOCUSED = """() => {
    const el = document.activeElement;
    return {
        tag: el.tagName.toLowerCase(), id: el.id, text: (el.innerText || '').trim(),
        href: el.getAttribute('href'), inNav: !!el.closest('nav[aria-label="Hoofdmenu"]'),
    };
}"""


def focused(page) -> dict:
    return page.evaluate(FOCUSED)


@pytest.mark.browser
def test_resident_finds_their_municipality_by_postal_code_with_the_keyboard(page, site):
    page.goto(site.url + "/")
    # Skip link first, then into the main content, then the first field there.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_q"
    assert page.get_by_label("Naam of postcode van je gemeente").evaluate(
        "el => el === document.activeElement"
    )

    page.keyboard.type("9820")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == site.url + "/gemeenten/merelbeke-melle/"
    assert page.get_by_role("heading", level=1).inner_text() == "Merelbeke-Melle"
    assert page.get_by_role(
        "heading", name="Merelbeke-Melle is een Solidaire Gemeente"
    ).is_visible()


def tab_to_link(page, name: str) -> None:
    for _ in range(40):
        page.keyboard.press("Tab")
        if focused(page)["text"] == name:
            return
    pytest.fail(f"forty Tab presses never reached the link {name!r}")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("language", "prefix", "chosen", "notice"),
    [
        ("nl-BE", "", "Diest", "Deurne (3290) hoort bij Diest."),
        ("fr", "/fr", "Anvers", "Deurne (2100) fait partie de Anvers."),
    ],
)
def test_resident_of_a_district_chooses_between_places_of_that_name_with_the_keyboard(
    browser, site, assert_accessible, language, prefix, chosen, notice
):
    context = browser.new_context(locale=language, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(5_000)
    page.goto(site.url + prefix + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "id_q"
    page.keyboard.type("deurne")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert page.url == site.url + prefix + "/zoeken/?q=deurne"
    choices = page.locator("ul.choice-list > li")
    assert choices.count() == 2
    assert "Veurne" not in page.locator("main").inner_text()
    assert_accessible(page)

    tab_to_link(page, chosen)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("status").inner_text() == notice
    assert page.get_by_role("heading", level=1).inner_text().startswith(chosen)
    context.close()


@pytest.mark.browser
def test_search_field_is_reachable_by_tabbing_from_the_page_start(page, site):
    page.goto(site.url + "/")
    # The skip link, the name, three languages, eight links of the navigation: the field next.
    for _ in range(14):
        page.keyboard.press("Tab")
        if focused(page)["id"] == "id_q":
            break
    else:
        pytest.fail("14 Tab presses from the page start never reached the search field")


@pytest.mark.browser
def test_skip_link_is_first_focusable_and_moves_focus_to_main_content(page, site):
    page.goto(site.url + "/gemeenten/")
    skip_link = page.get_by_role("link", name="Naar de inhoud")
    hidden_box = skip_link.bounding_box()
    assert hidden_box is not None
    assert hidden_box["x"] + hidden_box["width"] <= 0, "off-screen until it gets focus"

    page.keyboard.press("Tab")
    element = focused(page)
    assert (element["tag"], element["href"], element["text"]) == ("a", "#inhoud", "Naar de inhoud")
    # Visible on screen while focused (WCAG 2.4.7).
    box = skip_link.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["y"] >= 0
    assert box["width"] > 0

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"
    assert page.url.endswith("/gemeenten/#inhoud")
    # The next Tab continues inside the main content, not back in the header.
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('main')")


@pytest.mark.browser
def test_main_navigation_is_reachable_and_usable_by_keyboard(page, site):
    page.goto(site.url + "/")
    reached = []
    for _ in range(14):
        page.keyboard.press("Tab")
        element = focused(page)
        if element["inNav"]:
            reached.append(element["text"])
        elif reached:
            break
    assert reached == [
        "Gemeenten",
        "Schrijf je bestuur",
        "Goede praktijken",
        "Kaart",
        "Cijfers",
        "Bijeenkomsten",
        "Over het netwerk",
        "Voor gemeenten",
    ]

    # Shift+Tab back to "Goede praktijken" and follow it with Enter.
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
    assert focused(page)["text"] == "Goede praktijken"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/initiatieven/"
    current = page.locator('nav[aria-label="Hoofdmenu"] a[aria-current="page"]')
    assert current.inner_text() == "Goede praktijken"


@pytest.mark.browser
def test_focus_indicator_is_visible_on_links(page, site):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Solidaire Gemeenten"
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none"
    assert outline[1] >= 2


@pytest.mark.browser
def test_former_municipality_redirects_and_explains_the_merger(page, site):
    page.goto(site.url + "/gemeenten/merelbeke/")
    assert re.search(r"/gemeenten/merelbeke-melle/\?van=merelbeke$", page.url)
    assert page.get_by_role("status").inner_text() == (
        "Merelbeke is sinds 1 januari 2025 deel van Merelbeke-Melle."
    )


@pytest.mark.browser
def test_unknown_page_is_a_dutch_404_with_a_search_form(page, site):
    response = page.goto(site.url + "/bestaat-niet/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "nl-BE"
    assert page.get_by_role("heading", level=1).inner_text() == "Deze pagina bestaat niet"
    page.get_by_label("Naam of postcode van je gemeente").fill("9300 Aalst")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/gemeenten/aalst/"
    assert page.get_by_role("heading", name="Aalst is (nog) geen Solidaire stad").is_visible()
