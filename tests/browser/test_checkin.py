"""A contact answers the yearly check-in by keyboard, from the mails to the public page, and
reports reception places; axe checks every page on the way, error states included."""

import datetime
import re

import pytest

from solidair.membership.models import Rung
from solidair.operations.mail import outbox_flush
from tests.browser.helpers import submit, tab_to

CONTACT = "sociale.dienst@example.be"  # Merelbeke-Melle's contact in the `site` fixture
SIGN_IN_LINK = re.compile(r"https?://\S+/portaal/aanmelden/link/\?sleutel=[\w-]+")
CHECKIN_LINK = re.compile(r"https?://\S+/portaal/[\w-]+/bevestigen/")


def body(message) -> str:
    return message.get_body(("plain",)).get_content()


def sign_in(page, site, smtp, email: str) -> None:
    """Ask for a link by keyboard, open it from the delivered mail, press 'Meld je aan'."""
    tab_to(page, "#id_email")
    page.keyboard.type(email)
    submit(page)
    assert outbox_flush() == 1
    link = SIGN_IN_LINK.search(body(smtp.inbox.messages[-1])).group(0)
    page.goto(link)
    submit(page)
    assert page.url == site.url + "/portaal/"


def press_link(page, selector: str) -> None:
    tab_to(page, selector)
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.browser
def test_a_contact_confirms_and_reports_reception_places(
    page,
    site,
    smtp,
    settings,
    assert_accessible,
):
    from django.utils import timezone

    from solidair.membership.checkins import checkins_open
    from solidair.membership.models import Membership

    settings.SITE_URL = site.url
    # Merelbeke-Melle joined two years ago today: its yearly question goes out.
    today = timezone.localdate()
    membership = Membership.objects.get(municipality__slug="merelbeke-melle")
    membership.member_since = today.replace(year=today.year - 2, day=min(today.day, 28))
    membership.save()
    assert checkins_open(now=timezone.now()).startswith("1 check-ins opened")
    assert outbox_flush() == 1
    question = smtp.inbox.messages[0]
    assert smtp.inbox.envelopes == [[CONTACT]]
    checkin_link = CHECKIN_LINK.search(body(question)).group(0)
    assert checkin_link == site.url + "/portaal/merelbeke-melle/bevestigen/"

    # Not signed in: the link leads to sign-in; after it, the portal shows the question.
    page.goto(checkin_link)
    assert page.url == site.url + "/portaal/aanmelden/"
    sign_in(page, site, smtp, CONTACT)
    assert "Het netwerk vraagt je om te bevestigen" in page.content()
    assert_accessible(page)

    press_link(page, "a[href='/portaal/merelbeke-melle/bevestigen/']")
    heading = page.get_by_role("heading", level=1).inner_text()
    assert "Bevestig de gegevens van Merelbeke-Melle" in heading
    assert "Opvangplaatsen" in page.content()
    assert_accessible(page)

    submit(page, "button[name=bevestigen]")
    assert page.url == checkin_link
    assert "Bedankt! De gegevens van Merelbeke-Melle zijn bevestigd" in page.content()
    assert_accessible(page)
    membership.refresh_from_db()
    assert membership.last_confirmed_on == today

    # Reception places: a negative number first, then the right figures.
    press_link(page, "a[href='/portaal/merelbeke-melle/opvang/']")
    assert_accessible(page)
    tab_to(page, "#id_loi_single")
    page.keyboard.type("-3")
    submit(page, "form[action='/portaal/merelbeke-melle/opvang/'] button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    assert "Geef een aantal van 0 of meer." in page.content()
    assert page.input_value("#id_loi_single") == "-3"  # nothing typed is lost
    assert_accessible(page)

    tab_to(page, "#id_loi_single")
    page.keyboard.press("Control+A")
    page.keyboard.type("4")
    tab_to(page, "#id_minors")
    page.keyboard.type("2")
    submit(page, "form[action='/portaal/merelbeke-melle/opvang/'] button[type=submit]")
    assert "Bedankt! De opvangplaatsen zijn bewaard." in page.content()
    assert_accessible(page)

    page.goto(site.url + "/gemeenten/merelbeke-melle/")
    assert "Zelf gemeld door de gemeente" in page.content()
    row = page.get_by_role("row", name=re.compile("Niet-begeleide minderjarigen"))
    assert "2" in row.inner_text()
    assert today.strftime("%Y") in row.inner_text()
    assert "Laatst bevestigd op" in page.content()
    assert_accessible(page)

    page.goto(site.url + "/netwerk/")
    assert "Zelf gemeld door 1 lid" in page.content()
    assert_accessible(page)


@pytest.mark.browser
def test_an_imported_member_chooses_its_commitments_by_keyboard(
    page,
    site,
    smtp,
    settings,
    assert_accessible,
):
    from django.utils import timezone

    from solidair.membership.checkins import checkins_open
    from tests.factories import ContactPersonFactory, MembershipFactory, activity, municipality

    settings.SITE_URL = site.url
    hove = MembershipFactory(
        municipality=municipality("Hove"), member_since=None, commitments_to_confirm=True
    )
    hove.commitments.create(activity=activity("reception"), rung=Rung.VISIBLE)
    ContactPersonFactory(municipality=hove.municipality, email="ocmw@hove.be")
    checkins_open(now=timezone.now())
    assert outbox_flush() >= 1
    [invitation] = [m for m in smtp.inbox.messages if m["To"] == "ocmw@hove.be"]
    assert "welke engagementen" in invitation["Subject"]

    page.goto(site.url + "/portaal/aanmelden/")
    sign_in(page, site, smtp, "ocmw@hove.be")
    press_link(page, "a[href='/portaal/hove/bevestigen/']")
    assert_accessible(page)

    # One more commitment and no date: refused, with an accessible error summary.
    tab_to(page, "#id_activities_1")  # housing
    page.keyboard.press("Space")
    submit(page, "form[action='/portaal/hove/bevestigen/'] button[type=submit]")
    assert page.get_by_role("alert").is_visible()
    assert "Kies minstens 3 engagementen." in page.content()
    assert "Geef de datum waarop jullie gemeente toetrad." in page.content()
    assert page.is_checked("#id_activities_1")
    assert_accessible(page)

    tab_to(page, "#id_activities_5")  # network
    page.keyboard.press("Space")
    page.fill("#id_member_since", datetime.date(2018, 5, 3).isoformat())
    submit(page, "form[action='/portaal/hove/bevestigen/'] button[type=submit]")
    assert "Bedankt! De gegevens van Hove zijn bevestigd" in page.content()
    assert "Alles klopt nog" in page.content()
    assert_accessible(page)
    hove.refresh_from_db()
    assert hove.commitments_to_confirm is False
    assert hove.commitments.count() == 3
