"""Languages in addresses: the pages under /fr/ and /en/, the files that stay where they are.

Pages for people are in ``i18n_patterns`` (solidair/urls.py): Dutch without a prefix, French
under /fr/, English under /en/; the URL alone decides the language (LocaleMiddleware), never a
cookie or the browser's preference, so that a cached page is right for its address.

Addresses for programs and other sites (the API, downloads, map data, badge, feeds) have no
prefix and never move. Where they hold words for people, ``?lang=fr|en`` picks the language
(``LanguageParameterMiddleware``); the open data also follows the Accept-Language header
(``solidair.opendata.middleware.open_data_language``, which reads both with the helpers here).
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import LocalePrefixPattern, NoReverseMatch, Resolver404, get_resolver, reverse
from django.utils import translation
from django.utils.encoding import iri_to_uri
from django.utils.translation.trans_real import parse_accept_lang_header

from solidair.lib.i18n import supported_language

LANGUAGE_PARAMETER = "lang"
# hreflang values: Dutch as spoken in Belgium; French and English for everyone.
HREFLANG = {"nl-be": "nl-BE"}


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def strip_language_prefix(path: str) -> str:
    """The path without its language prefix: "/fr/portaal/" -> "/portaal/"."""
    for code in language_codes():
        prefix = f"/{code}/"
        if path.startswith(prefix) or path == prefix[:-1]:
            return "/" + path[len(prefix) :]
    return path


def is_language_neutral(path_info: str, urlconf: str | None = None) -> bool:
    """Whether the path is one of the addresses outside ``i18n_patterns`` (API, files, ...)."""
    resolver = get_resolver(urlconf)
    relative = path_info.removeprefix("/")
    for pattern in resolver.url_patterns:
        if isinstance(pattern.pattern, LocalePrefixPattern):
            continue
        try:
            if pattern.resolve(relative) is not None:
                return True
        except Resolver404:
            continue
    return False


def hreflang(code: str) -> str:
    return HREFLANG.get(code, code)


def with_language(url: str, language: str | None = None) -> str:
    """``url`` of a file without prefix, with ``?lang=`` unless the language is Dutch."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or language not in language_codes():
        return url
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}{urlencode({LANGUAGE_PARAMETER: language})}"


def reverse_with_language(viewname: str, *args, **kwargs) -> str:
    """reverse() for a file without prefix, with the active language as ``?lang=``."""
    return with_language(reverse(viewname, args=args or None, kwargs=kwargs or None))


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    hreflang: str
    url: str
    current: bool
    # False when the page has no version in this language and the link leads to the home page.
    same_page: bool = True


def language_links(request: HttpRequest) -> list[LanguageLink]:
    """The same page in every language: for the language switch and the hreflang links.

    The query string is kept. A page reached by POST leads to the same address, which a GET
    shows. A path that is no page (a 404) leads to the home page in the other languages.
    """
    current = translation.get_language()
    full_path = request.get_full_path()
    match = getattr(request, "resolver_match", None)
    links = []
    for code, name in settings.LANGUAGES:
        url, same_page = full_path, True
        if code != current:
            url = _same_page_in(code, match, request) if match else None
            if url is None:
                with translation.override(code):
                    url, same_page = reverse("municipalities:home"), False
        links.append(
            LanguageLink(
                code=code,
                name=name,
                hreflang=hreflang(code),
                url=url,
                current=code == current,
                same_page=same_page,
            )
        )
    return links


def _same_page_in(language: str, match, request: HttpRequest) -> str | None:
    """translate_url() for the request's own page: the request is resolved already, so only
    the reverse() is left (translate_url resolves again, which costs three times as much)."""
    with translation.override(language):
        try:
            path = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return None
    query = request.META.get("QUERY_STRING", "")
    url = f"{path}?{iri_to_uri(query)}" if query else path
    return None if url == request.get_full_path() else url


def accepted_language(request: HttpRequest) -> str | None:
    """The first language of the Accept-Language header that the site has, or None."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        language = supported_language(code)
        if language:
            return language
    return None


class LanguageParameterMiddleware:
    """``?lang=`` on the addresses without a prefix.

    Place right after LocaleMiddleware and before the page cache: the cache's key holds
    ``request.LANGUAGE_CODE``. Pages with a prefix (or a Dutch page without one) ignore it:
    their address says their language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self._language(request)
        if language is None:
            return self.get_response(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = self.get_response(request)
        response["Content-Language"] = language
        return response

    def _language(self, request: HttpRequest) -> str | None:
        asked = request.GET.get(LANGUAGE_PARAMETER)
        if asked is None:
            return None
        if not is_language_neutral(request.path_info, getattr(request, "urlconf", None)):
            return None
        return supported_language(asked)
