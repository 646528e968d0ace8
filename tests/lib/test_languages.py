"""The site in three languages: addresses, the language switch, hreflang links, caching.

The French and English catalogues are filled elsewhere: these tests check the mechanics (the
active language, lang attributes, addresses), never the wording of a translation.
"""

from urllib.parse import urlsplit

import lxml.html
import pytest
from django.conf import settings
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation

from solidair.operations.pagecache import _cacheable_request
from solidair.web import languages
from tests.factories import InitiativeFactory, make_member, municipality
from tests.helpers import html, switch

PREFIXES = {"nl-be": "", "fr": "/fr", "en": "/en"}
HTML_LANG = {"nl-be": "nl-BE", "fr": "fr", "en": "en"}
HUMAN_NAMESPACES = {
    "municipalities",
    "membership",
    "initiatives",
    "network",
    "letters",
    "portal",
    "applications",
    "opendata_pages",
}
SAMPLE_VALUES = {"slug": "gent", "int": 1, "string": "abcdefghijklmnop", "path": "x/y"}


def named_human_urls() -> list[tuple[str, dict]]:
    """Every named URL of the pages for people, with sample arguments."""
    found: list[tuple[str, dict]] = []

    def walk(patterns, namespace: str | None, converters: dict) -> None:
        for pattern in patterns:
            own = {**converters, **pattern.pattern.converters}
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, pattern.namespace or namespace, own)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace:
                kwargs = {
                    name: SAMPLE_VALUES[type(converter).__name__.removesuffix("Converter").lower()]
                    for name, converter in own.items()
                }
                found.append((f"{namespace}:{pattern.name}", kwargs))

    for top in get_resolver().url_patterns:
        if isinstance(top.pattern, LocalePrefixPattern):
            walk(top.url_patterns, None, {})
    return found


def test_the_walk_finds_the_pages_of_every_part_of_the_site():
    names = {name for name, _kwargs in named_human_urls()}
    assert {name.split(":")[0] for name in names} == HUMAN_NAMESPACES
    assert len(names) > 50
    assert {"opendata_pages:map", "letters:confirm", "portal:sign_in_link"} <= names


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_page_for_people_has_an_address_in_each_language(language):
    wrong = []
    for name, kwargs in named_human_urls():
        with translation.override("nl-be"):
            dutch = reverse(name, kwargs=kwargs)
        with translation.override(language):
            url = reverse(name, kwargs=kwargs)
            match = resolve(url)
        if url != PREFIXES[language] + dutch or f"{match.namespace}:{match.url_name}" != name:
            wrong.append(f"{name}: {dutch} -> {url}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("opendata:map_geojson", {}),
        ("opendata:dataset_csv", {"slug": "gemeenten"}),
        ("opendata:figure_csv", {"slug": "leden"}),
        ("opendata:badge_svg", {"slug": "gent"}),
        ("opendata:feed_members", {}),
        ("operations:health", {}),
        ("public_file", {"path": "public/a.pdf"}),
        ("admin:index", {}),
        ("api-v1:openapi-json", {}),
    ],
)
def test_addresses_for_programs_have_no_prefix_in_any_language(name, kwargs):
    with translation.override("nl-be"):
        dutch = reverse(name, kwargs=kwargs)
    for language in ("fr", "en"):
        with translation.override(language):
            assert reverse(name, kwargs=kwargs) == dutch
    assert languages.is_language_neutral(dutch)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/municipalities/",
        "/kaart/gemeenten.geojson",
        "/open-data/gemeenten.csv",
        "/feeds/leden.atom",
        "/gezondheid/",
        "/beheer/",
    ],
)
def test_addresses_for_programs_do_not_exist_under_a_prefix(client, path):
    assert client.get("/fr" + path).status_code == 404
    assert client.get("/en" + path).status_code == 404


@pytest.fixture
def gent(db):
    make_member("Gent")
    return municipality("Gent")


