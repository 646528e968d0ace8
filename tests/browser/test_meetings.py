"""Two contacts register for a meeting with one place, by keyboard; the second waits and gets
the place when the first cancels with the link from her mail. axe checks every page."""

import datetime
import re

import pytest

from solidair.operations.mail import outbox_flush
from tests.browser.helpers import SIGN_IN_LINK, submit, tab_to

FIRST = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture
SECOND = "welzijn@leuven.example"
REGISTRATION_LINK = re.compile(r"https?://\S+/netwerk/bijeenkomsten/inschrijving/(\w+)/[^/\s]+/")


def mailed_links(message) -> dict[str, str]:
    body = message.get_body(("plain",)).get_content()
    return {match.group(1): match.group(0) for match in REGISTRATION_LINK.finditer(body)}


def sign_in(page, site, smtp, email: str) -> None:
    page.goto(site.url + "/portaal/aanmelden/")
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    submit(page)
    assert outbox_flush() == 1
    assert smtp.inbox.envelopes[-1] == [email]
    link = SIGN_IN_LINK.search(smtp.inbox.messages[-1].get_body(("plain",)).get_content())
    page.goto(link.group(0))
    submit(page)
    assert page.url == site.url + "/portaal/"


def register_by_keyboard(page, assert_accessible, *, check_errors: bool) -> None:
    tab_to(page, "a[href$='/inschrijven/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Inschrijven")
    assert_accessible(page)
    if check_errors:
        # Empty the name: the error state must be accessible and keep what was typed.
        tab_to(page, "#id_name")
        page.keyboard.press("Control+A")
        page.keyboard.press("Delete")
        tab_to(page, "#id_dietary_needs")
        page.keyboard.type("vegetarisch")
        submit(page)
        assert page.get_by_role("alert").is_visible()
        assert page.locator("#id_dietary_needs").input_value() == "vegetarisch"
        assert_accessible(page)
        tab_to(page, "#id_name")
        page.keyboard.type("An Peeters")
    submit(page)


@pytest.mark.browser
def test_the_waiting_list_by_keyboard(page, site, smtp, settings, assert_accessible):
    from solidair.network.models import Meeting, Registration
    from tests.factories import ContactPersonFactory, municipality

    settings.SITE_URL = site.url
    settings.PORTAL_SIGN_IN_MIN_SECONDS = 0
    ContactPersonFactory(municipality=municipality("Leuven"), name="Bram Claes", email=SECOND)
    start = datetime.datetime(2099, 3, 12, 13, 30, tzinfo=datetime.UTC)
    meeting = Meeting.objects.create(
        title="Wonen na de opvang",
        theme="Wonen",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        place="Stadhuis, Gent",
        capacity=1,
        published=True,
    )
    meeting.agenda_items.create(position=1, title="Welkom", speakers="An Peeters")
    meeting_url = site.url + meeting.get_absolute_url()

    page.goto(site.url + "/netwerk/bijeenkomsten/")
    assert "Wonen na de opvang" in page.content()
    assert_accessible(page)
    page.goto(meeting_url)
    assert "Meld je aan" in page.content()  # anonymous: sign in first
    assert_accessible(page)

    # The first contact registers and fills the meeting.
    sign_in(page, site, smtp, FIRST)
    page.goto(meeting_url)
    assert "Nog 1 plaats vrij." in page.content()
    assert_accessible(page)
    register_by_keyboard(page, assert_accessible, check_errors=True)
    assert page.url == meeting_url
    assert "Je bent ingeschreven." in page.content()
    assert_accessible(page)
    assert outbox_flush() == 1
    confirmation = smtp.inbox.messages[-1]
    assert smtp.inbox.envelopes[-1] == [FIRST]
    assert confirmation["Subject"] == "Je bent ingeschreven: Wonen na de opvang"
    assert [a.get_filename() for a in confirmation.iter_attachments()] == ["bijeenkomst.ics"]
    cancel_link = mailed_links(confirmation)["annuleren"]

    page.goto(site.url + "/portaal/")
    submit(page, "form[action='/portaal/afmelden/'] button")

    # The second one lands on the waiting list.
    sign_in(page, site, smtp, SECOND)
    page.goto(meeting_url)
    assert "volzet" in page.content()
    register_by_keyboard(page, assert_accessible, check_errors=False)
    assert "Je staat op de wachtlijst." in page.content()
    assert_accessible(page)
    assert outbox_flush() == 1
    assert smtp.inbox.messages[-1]["Subject"] == "Je staat op de wachtlijst: Wonen na de opvang"

    # The first one cancels with the link from her mail: it asks before it acts.
    page.goto(cancel_link)
    assert_accessible(page)
    submit(page)
    assert page.get_by_role("heading", level=1).inner_text() == "Je inschrijving is geannuleerd"
    assert_accessible(page)

    # The second one is offered the place, and confirms it with the link from the mail.
    assert outbox_flush() == 1
    offer = smtp.inbox.messages[-1]
    assert smtp.inbox.envelopes[-1] == [SECOND]
    assert offer["Subject"] == "Er is een plaats vrij: Wonen na de opvang"
    page.goto(mailed_links(offer)["plaats"])
    assert page.get_by_role("heading", level=1).inner_text() == "Bevestig je plaats"
    assert_accessible(page)
    submit(page)
    assert page.url == meeting_url
    assert "Je plaats is bevestigd." in page.content()
    assert "Je bent ingeschreven." in page.content()
    assert_accessible(page)
    assert outbox_flush() == 1
    assert smtp.inbox.messages[-1]["Subject"] == "Je bent ingeschreven: Wonen na de opvang"
    assert sorted(Registration.objects.values_list("email", "status")) == [
        (FIRST, "cancelled"),
        (SECOND, "registered"),
    ]
    # The used cancel link no longer works.
    page.goto(cancel_link)
    assert page.get_by_role("heading", level=1).inner_text() == "Deze link werkt niet meer"
    assert_accessible(page)
