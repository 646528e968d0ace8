"""The whole collective path in Dutch, French and English, as the residents go: start, the
confirmation link, the manage page, the share link, the QR code and the poster, two co-signers
and their confirmations, "Verstuur de brief", the council's mail and the follow-up. Every link
in every mail opens a page in the language the resident used."""

import datetime
import io
import re
from urllib.parse import urlsplit

import lxml.html
import pytest
import segno
from django.utils import timezone

from solidair.letters.delivery.collective import MANAGE_PURPOSE
from solidair.letters.delivery.dispatch import letters_dispatch
from solidair.letters.delivery.followup import letters_followup
from solidair.letters.models import CollectiveLetter, LetterStatus
from solidair.lib.tokens import link_key
from solidair.operations.mail import outbox_flush
from tests.letters.collective_helpers import SIGN, START, council_address, links_in, open_collective

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("offices_always_open")]

SITE = "http://testserver"
HTML_LANG = {"nl-be": "nl-BE", "fr": "fr", "en": "en"}
PREFIX = {"nl-be": "", "fr": "/fr", "en": "/en"}
# A resident's Accept-Language: the pages follow the address, never the header.
BROWSER = {"nl-be": "fr-BE,fr;q=0.9,en;q=0.8", "fr": "fr-BE,fr;q=0.9", "en": "en-GB,en;q=0.9"}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE
    settings.RATELIMIT_ENABLE = False


def qr_path_data(svg: bytes) -> str:
    return re.search(rb'<path[^>]* d="([^"]+)"', svg).group(1).decode()


