"""Every checkbox of the site sits beside its label, on a 375 px phone and on a desktop: the
box keeps its size, the label's first line starts level with it, to its right; each has a
label (``for=``) and a visible focus. The pages: the collective letter and its co-sign form,
the letter's preview (copy to myself), the directory's filter, the portal's forms (contact,
initiative) and the application's steps. (The check-in's list of commitments uses the same
``checkbox`` paragraphs as the portal's forms.) Screenshots of each form are left in the test's
temporary directory, to look at."""

import re

import pytest

from solidair.operations.mail import outbox_flush

WIDTHS = (375, 1280)
SIGN_IN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")
CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture

# For every visible checkbox: its box, its label's box and the height of the label's first
# line, its size, whether a label points at it.
GEOMETRY = """() => [...document.querySelectorAll('input[type=checkbox]')]
    .filter(box => box.offsetParent !== null)
    .map(box => {
        const label = box.id && document.querySelector(`label[for="${box.id}"]`);
        const b = box.getBoundingClientRect();
        const l = label ? label.getBoundingClientRect() : null;
        const line = label ? parseFloat(getComputedStyle(label).lineHeight) || 24 : 0;
        return {id: box.id, box: [b.left, b.top, b.right, b.bottom],
                label: l && [l.left, l.top, l.right, l.bottom], line: line,
                text: label ? label.innerText.trim() : ''};
    })"""


def misplaced(page) -> list[str]:
    """What is wrong with the page's checkboxes, as readable lines (empty when all is right)."""
    problems = []
    for item in page.evaluate(GEOMETRY):
        left, top, right, bottom = item["box"]
        where = f"#{item['id']}"
        if not item["label"] or not item["text"]:
            problems.append(f"{where}: no label")
            continue
        label_left, label_top, _label_right, label_bottom = item["label"]
        if right - left > 30:
            problems.append(f"{where}: {right - left:.0f} px wide")
        if label_left < right:
            problems.append(f"{where}: the label starts at {label_left:.0f}, left of the box")
        # The box lies within the label's first line: beside it, not above or below.
        middle = (top + bottom) / 2
        if not label_top - 2 <= middle <= label_top + item["line"] + 2:
            problems.append(
                f"{where}: box at {top:.0f}-{bottom:.0f}, label's first line at "
                f"{label_top:.0f}-{label_top + item['line']:.0f}"
            )
        if label_bottom < top:
            problems.append(f"{where}: the label is above the box")
    return problems


def focus_is_visible(page) -> list[str]:
    """Focus each checkbox by keyboard (Tab from the previous element): an outline shows."""
    missing = []
    for box in page.locator("input[type=checkbox]:visible").all():
        box.evaluate("el => { el.blur(); }")
        box.focus()
        style = box.evaluate(
            "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth]; }"
        )
        if style[0] == "none" or style[1] in ("0px", ""):
            missing.append(box.get_attribute("id") or "?")
    return missing


def check(page, tmp_path, name: str) -> list[str]:
    problems = []
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => r()))")
        assert page.locator("input[type=checkbox]:visible").count(), f"{name}: no checkbox"
        forms = page.locator("form:has(input[type=checkbox]:visible)").all()
        for number, form in enumerate(forms):
            form.screenshot(path=str(tmp_path / f"{name}-{width}-{number}.png"))
        problems += [f"{name} at {width} px: {problem}" for problem in misplaced(page)]
    problems += [f"{name}: no visible focus on #{box}" for box in focus_is_visible(page)]
    return problems


def goto(page, url: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url


@pytest.mark.browser
def test_the_letters_checkboxes_sit_beside_their_labels(page, site, settings, tmp_path):
    from tests.factories import council_address_set, municipality
    from tests.letters.collective_helpers import open_collective

    settings.LETTER_FORM_MIN_SECONDS = 0
    settings.RATELIMIT_ENABLE = False  # the same forms sent a few times in a row
    council_address_set(
        municipality("Hove"), "college@hove.be", source="https://www.hove.be/contact"
    )
    problems = []
    for prefix in ("", "/fr"):
        goto(page, f"{site.url}{prefix}/brief/hove/samen/")
        problems += check(page, tmp_path, f"collective-start{prefix.replace('/', '-')}")
        # With its errors: the messages go inside the label, which stays beside the box.
        page.check("#id_verzoekschrift")
        with page.expect_navigation():
            page.click("main button[type=submit]")
        assert page.locator(".field--error").count()
        problems += check(page, tmp_path, f"collective-start-errors{prefix.replace('/', '-')}")

    letter = open_collective(is_petition=True)
    for prefix in ("", "/fr"):
        goto(page, f"{site.url}{prefix}/brief/samen/{letter.share_key}/")
        problems += check(page, tmp_path, f"co-sign{prefix.replace('/', '-')}")
        with page.expect_navigation():
            page.click("section[aria-labelledby=sign-title] button[type=submit]")
        problems += check(page, tmp_path, f"co-sign-errors{prefix.replace('/', '-')}")

    goto(page, site.url + "/brief/hove/")
    page.fill("#id_naam", "An Peeters")
    page.fill("#id_email", "an@example.be")
    with page.expect_navigation():
        page.click("button:has-text('Toon mijn brief')")
    problems += check(page, tmp_path, "preview")

    goto(page, site.url + "/gemeenten/")
    problems += check(page, tmp_path, "directory")
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_the_portal_and_application_checkboxes_sit_beside_their_labels(
    page,
    site,
    smtp,
    settings,
    tmp_path,
):
    from solidair.applications.services import application_start
    from solidair.initiatives.models import Initiative
    from solidair.membership.models import ContactPerson
    from tests.factories import municipality

    settings.SITE_URL = site.url
    page.goto(site.url + "/portaal/aanmelden/")
    page.get_by_label("Je e-mailadres").fill(CONTACT)
    with page.expect_navigation():
        page.get_by_role("button", name="Stuur mij een link").click()
    assert outbox_flush() == 1
    link = SIGN_IN_LINK.search(smtp.inbox.messages[-1].get_body(("plain",)).get_content())
    page.goto(link.group(0))
    with page.expect_navigation():
        page.get_by_role("button", name="Meld je aan").click()

    portal = site.url + "/portaal/merelbeke-melle/"
    contact = ContactPerson.objects.get(email=CONTACT)
    initiative = Initiative.objects.get(title="Buddywerking voor nieuwkomers")
    _application, token = application_start(
        municipality=municipality("Kortrijk"),
        applicant_name="Sam Peeters",
        applicant_email="sam.peeters@kortrijk.be",
        applicant_role="OCMW",
    )
    pages = {
        "portal-contact": f"{portal}contacten/{contact.pk}/",
        "portal-initiative-new": f"{portal}initiatieven/nieuw/",
        "portal-initiative-edit": f"{portal}initiatieven/{initiative.pk}/",
        "apply-commitments": f"{site.url}/aansluiten/{token}/engagementen/",
        "apply-contacts": f"{site.url}/aansluiten/{token}/contactpersonen/",
    }
    problems = []
    for name, url in pages.items():
        goto(page, url)
        problems += check(page, tmp_path, name)
    assert not problems, "\n".join(problems)
