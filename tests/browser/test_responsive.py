"""On a phone pages reflow without horizontal scrolling.

375 CSS px is a common phone; 320 CSS px is WCAG 2.1's reflow threshold (1.4.10: a
1280 px wide window zoomed to 400 %). Data tables may scroll inside their own
container; the page itself may not.
"""

import pytest

SCROLL_WIDTH = "document.documentElement.scrollWidth"
PAGES = [
    "/",
    "/gemeenten/",
    "/gemeenten/?alle=on",
    "/gemeenten/merelbeke-melle/?van=merelbeke",
    "/gemeenten/aalst/",
    "/zoeken/?q=sint",
    "/zoeken/?q=Deurne",
    "/zoeken/?q=zzyzx",
    "/initiatieven/",
    "/netwerk/",
    "/netwerk/voor-gemeenten/",
    "/fr/netwerk/voor-gemeenten/",
    "/gemeenten/merelbeke-melle/klopt-er-iets-niet/",
    "/fr/gemeenten/merelbeke-melle/",
    "/bestaat-niet/",
]
# The elements that stick out of the viewport, to make a failure actionable.
OVERFLOWING = """(width) => [...document.body.querySelectorAll('*')]
    .filter(el => el.getBoundingClientRect().right > width + 0.5)
    .filter(el => !el.closest('.table-wrap'))
    .map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '')
        + (el.id ? '#' + el.id : '') + ' (right edge at '
        + el.getBoundingClientRect().right.toFixed(0) + 'px)')"""


def horizontal_overflow(page, site, width: int, paths) -> dict[str, list[str]]:
    page.set_viewport_size({"width": width, "height": 740})
    found = {}
    for path in paths:
        page.goto(site.url + path)
        scroll_width = page.evaluate(SCROLL_WIDTH)
        if scroll_width > width:
            found[path] = [f"scrollWidth {scroll_width}px", *page.evaluate(OVERFLOWING, width)]
    return found


def describe(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}: {', '.join(items)}" for path, items in found.items())


@pytest.mark.browser
def test_home_page_has_no_horizontal_scroll_on_a_375px_phone(page, site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site.url + "/")
    assert page.evaluate(SCROLL_WIDTH) <= 375
    # The search form stays usable: field and button are fully on screen.
    for locator in (
        page.get_by_label("Naam of postcode van je gemeente"),
        page.get_by_role("button", name="Zoek"),
    ):
        box = locator.bounding_box()
        assert box is not None
        assert box["x"] >= 0
        assert box["x"] + box["width"] <= 375


@pytest.mark.browser
def test_pages_have_no_horizontal_scroll_on_a_375px_phone(page, site):
    found = horizontal_overflow(page, site, 375, [*PAGES, site.initiative_url[len(site.url) :]])
    assert not found, "horizontal scrolling at 375 px:\n" + describe(found)


@pytest.mark.browser
def test_pages_reflow_at_320px(page, site):
    """WCAG 2.1 SC 1.4.10 Reflow (AA)."""
    found = horizontal_overflow(page, site, 320, [*PAGES, site.initiative_url[len(site.url) :]])
    assert not found, "horizontal scrolling at 320 px (WCAG 1.4.10):\n" + describe(found)
