"""The language switch, the hreflang links and language-aware links to files without prefix."""

from django import template

from solidair.web import languages
from solidair.web.links import absolute_url

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context) -> list[languages.LanguageLink]:
    """``{% language_links as links %}``: this page in every language (solidair.web.languages)."""
    request = context.get("request")
    if request is None:
        return []
    return languages.language_links(request)


@register.filter
def all_same_page(links: list[languages.LanguageLink]) -> bool:
    """Whether every language has this page (only then are hreflang links given)."""
    return all(link.same_page for link in links)


@register.simple_tag
def site_url(path: str) -> str:
    """``path`` as an absolute address on the site (SITE_URL), e.g. for hreflang links."""
    return absolute_url(path)


@register.simple_tag
def file_url(viewname: str, *args, **kwargs) -> str:
    """``{% file_url 'opendata:dataset_csv' slug %}``: the address of a file without a language
    prefix, with ``?lang=`` for the active language unless it is Dutch."""
    return languages.reverse_with_language(viewname, *args, **kwargs)
