"""The main navigation: which of its links is the current page or the current section."""

from django import template
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def nav_current(url: str, path: str, *, section: bool = True) -> str:
    """`` aria-current="page"`` on the link to this page; `` aria-current="true"`` on the link
    to the section this page is in (its address starts with the link's) when ``section``;
    else nothing."""
    if path == url:
        return format_html(' aria-current="{}"', "page")
    if section and path.startswith(url):
        return format_html(' aria-current="{}"', "true")
    return ""