@pytest.mark.django_db
def test_a_sample_of_pages_answers_in_every_language_as_in_dutch(client, gent):
    initiative = InitiativeFactory(municipality=gent, title="Buddywerking")
    paths = [
        "/",
        "/zoeken/?q=gent",
        "/gemeenten/",
        "/gemeenten/gent/",
        f"/initiatieven/{initiative.pk}/",
        "/initiatieven/",
        "/netwerk/",
        "/netwerk/bijeenkomsten/",
        "/netwerk/brochures/",
        "/netwerk/aanbevelingen/",
        "/brief/",
        "/brief/hoe/",
        "/brief/privacy/",
        "/brief/gent/",
        "/brief/gent/samen/",
        "/portaal/",
        "/portaal/aanmelden/",
        "/aansluiten/",
        "/kaart/",
        "/cijfers/",
        "/open-data/",
    ]
    for path in paths:
        dutch = client.get(path)
        assert dutch.status_code in (200, 302), path
        for language in ("fr", "en"):
            response = client.get(PREFIXES[language] + path)
            assert response.status_code == dutch.status_code, (language, path)
            assert language == response.wsgi_request.LANGUAGE_CODE
            assert response["Content-Language"] == language
            if response.status_code == 302:
                # Redirects stay in the language: /fr/portaal/ -> /fr/portaal/aanmelden/.
                assert response["Location"] == PREFIXES[language] + dutch["Location"]
            else:
                assert html(response).get("lang") == HTML_LANG[language], path


def alternates(response) -> dict[str, str]:
    links = html(response).xpath('//head/link[@rel="alternate"][@hreflang]')
    result = {link.get("hreflang"): link.get("href") for link in links}
    assert len(result) == len(links), "an hreflang given twice"
    return result


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl-be", "fr", "en"])
def test_every_page_names_its_versions_with_hreflang(client, gent, language):
    response = client.get(PREFIXES[language] + "/gemeenten/gent/?van=gent")
    site = settings.SITE_URL
    assert alternates(response) == {
        "nl-BE": f"{site}/gemeenten/gent/?van=gent",
        "fr": f"{site}/fr/gemeenten/gent/?van=gent",
        "en": f"{site}/en/gemeenten/gent/?van=gent",
        "x-default": f"{site}/gemeenten/gent/?van=gent",
    }
    assert all(urlsplit(href).path.startswith("/") for href in alternates(response).values())


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["nl-be", "fr", "en"])
def test_the_language_switch_links_to_the_same_page_with_its_query(client, gent, language):
    response = client.get(PREFIXES[language] + "/kaart/?provincie=oost-vlaanderen")
    links = switch(response)
    assert [(a.get("lang"), a.get("hreflang"), a.get("href")) for a in links] == [
        ("nl-BE", "nl-BE", "/kaart/?provincie=oost-vlaanderen"),
        ("fr", "fr", "/fr/kaart/?provincie=oost-vlaanderen"),
        ("en", "en", "/en/kaart/?provincie=oost-vlaanderen"),
    ]
    assert [a.text_content() for a in links] == ["Nederlands", "Français", "English"]
    current = [a.get("hreflang") for a in links if a.get("aria-current")]
    assert current == [HTML_LANG[language]]
    for a in links:
        assert client.get(a.get("href")).status_code == 200


@pytest.mark.django_db
def test_a_page_with_a_token_switches_with_its_token(client):
    response = client.get("/en/portaal/aanmelden/link/?sleutel=not-a-valid-token")
    assert response.status_code == 410
    hrefs = [a.get("href") for a in switch(response)]
    assert hrefs[1] == "/fr/portaal/aanmelden/link/?sleutel=not-a-valid-token"


@pytest.mark.django_db
def test_a_path_that_is_no_page_switches_to_the_home_page_and_has_no_hreflang(client):
    response = client.get("/fr/bestaat-niet/")
    assert response.status_code == 404
    assert html(response).get("lang") == "fr"
    assert [a.get("href") for a in switch(response)] == ["/", "/fr/bestaat-niet/", "/en/"]
    assert alternates(response) == {}


@pytest.mark.django_db
def test_lang_does_not_change_a_page_for_people(client, gent):
    response = client.get("/kaart/?lang=fr", HTTP_ACCEPT_LANGUAGE="fr")
    assert html(response).get("lang") == "nl-BE"
    assert response.wsgi_request.LANGUAGE_CODE == "nl-be"


@pytest.mark.django_db
def test_the_page_cache_keeps_the_languages_apart(client, gent, django_assert_num_queries):
    french = client.get("/fr/gemeenten/gent/")
    with django_assert_num_queries(0):
        assert client.get("/fr/gemeenten/gent/").content == french.content  # from the cache
    dutch = client.get("/gemeenten/gent/")
    english = client.get("/en/gemeenten/gent/")
    assert [html(r).get("lang") for r in (french, dutch, english)] == ["fr", "nl-BE", "en"]
    with django_assert_num_queries(0):
        assert html(client.get("/gemeenten/gent/")).get("lang") == "nl-BE"
        assert html(client.get("/fr/gemeenten/gent/")).get("lang") == "fr"
    # A browser that prefers French still gets the Dutch page at the Dutch address.
    preferring_french = client.get("/gemeenten/gent/", HTTP_ACCEPT_LANGUAGE="fr")
    assert html(preferring_french).get("lang") == "nl-BE"


