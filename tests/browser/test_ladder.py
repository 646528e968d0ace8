"""The ladder of evidence, as a contact and a resident use it: keyboard only, an error first,
the public page in Dutch and French, twice in a row and with the browser's back button, and
the "add a commitment" page with its rung radio buttons."""

import datetime
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.browser.helpers import PORTAL, sign_in_by_mail, tab_to

# SCREENSHOTS=/some/folder keeps a picture of every step (for a walk by eye), at phone width too.
SCREENSHOTS = os.environ.get("SCREENSHOTS")
PUBLIC = "/gemeenten/merelbeke-melle/"

# Every id referred to exists, and no id is used twice (what the Nu HTML checker would say
# about the forms' error states; axe checks only a part of it).
REFERENCES_CHECK = """() => {
    const problems = [];
    const seen = new Set();
    for (const el of document.querySelectorAll('[id]')) {
        if (seen.has(el.id)) problems.push('duplicate id ' + el.id);
        seen.add(el.id);
    }
    for (const el of document.querySelectorAll('label[for]')) {
        if (!document.getElementById(el.htmlFor)) problems.push('label for ' + el.htmlFor);
    }
    for (const el of document.querySelectorAll('[aria-describedby]')) {
        for (const id of el.getAttribute('aria-describedby').split(/\\s+/).filter(Boolean)) {
            if (!document.getElementById(id)) problems.push('aria-describedby ' + id);
        }
    }
    for (const a of document.querySelectorAll('a[href^="#"]')) {
        const id = decodeURIComponent(a.getAttribute('href').slice(1));
        if (id && !document.getElementById(id)) problems.push('link to #' + id);
    }
    return problems;
}"""


def shoot(page, name: str) -> None:
    if not SCREENSHOTS:
        return
    folder = Path(SCREENSHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=folder / f"{name}.png", full_page=True)
    size = page.viewport_size
    page.set_viewport_size({"width": 375, "height": 740})
    page.screenshot(path=folder / f"{name}-375.png", full_page=True)
    page.set_viewport_size(size)


def assert_sound(page, assert_accessible) -> None:
    assert page.evaluate(REFERENCES_CHECK) == []
    assert_accessible(page)


def focused(page) -> str:
    return page.evaluate("() => document.activeElement.id")


def tab_to_the(locator, limit: int = 80) -> None:
    """Press Tab until `locator` (any Playwright locator, e.g. by its text) has the focus."""
    for _ in range(limit):
        if locator.evaluate("el => el === document.activeElement"):
            return
        locator.page.keyboard.press("Tab")
    raise AssertionError(f"{locator} was not reached with Tab")


def press_enter_on(locator) -> None:
    tab_to_the(locator)
    with locator.page.expect_navigation():
        locator.page.keyboard.press("Enter")


def save(page, name: str = "Bewaar het engagement") -> None:
    press_enter_on(page.get_by_role("button", name=name))


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def date_keys(page, date: datetime.date) -> str:
    """What a keyboard user types into Chromium's date field: its order of day and month
    follows the browser's own language, not the page's, so it is asked once on a probe."""
    page.evaluate(
        """() => {
            const probe = document.createElement('input');
            probe.type = 'date';
            document.body.prepend(probe);
            probe.focus();
        }"""
    )
    page.keyboard.type("01022000")
    value = page.evaluate(
        """() => {
            const probe = document.activeElement;
            const value = probe.value;
            probe.remove();
            return value;
        }"""
    )
    assert value in ("2000-02-01", "2000-01-02"), value
    return date.strftime("%d%m%Y" if value == "2000-02-01" else "%m%d%Y")


def type_date(page, selector: str, date: datetime.date) -> None:
    keys = date_keys(page, date)
    tab_to(page, selector)
    page.keyboard.type(keys)
    assert page.locator(selector).input_value() == date.isoformat()


def card(page, title: str):
    return page.locator(".commitment", has=page.get_by_role("heading", name=title, exact=True))


def rung_line(page, title: str, label: str) -> str:
    return card(page, title).locator(".ladder__rung", has_text=label).inner_text()


def open_commitment(page, site, title: str) -> None:
    page.goto(site.url + PORTAL)
    press_enter_on(page.get_by_role("link", name=f"Werk '{title}' bij", exact=True))
    assert page.get_by_role("heading", level=1).inner_text() == f"Engagement: {title}"


