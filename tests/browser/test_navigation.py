"""Finding one's way: the main navigation reaches the letter, the map, the figures, the meetings
and the page for municipalities in every language, by keyboard, without JavaScript and on a
phone; every page's footer has the network's address; "Voor gemeenten" puts the application
and the portal one click away."""

import pytest
from django.conf import settings

# The main navigation, per language: link text -> (address, the first heading there).
NAVIGATION = {
    "": {
        "Gemeenten": ("/gemeenten/", None),
        "Schrijf je bestuur": ("/brief/", None),
        "Goede praktijken": ("/initiatieven/", None),
        "Kaart": ("/kaart/", None),
        "Cijfers": ("/cijfers/", None),
        "Bijeenkomsten": ("/netwerk/bijeenkomsten/", "Lerende netwerken"),
        "Over het netwerk": ("/netwerk/", None),
        "Voor gemeenten": ("/netwerk/voor-gemeenten/", "Voor gemeenten"),
    },
    "/fr": {
        "Communes": ("/fr/gemeenten/", None),
        "Écrivez à vos autorités communales": ("/fr/brief/", None),
        "Bonnes pratiques": ("/fr/initiatieven/", None),
        "Carte": ("/fr/kaart/", None),
        "Chiffres": ("/fr/cijfers/", None),
        "Rencontres": ("/fr/netwerk/bijeenkomsten/", "Réseaux apprenants"),
        "À propos du réseau": ("/fr/netwerk/", None),
        "Pour les communes": ("/fr/netwerk/voor-gemeenten/", "Pour les communes"),
    },
    "/en": {
        "Municipalities": ("/en/gemeenten/", None),
        "Write to your council": ("/en/brief/", None),
        "Good practices": ("/en/initiatieven/", None),
        "Map": ("/en/kaart/", None),
        "Figures": ("/en/cijfers/", None),
        "Meetings": ("/en/netwerk/bijeenkomsten/", "Learning networks"),
        "About the network": ("/en/netwerk/", None),
        "For municipalities": ("/en/netwerk/voor-gemeenten/", "For municipalities"),
    },
}
LANGUAGES = ["", "/fr", "/en"]


def main_nav(page):
    return page.locator("header nav.site-nav")


@pytest.mark.browser
@pytest.mark.parametrize("prefix", LANGUAGES, ids=["nl", "fr", "en"])
def test_the_navigation_reaches_every_part_in_every_language(page, site, prefix):
    page.goto(site.url + prefix + "/")
    links = main_nav(page).get_by_role("link")
    assert links.all_inner_texts() == list(NAVIGATION[prefix])
    for text, (path, heading) in NAVIGATION[prefix].items():
        page.goto(site.url + prefix + "/")
        with page.expect_navigation():
            main_nav(page).get_by_role("link", name=text, exact=True).click()
        assert page.url == site.url + path
        current = main_nav(page).get_by_role("link", name=text, exact=True)
        assert current.get_attribute("aria-current") == "page"
        if heading:
            assert page.get_by_role("heading", level=1).inner_text() == heading
    # Deeper in a part, its link says so (the section), and no other does.
    page.goto(site.url + prefix + "/brief/gent/")
    marked = main_nav(page).locator("a[aria-current]")
    assert marked.count() == 1
    assert marked.get_attribute("href") == prefix + "/brief/"


@pytest.mark.browser
def test_the_navigation_by_keyboard(page, site):
    page.goto(site.url + "/kaart/")
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        element = page.evaluate(
            """() => ({text: document.activeElement.innerText,
                       inNav: !!document.activeElement.closest('nav[aria-label="Hoofdmenu"]')})"""
        )
        if element["inNav"]:
            reached.append(element["text"])
        elif reached:
            break
    assert reached == list(NAVIGATION[""])
    # Back to "Voor gemeenten", and Enter follows it.
    page.keyboard.press("Shift+Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site.url + "/netwerk/voor-gemeenten/"


@pytest.fixture
def phone_without_javascript(new_context):
    context = new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 740})
    page.set_default_timeout(5_000)
    return page


@pytest.mark.browser
@pytest.mark.parametrize("prefix", LANGUAGES, ids=["nl", "fr", "en"])
def test_on_a_phone_without_javascript_every_link_is_there(phone_without_javascript, site, prefix):
    page = phone_without_javascript
    page.goto(site.url + prefix + "/gemeenten/merelbeke-melle/")
    for text in NAVIGATION[prefix]:
        link = main_nav(page).get_by_role("link", name=text, exact=True)
        assert link.is_visible()
        box = link.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 375, (text, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    with page.expect_navigation():
        main_nav(page).get_by_role("link", name=list(NAVIGATION[prefix])[1]).click()
    assert page.url == site.url + prefix + "/brief/"


@pytest.mark.browser
@pytest.mark.parametrize(
    "path", ["/", "/gemeenten/aalst/", "/fr/kaart/", "/en/netwerk/", "/bestaat-niet/"]
)
def test_every_footer_has_the_network_address(page, site, path):
    page.goto(site.url + path)
    address = settings.NETWORK_CONTACT_EMAIL
    link = page.locator("footer").get_by_role("link", name=address)
    assert link.get_attribute("href") == f"mailto:{address}"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "apply", "sign_in", "facts"),
    [
        (
            "",
            "Vraag aan om aan te sluiten",
            "Meld je aan op het portaal",
            ["minstens 3 van de tien engagementen", "na 90 dagen", "15 minuten"],
        ),
        (
            "/fr",
            "Demander l'adhésion",
            "Connectez-vous au portail",
            ["au moins 3 des dix engagements", "après 90 jours", "15 minutes"],
        ),
    ],
    ids=["nl", "fr"],
)
def test_for_municipalities_puts_the_application_and_the_portal_one_click_away(
    page, site, assert_accessible, prefix, apply, sign_in, facts
):
    page.goto(site.url + prefix + "/")
    with page.expect_navigation():
        page.locator("footer").get_by_role(
            "link", name=list(NAVIGATION[prefix])[-1], exact=True
        ).click()
    assert page.url == site.url + prefix + "/netwerk/voor-gemeenten/"
    assert_accessible(page)
    body = page.locator("main").inner_text()
    for fact in facts:  # the rule of three, drafts kept 90 days, the sign-in link's 15 minutes
        assert fact in body, fact
    with page.expect_navigation():
        page.get_by_role("link", name=apply).first.click()
    assert page.url == site.url + prefix + "/aansluiten/"
    page.go_back()
    with page.expect_navigation():
        page.get_by_role("link", name=sign_in).first.click()
    assert page.url == site.url + prefix + "/portaal/aanmelden/"
