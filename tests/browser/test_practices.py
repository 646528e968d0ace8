"""A contact describes a good practice on its structured fields with the keyboard only, in
Dutch and in French: the form's fieldsets, an error summary, the saved practice on its public
page and in the library's filters; axe checks every page on the way."""

import re

import pytest

from solidair.operations.mail import outbox_flush
from tests.browser.helpers import submit, tab_to

CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture
SIGN_IN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")


def sign_in(page, site, smtp, prefix: str) -> None:
    page.goto(f"{site.url}{prefix}/portaal/aanmelden/")
    tab_to(page, "#id_email")
    page.keyboard.type(CONTACT)
    submit(page)
    assert outbox_flush() == 1
    message = smtp.inbox.messages[-1]
    page.goto(SIGN_IN_LINK.search(message.get_body(("plain",)).get_content()).group(0))
    submit(page)


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector, limit=120)
    page.keyboard.press("Control+A")
    page.keyboard.type(text)


def choose(page, selector: str) -> None:
    """A radio button by keyboard: Tab into its group, arrows to it (which checks it)."""
    name = page.locator(selector).get_attribute("name")
    tab_to(page, f"input[name={name!r}]", limit=120)
    for _ in range(10):
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            break
        page.keyboard.press("ArrowDown")
    assert page.locator(selector).is_checked()


def fill_in(page, year: str) -> None:
    type_into(page, "#id_title", "Woonbox")
    type_into(page, "#id_summary", "Een eerste woning voor wie erkend is.")
    type_into(page, "#id_started_year", year)
    type_into(page, "#id_aim", "Wie erkend is, vindt snel een eerste woning.")
    choose(page, "#id_audience_2")
    type_into(page, "#id_approach", "De gemeente huurt woningen en verhuurt ze door.")
    type_into(page, "#id_result", "Negen op tien vonden daarna zelf een woning.")
    type_into(page, "#id_people_reached", "35")
    type_into(page, "#id_people_reached_year", "2025")
    choose(page, "#id_cost_band_3")
    type_into(page, "#id_to_copy", "Een woonbegeleider en tien woningen.")
    tab_to(page, "#id_contact", limit=120)
    page.keyboard.press("ArrowDown")  # the first contact after "Geen"
    tab_to(page, "#id_published", limit=120)
    page.keyboard.press("Space")


@pytest.mark.browser
@pytest.mark.parametrize(
    ("prefix", "error", "added", "heading"),
    [
        ("", "Kijk je gegevens even na", "Het initiatief is toegevoegd.", "Doel"),
        ("/fr", "Vérifiez vos données", "L'initiative est ajoutée.", "Objectif"),
    ],
)
def test_a_contact_describes_a_practice_by_keyboard(
    page, site, smtp, settings, assert_accessible, prefix, error, added, heading
):
    settings.SITE_URL = site.url
    sign_in(page, site, smtp, prefix)
    page.goto(f"{site.url}{prefix}/portaal/merelbeke-melle/initiatieven/nieuw/")
    assert page.locator("fieldset legend").count() >= 8
    assert_accessible(page)

    # A year out of range first: summed up at the top, with a link to the field, the rest kept.
    fill_in(page, year="1850")
    submit(page, "form.letter-form button[type=submit]")
    alert = page.get_by_role("alert")
    assert error in alert.inner_text()
    assert alert.locator("a[href='#id_started_year']").count() == 1
    assert page.locator("#id_to_copy").input_value() == "Een woonbegeleider en tien woningen."
    assert page.locator("#id_audience_2").is_checked()
    assert_accessible(page)

    type_into(page, "#id_started_year", "2021")
    submit(page, "form.letter-form button[type=submit]")
    assert page.get_by_role("status").inner_text() == added
    assert_accessible(page)

    from solidair.initiatives.models import Initiative

    initiative = Initiative.objects.get(title="Woonbox")
    assert initiative.audience == "refugees" and initiative.cost_band == "medium"
    assert initiative.people_reached == 35 and initiative.started_year == 2021
    assert initiative.contact.email == CONTACT

    page.goto(f"{site.url}{prefix}{initiative.get_absolute_url()}")
    assert page.get_by_role("heading", level=2, name=heading).is_visible()
    assert_accessible(page)
    page.goto(f"{site.url}{prefix}/initiatieven/?voor_wie=refugees&met_resultaat=on")
    assert page.get_by_role("link", name="Woonbox", exact=True).is_visible()
    assert_accessible(page)