@pytest.mark.django_db
def test_the_api_and_its_cache_keep_the_languages_apart(client, gent):
    path = f"/api/v1/municipalities/{gent.refnis}/"
    answers = [
        client.get(path),
        client.get(path, HTTP_ACCEPT_LANGUAGE="fr-BE,fr;q=0.9"),
        client.get(path + "?lang=en", HTTP_ACCEPT_LANGUAGE="fr"),
        client.get(path),  # from the cache: still Dutch
        client.get(path, HTTP_ACCEPT_LANGUAGE="de, *;q=0.1"),
    ]
    assert [r["Content-Language"] for r in answers] == ["nl-be", "fr", "en", "nl-be", "nl-be"]
    assert [r.json()["url"] for r in answers] == [
        "/gemeenten/gent/",
        "/fr/gemeenten/gent/",
        "/en/gemeenten/gent/",
        "/gemeenten/gent/",
        "/gemeenten/gent/",
    ]
    assert "Accept-Language" in answers[1]["Vary"]


@pytest.mark.django_db
def test_files_follow_lang_and_link_to_the_pages_in_it(client, gent):
    atom = client.get("/feeds/leden.atom?lang=en")
    assert atom["Content-Language"] == "en"
    feed = lxml.etree.fromstring(atom.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    assert feed.xpath("a:link[@rel='self']/@href", namespaces=ns) == [
        "http://testserver/feeds/leden.atom?lang=en"
    ]
    assert feed.xpath("a:entry/a:link/@href", namespaces=ns) == [
        "http://testserver/en/gemeenten/gent/"
    ]
    dutch = client.get("/feeds/leden.atom")
    assert lxml.etree.fromstring(dutch.content).xpath("a:entry/a:link/@href", namespaces=ns) == [
        "http://testserver/gemeenten/gent/"
    ]
    badge = client.get("/badge/gent.svg?lang=fr")
    assert badge.status_code == 200
    assert badge["Content-Language"] == "fr"
    assert client.get("/badge/gent.svg?lang=xx")["Content-Language"] == "nl-be"


@pytest.mark.django_db
def test_the_pages_link_to_files_in_their_language(client, gent):
    french = html(client.get("/fr/open-data/"))
    downloads = french.xpath('//a[contains(@href, "/open-data/gemeenten.")]/@href')
    assert downloads
    assert all(href.startswith("/open-data/") and href.endswith("?lang=fr") for href in downloads)
    dutch = html(client.get("/open-data/"))
    downloads = dutch.xpath('//a[contains(@href, "/open-data/gemeenten.")]/@href')
    assert downloads
    assert all("lang=" not in href for href in downloads)


def test_the_page_cache_skips_personal_pages_in_every_language():
    factory = RequestFactory()
    for language in ("", "/fr", "/en"):
        assert not _cacheable_request(factory.get(f"{language}/portaal/"))
        assert not _cacheable_request(factory.get(f"{language}/aansluiten/abc/"))
        assert _cacheable_request(factory.get(f"{language}/kaart/"))


def test_strip_language_prefix():
    assert languages.strip_language_prefix("/fr/portaal/") == "/portaal/"
    assert languages.strip_language_prefix("/en") == "/"
    assert languages.strip_language_prefix("/french/") == "/french/"
    assert languages.strip_language_prefix("/portaal/fr/") == "/portaal/fr/"


@pytest.mark.django_db
def test_an_anonymous_visitor_is_sent_to_sign_in_in_their_language(client):
    response = client.get("/en/portaal/")
    assert response.status_code == 302
    assert response["Location"] == "/en/portaal/aanmelden/"
    with translation.override("fr"):
        assert reverse(settings.LOGIN_URL) == "/fr/portaal/aanmelden/"


@pytest.mark.django_db
def test_the_switch_keeps_an_encoded_query_as_it_was(client, gent):
    response = client.get("/fr/zoeken/?q=li%C3%A8ge&x=a%26b")
    hrefs = [a.get("href") for a in switch(response)]
    assert hrefs == [
        "/zoeken/?q=li%C3%A8ge&x=a%26b",
        "/fr/zoeken/?q=li%C3%A8ge&x=a%26b",
        "/en/zoeken/?q=li%C3%A8ge&x=a%26b",
    ]
