"""Every internal link and in-page anchor on the public pages leads somewhere."""

from urllib.parse import urldefrag, urlsplit

import pytest

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
HREFS = "() => [...document.querySelectorAll('a[href]')].map(a => a.href)"


@pytest.mark.browser
def test_internal_links_resolve(page, site):
    host = urlsplit(site.url).netloc
    sources: dict[str, set[str]] = {}
    for path in [*PAGES, site.initiative_url[len(site.url) :]]:
        page.goto(site.url + path)
        here = urldefrag(page.url).url
        for href in page.evaluate(HREFS):
            url = urldefrag(href).url
            # Same-page anchors (the skip link) are checked by test_in_page_anchors_exist.
            if urlsplit(url).netloc == host and url != here:
                sources.setdefault(url, set()).add(path)

    broken = []
    for url, pages in sorted(sources.items()):
        response = page.request.get(url, max_redirects=5)
        if response.status >= 400:
            target = url[len(site.url) :]
            broken.append(f"{target} -> {response.status} (linked from {', '.join(sorted(pages))})")
    assert not broken, "broken internal links:\n" + "\n".join(broken)


@pytest.mark.browser
def test_in_page_anchors_exist(page, site):
    missing = []
    for path in ["/", "/netwerk/", "/gemeenten/"]:
        page.goto(site.url + path)
        for href in page.evaluate(HREFS):
            url, fragment = urldefrag(href)
            if not fragment or urlsplit(url).netloc != urlsplit(site.url).netloc:
                continue
            page_path = urlsplit(url).path
            page.goto(url)
            if page.locator(f"[id='{fragment}']").count() != 1:
                missing.append(f"{page_path}#{fragment} (linked from {path})")
            page.goto(site.url + path)
    assert not missing, "links to anchors that do not exist:\n" + "\n".join(missing)