def back(page) -> None:
    """The browser's back button. Back onto a page that answered a POST (the form with its
    errors) Chromium asks to send the form again: the user agrees (a reload posts it again)."""
    try:
        page.go_back()
    except PlaywrightError as error:
        if "ERR_CACHE_MISS" not in str(error):
            raise
        for attempt in range(10):  # the error page that asks is still being attached
            try:
                page.reload()
                break
            except PlaywrightError:
                if attempt == 9:
                    raise
                page.wait_for_timeout(100)
    page.wait_for_load_state()


def housing_rungs():
    from solidair.membership.models import Commitment

    commitment = Commitment.objects.get(
        membership__municipality__slug="merelbeke-melle", activity__code="housing"
    )
    return commitment, list(commitment.rungs.order_by("rung").values_list("rung", "date"))


@pytest.mark.browser
def test_a_contact_climbs_the_ladder_with_the_keyboard(
    page, site, smtp, settings, assert_accessible
):
    settings.SITE_URL = site.url
    sign_in_by_mail(page, site, smtp)

    open_commitment(page, site, "Huisvesting")
    assert_sound(page, assert_accessible)
    shoot(page, "01-edit")

    # "In uitvoering" ticked with a link but no date: refused, the summary leads to the field.
    tab_to(page, "#id_rung3_reached")
    page.keyboard.press("Space")
    assert page.locator("#id_rung3_reached").is_checked()
    type_into(page, "#id_rung3_evidence_url", "https://example.be/woonloket")
    type_into(page, "#id_rung3_evidence_note", "Het woonloket is open")
    save(page)
    alert = page.get_by_role("alert")
    assert "Geef de datum waarop deze sport bereikt werd." in alert.inner_text()
    # The summary says which rung: four fields share the label "Sinds wanneer (datum)".
    assert "in uitvoering" in alert.inner_text()
    assert page.locator("#id_rung3_reached").is_checked()
    assert page.locator("#id_rung3_evidence_url").input_value() == "https://example.be/woonloket"
    assert_sound(page, assert_accessible)
    shoot(page, "02-edit-error")

    keys = date_keys(page, datetime.date(2025, 3, 15))
    tab_to(page, "#fouten a[href='#id_rung3_date']")
    page.keyboard.press("Enter")
    assert focused(page) == "id_rung3_date"
    page.keyboard.type(keys)
    assert page.locator("#id_rung3_date").input_value() == "2025-03-15"
    save(page)
    assert page.url == site.url + PORTAL
    assert page.get_by_role("status").inner_text() == "Het engagement is bewaard."
    commitment, rungs = housing_rungs()
    assert rungs == [(1, datetime.date(2024, 3, 1)), (3, datetime.date(2025, 3, 15))]
    assert commitment.rung == 3

    # Back to the form with its error, sent again: refused again, nothing saved over.
    back(page)
    assert "Geef de datum waarop deze sport bereikt werd." in page.get_by_role("alert").inner_text()
    assert housing_rungs()[1] == rungs

    # The resident's view, in Dutch: the rungs with their dates, proven or claimed.
    page.goto(site.url + PUBLIC)
    assert "Elk engagement klimt een ladder" in page.locator("main").inner_text()
    assert card(page, "Huisvesting").locator(".badge").inner_text() == "in uitvoering"
    decided = rung_line(page, "Huisvesting", "Beslist")
    assert "1 maart 2024" in decided and "beweerd, niet bewezen" in decided
    # Below the rung reached, a rung not filled in says so (it is not "not yet").
    assert "niet apart ingevuld" in rung_line(page, "Huisvesting", "In beleid")
    running = rung_line(page, "Huisvesting", "In uitvoering")
    assert "15 maart 2025" in running and "bewezen" in running
    assert "beweerd" not in running
    evidence = card(page, "Huisvesting").get_by_role("link", name="Het woonloket is open")
    assert evidence.get_attribute("href") == "https://example.be/woonloket"
    assert "nog niet" in rung_line(page, "Huisvesting", "Zichtbaar voor inwoners")
    assert_sound(page, assert_accessible)
    shoot(page, "03-public-nl")

    # ... and in French, with a word on what the ladder is.
    page.goto(site.url + "/fr" + PUBLIC)
    assert "Chaque engagement gravit une échelle" in page.locator("main").inner_text()
    housing = page.locator(".commitment").nth(1)
    text = housing.inner_text()
    assert "15 mars 2025" in text and "1 mars 2024" in text
    assert "affirmé, non prouvé" in text and "prouvé" in text
    # "in uitvoering" is not "en cours", which already says "lopend" (the state) in French.
    assert housing.locator(".badge").inner_text() == "en exécution"
    assert "Inscrit dans la politique: non renseigné séparément" in text
    assert_sound(page, assert_accessible)
    shoot(page, "04-public-fr")

    # A second round on the same commitment: the form shows what was saved; the next rung
    # is added without touching the others; back to the form and saved again, nothing changes.
    open_commitment(page, site, "Huisvesting")
    assert page.locator("#id_rung3_date").input_value() == "2025-03-15"
    assert page.locator("#id_rung3_evidence_url").input_value() == "https://example.be/woonloket"
    assert not page.locator("#id_rung2_reached").is_checked()
    tab_to(page, "#id_rung4_reached")
    page.keyboard.press("Space")
    type_date(page, "#id_rung4_date", datetime.date(2025, 9, 1))
    save(page)
    assert page.get_by_role("status").inner_text() == "Het engagement is bewaard."
    back(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Engagement: Huisvesting"
    assert page.locator("#id_rung4_reached").is_checked()
    assert page.locator("#id_rung4_date").input_value() == "2025-09-01"
    save(page)
    assert page.get_by_role("status").inner_text() == "Het engagement is bewaard."
    commitment, rungs = housing_rungs()
    assert rungs == [
        (1, datetime.date(2024, 3, 1)),
        (3, datetime.date(2025, 3, 15)),
        (4, datetime.date(2025, 9, 1)),
    ]
    assert commitment.rung == 4
    assert commitment.rungs.get(rung=3).evidence_url == "https://example.be/woonloket"
    assert commitment.rungs.get(rung=3).evidence_note == "Het woonloket is open"

    page.goto(site.url + PUBLIC)
    visible = rung_line(page, "Huisvesting", "Zichtbaar voor inwoners")
    assert "1 september 2025" in visible and "beweerd, niet bewezen" in visible
    assert card(page, "Huisvesting").locator(".ladder__rung").count() == 4


@pytest.mark.browser
def test_a_contact_adds_a_commitment_on_a_rung(page, site, smtp, settings, assert_accessible):
    from solidair.membership.models import Commitment

    settings.SITE_URL = site.url
    sign_in_by_mail(page, site, smtp)
    page.goto(site.url + PORTAL + "engagementen/nieuw/")
    assert_sound(page, assert_accessible)
    shoot(page, "05-add")

    # The first activity and the rung are radio buttons: arrows move within the group.
    tab_to(page, "input[name=activity]")
    page.keyboard.press("Space")
    activity_id = page.evaluate("() => document.activeElement.value")
    tab_to(page, "input[name=rung]:checked")
    assert page.evaluate("() => document.activeElement.value") == "1"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.locator("input[name=rung]:checked").get_attribute("value") == "3"
    type_into(page, "#id_evidence_url", "https://example.be/taalcafe")
    save(page, "Voeg het engagement toe")

    alert = page.get_by_role("alert")
    assert "Geef de datum waarop deze sport bereikt werd." in alert.inner_text()
    assert page.locator("input[name=rung]:checked").get_attribute("value") == "3"
    assert page.locator(f"input[name=activity][value='{activity_id}']").is_checked()
    assert_sound(page, assert_accessible)
    shoot(page, "06-add-error")
    keys = date_keys(page, datetime.date(2025, 2, 1))
    tab_to(page, "#fouten a[href='#id_date']")
    page.keyboard.press("Enter")
    assert focused(page) == "id_date"
    page.keyboard.type(keys)
    save(page, "Voeg het engagement toe")
    assert page.get_by_role("status").inner_text() == "Het engagement is toegevoegd."
    added = Commitment.objects.get(
        membership__municipality__slug="merelbeke-melle", activity_id=activity_id
    )
    assert list(added.rungs.values_list("rung", "date", "evidence_url")) == [
        (3, datetime.date(2025, 2, 1), "https://example.be/taalcafe")
    ]

    # Back and resubmit: refused (or the page starts afresh), never a second commitment.
    back(page)
    assert "Dit engagement is al gekozen." in page.get_by_role("alert").inner_text()
    assert_sound(page, assert_accessible)
    shoot(page, "07-add-resubmitted")
    assert (
        Commitment.objects.filter(
            membership__municipality__slug="merelbeke-melle", activity_id=activity_id
        ).count()
        == 1
    )
    assert added.rungs.count() == 1
