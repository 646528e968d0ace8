"""Everything works without JavaScript: the pages are plain server-rendered forms."""

import pytest


@pytest.fixture
def no_js_page(new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(5_000)
    page.set_default_navigation_timeout(10_000)
    return page


@pytest.mark.browser
def test_search_by_postal_code_and_district_without_javascript(no_js_page, site):
    page = no_js_page
    # JavaScript really is off: the browser renders <noscript> content.
    page.set_content("<noscript><p id='nojs'>geen JavaScript</p></noscript>")
    assert page.locator("#nojs").is_visible()

    page.goto(site.url + "/")
    page.get_by_label("Naam of postcode van je gemeente").fill("2100 Deurne")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoek").click()

    assert page.url == site.url + "/gemeenten/antwerpen/?van=deurne"
    assert page.get_by_role("heading", level=1).inner_text().startswith("Antwerpen")
    assert page.get_by_role("status").inner_text() == "Deurne (2100) hoort bij Antwerpen."


@pytest.mark.browser
def test_a_near_miss_is_offered_not_taken_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site.url + "/")
    page.get_by_label("Naam of postcode van je gemeente").fill("Merelbeek")
    with page.expect_navigation():
        page.get_by_role("button", name="Zoek").click()
    assert page.url == site.url + "/zoeken/?q=Merelbeek"
    page.get_by_role("heading", name="Bedoelde je…").wait_for()
    with page.expect_navigation():
        page.get_by_role("link", name="Merelbeke-Melle", exact=True).click()
    assert page.url == site.url + "/gemeenten/merelbeke-melle/?van=merelbeke"


@pytest.mark.browser
def test_a_name_of_two_places_is_listed_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site.url + "/zoeken/?q=Deurne")
    page.get_by_role("heading", name="Bedoelde je…").wait_for()
    with page.expect_navigation():
        page.get_by_role("link", name="Diest", exact=True).click()
    assert page.url == site.url + "/gemeenten/diest/?van=deurne"
    assert page.get_by_role("status").inner_text() == "Deurne (3290) hoort bij Diest."


@pytest.mark.browser
def test_filter_directory_by_province_without_javascript(no_js_page, site):
    page = no_js_page
    page.goto(site.url + "/gemeenten/")
    rows = page.locator("table.directory tbody th")
    assert rows.all_inner_texts() == ["Leuven", "Merelbeke-Melle"]

    page.get_by_label("Provincie").select_option(label="Oost-Vlaanderen")
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()

    assert "provincie=oost-vlaanderen" in page.url
    assert rows.all_inner_texts() == ["Merelbeke-Melle"]
    assert page.get_by_role("status").inner_text() == "1 gemeente"
    assert page.get_by_label("Provincie").evaluate("el => el.selectedOptions[0].text") == (
        "Oost-Vlaanderen"
    )

    # Show every municipality of the province, members and non-members.
    page.get_by_label("Toon alle Vlaamse gemeenten, ook wie nog geen lid is").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Toon").click()
    assert "alle=on" in page.url
    assert page.get_by_role("heading", level=1).inner_text() == "Alle Vlaamse gemeenten"
    assert "Aalst" in rows.all_inner_texts()
    assert "Leuven" not in rows.all_inner_texts()
