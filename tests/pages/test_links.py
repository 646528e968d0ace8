"""Every internal link and in-page anchor on the public pages leads somewhere, crawled through
Django's test client: what a browser would follow, without a browser."""

from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from lxml import html

from solidair.membership.models import Activity
from tests.factories import ContactPersonFactory, InitiativeFactory, make_member, municipality

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/gemeenten/",
    "/gemeenten/merelbeke-melle/",
    "/gemeenten/aalst/",
    "/zoeken/?q=sint",
    "/zoeken/?q=9820+Deurne",
    "/initiatieven/",
    "/netwerk/",
    "/netwerk/voor-gemeenten/",
    "/gemeenten/merelbeke-melle/klopt-er-iets-niet/",
    "/fr/netwerk/voor-gemeenten/",
    "/bestaat-niet/",
]
ANCHOR_PAGES = ["/", "/netwerk/", "/gemeenten/"]
HOST = "http://testserver"


@pytest.fixture
def network():
    """Two members in different provinces (one with a public contact and a published
    initiative), the rest non-members. Returns the initiative's path."""
    make_member("Merelbeke-Melle", ("reception", "housing", "network"))
    make_member("Leuven", ("reception", "education", "network"))
    merelbeke_melle = municipality("Merelbeke-Melle")
    ContactPersonFactory(
        municipality=merelbeke_melle,
        name="An Peeters",
        role="Sociale dienst",
        email="sociale.dienst@example.be",
    )
    initiative = InitiativeFactory(
        municipality=merelbeke_melle,
        title="Buddywerking voor nieuwkomers",
        summary="Vrijwilligers helpen nieuwkomers hun weg te vinden in de gemeente.",
        text='<p>Elke buddy begeleidt een gezin. <a href="https://example.be/">Meer info</a>.</p>',
        is_highlighted=True,
    )
    initiative.themes.set(Activity.objects.filter(code__in=["reception", "network"]))
    return initiative.get_absolute_url()


def visit(client, path: str):
    """The page at ``path`` after its redirects, and the address it ended at."""
    response = client.get(path, follow=True)
    final = response.redirect_chain[-1][0] if response.redirect_chain else path
    return response, urljoin(HOST + path, final)


def hrefs(response, base: str) -> list[str]:
    document = html.fromstring(response.content)
    return [urljoin(base, link.get("href")) for link in document.iter("a") if link.get("href")]


def test_internal_links_resolve(client, network):
    sources: dict[str, set[str]] = {}
    for path in [*PAGES, network]:
        response, here = visit(client, path)
        for href in hrefs(response, here):
            url = urldefrag(href).url
            # Same-page anchors (the skip link) are checked by test_in_page_anchors_exist.
            if urlsplit(url).netloc == "testserver" and url != urldefrag(here).url:
                sources.setdefault(url, set()).add(path)

    assert len(sources) > 20  # the crawl reached the site's pages, not only a few
    broken = []
    for url, pages in sorted(sources.items()):
        target = url[len(HOST) :]
        response, _ = visit(client, target)
        if response.status_code >= 400:
            linked_from = ", ".join(sorted(pages))
            broken.append(f"{target} -> {response.status_code} (linked from {linked_from})")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


def test_in_page_anchors_exist(client, network):
    missing, checked = [], 0
    for path in ANCHOR_PAGES:
        response, here = visit(client, path)
        for href in hrefs(response, here):
            url, fragment = urldefrag(href)
            if not fragment or urlsplit(url).netloc != "testserver":
                continue
            target, _ = visit(client, url[len(HOST) :])
            ids = html.fromstring(target.content).xpath("//*[@id=$id]", id=fragment)
            checked += 1
            if len(ids) != 1:
                missing.append(f"{urlsplit(url).path}#{fragment} (linked from {path})")
    assert checked >= len(ANCHOR_PAGES)  # every page has at least its skip link
    assert not missing, "links to anchors that do not exist:\n" + "\n".join(missing)