def qr_of(url: str) -> str:
    """The modules of ``url``'s QR code, drawn as collective_qr draws them: the same drawing
    means the image decodes to ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=4, xmldecl=False)
    return qr_path_data(out.getvalue())


def page(client, path: str, language: str):
    """GET ``path``: a page in ``language``."""
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    tree = lxml.html.fromstring(response.content.decode())
    assert tree.get("lang") == HTML_LANG[language], path
    return tree


def mails_checked(client, smtp, language: str, expected: int) -> list:
    """Deliver the outbox; every link in the new mails opens (a page in ``language``)."""
    before = len(smtp.inbox.messages)
    assert outbox_flush() == expected
    new = smtp.inbox.messages[before:]
    for message in new:
        assert message["Content-Language"] == language
        links = links_in(message)
        assert links
        for link in links:
            assert link.startswith(SITE + PREFIX[language] + "/"), link
            page(client, urlsplit(link).path, language)
    return new


def manage_key(path: str) -> str | None:
    return link_key(path.rstrip("/").rsplit("/", 1)[-1], purpose=MANAGE_PURPOSE)


def link_with(message, fragment: str) -> str:
    return next(urlsplit(link).path for link in links_in(message) if fragment in link)


@pytest.mark.parametrize("language", ["nl-be", "fr", "en"])
def test_the_collective_path_works_in_every_language(client, smtp, language):
    council_address()
    prefix = PREFIX[language]
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = BROWSER[language]

    form = page(client, f"{prefix}/brief/hove/samen/", language)
    assert form.xpath("//form[@method='post']/@action") == [f"{prefix}/brief/hove/samen/"]
    paragraph = "Samen vragen we het college om mensen op de vlucht warm te ontvangen."
    response = client.post(
        f"{prefix}/brief/hove/samen/", {**START, "gezamenlijke_alinea": paragraph}
    )
    assert response.status_code == 200
    assert lxml.html.fromstring(response.content.decode()).get("lang") == HTML_LANG[language]

    # The confirmation mail; its link opens a page with a button.
    [confirmation] = mails_checked(client, smtp, language, 1)
    confirm = link_with(confirmation, "/samen/bevestig/")
    assert confirm.startswith(f"{prefix}/brief/samen/bevestig/")
    response = client.post(confirm)
    assert response.status_code == 302
    manage = response.url
    assert manage.startswith(f"{prefix}/brief/samen/beheer/")

    # The mail with the share link and the manage link.
    [opened] = mails_checked(client, smtp, language, 1)
    mailed = link_with(opened, "/samen/beheer/")
    assert mailed.startswith(f"{prefix}/brief/samen/beheer/")
    # The same letter's link (a token carries its second, so the two may differ).
    assert manage_key(mailed) == manage_key(manage)
    letter = CollectiveLetter.objects.get()
    share = f"{prefix}/brief/samen/{letter.share_key}/"
    assert link_with(opened, f"/samen/{letter.share_key}/") == share

    # The manage page: the share link, the QR code of that link, and the poster.
    tree = page(client, manage, language)
    assert tree.xpath("//section[@aria-labelledby='share-title']//a/@href")[0] == SITE + share
    [qr] = tree.xpath("//section[@aria-labelledby='share-title']//img/@src")
    assert qr == f"{prefix}/brief/samen/{letter.share_key}/qr.svg"
    svg = client.get(qr)
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert qr_path_data(svg.content) == qr_of(SITE + share)
    [poster] = tree.xpath("//a[contains(@href, '/affiche/')]/@href")
    assert poster == f"{prefix}/brief/samen/{letter.share_key}/affiche/"
    poster_page = page(client, poster, language)
    [poster_qr] = poster_page.xpath("//main//img/@src")
    assert poster_qr == qr
    assert client.get(poster_qr).status_code == 200
    assert SITE + share in poster_page.text_content()

    # Two residents co-sign from the share page and confirm with their mails' links.
    page(client, share, language)
    for number, (name, email) in enumerate(
        [("Karim El Amrani", "karim@example.be"), ("Sofie Maes", "sofie@example.be")], start=1
    ):
        response = client.post(share, {**SIGN, "naam": name, "email": email})
        assert response.status_code == 200
        [mail] = mails_checked(client, smtp, language, 1)
        signed = link_with(mail, "/samen/ondertekening/")
        assert signed.startswith(f"{prefix}/brief/samen/ondertekening/")
        response = client.post(signed)
        assert response.status_code == 200
        assert lxml.html.fromstring(response.content.decode()).get("lang") == HTML_LANG[language]
        assert letter.signatures.filter(confirmed_at__isnull=False).count() == number

    # Signing again: a mail that says so, with links that work too.
    client.post(share, {**SIGN, "naam": "Karim El Amrani", "email": "karim@example.be"})
    mails_checked(client, smtp, language, 1)

    # "Verstuur de brief" on the manage page.
    tree = page(client, manage, language)
    assert "3" in tree.xpath("//h2[@id='count-title']")[0].text_content()
    response = client.post(manage, {"versturen": "1"})
    assert response.status_code == 302 and response.url == manage
    letter.refresh_from_db()
    assert (letter.status, letter.signatory_count) == (LetterStatus.WAITING, 3)
    page(client, manage, language)
    page(client, share, language)

    # The council's mail is Dutch; then the follow-up comes in the initiator's language.
    assert letters_dispatch(now=timezone.now()) == "1 letters sent"
    [council] = mails_checked_council(smtp)
    assert council["Content-Language"] == "nl-be"
    assert letters_followup(now=timezone.now() + datetime.timedelta(days=15))
    [followup] = mails_checked(client, smtp, language, 1)
    assert link_with(followup, "/brief/opvolging/").startswith(f"{prefix}/brief/opvolging/")


def mails_checked_council(smtp) -> list:
    before = len(smtp.inbox.messages)
    assert outbox_flush() == 1
    return smtp.inbox.messages[before:]


@pytest.mark.parametrize("header", ["fr", "fr-BE,fr;q=0.9", "en-GB,en;q=0.9", "de, en;q=0.5"])
@pytest.mark.parametrize("language", ["nl-be", "fr", "en"])
def test_the_qr_code_is_in_its_pages_language_whatever_the_browser_asks(client, language, header):
    """The QR code is a file of the page (under its language prefix), not open data: the
    address decides, never Accept-Language."""
    letter = open_collective()
    prefix = PREFIX[language]
    response = client.get(
        f"{prefix}/brief/samen/{letter.share_key}/qr.svg", HTTP_ACCEPT_LANGUAGE=header
    )
    assert response.status_code == 200
    assert response["Content-Language"] == language
    assert qr_path_data(response.content) == qr_of(
        f"{SITE}{prefix}/brief/samen/{letter.share_key}/"
    )
    assert "Access-Control-Allow-Origin" not in response  # no open data headers
