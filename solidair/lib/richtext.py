"""The text of an initiative (and of a meeting's minutes), shown as safe HTML.

Contacts write plain text in the portal: an empty line starts a paragraph, a line break stays
a line break, lines that start with "- ", "* " or "1." are a list, and addresses (http://,
https://, www.) and e-mail addresses become links. Text with HTML tags in it (the network's old
page, a coordinator's markup) is taken as HTML. Either way, nh3 keeps only paragraphs, line
breaks, emphasis, lists and links (http, https, mailto) before anything is shown.
"""

import html
import re

import nh3
from django.utils.html import urlize
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# An HTML tag or comment; "<info@gent.be>" and "<https://gent.be>" are not tags.
_TAG = re.compile(r"<!--|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_BULLET = re.compile(r"^\s*[-*•–]\s+(?P<text>.*)$")
_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)]\s+(?P<text>.*)$")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")
# Control characters (nh3 would drop them, running two words together).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def is_html(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def sanitised(markup: str) -> SafeString:
    """HTML with only the allowed tags, attributes and link schemes, safe to show."""
    cleaned = nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
    )
    return mark_safe(cleaned)  # noqa: S308 -- sanitised by nh3 just above


def _inline(lines: list[str]) -> str:
    return "<br>".join(urlize(line.strip(), autoescape=True) for line in lines)


def _list_item(line: str) -> tuple[str, int, str] | None:
    """("ul", 0, text) or ("ol", number, text) when the line is a list item."""
    if bullet := _BULLET.match(line):
        return "ul", 0, bullet["text"]
    if numbered := _NUMBERED.match(line):
        return "ol", int(numbered["number"]), numbered["text"]
    return None


def _block_html(block: str) -> str:
    """One block (between empty lines): paragraphs and lists, in the order they come."""
    parts: list[str] = []
    paragraph: list[str] = []
    kind, start, items = "", 0, []  # the list being read; each item is a list of lines

    def end_paragraph() -> None:
        if paragraph:
            parts.append(f"<p>{_inline(paragraph)}</p>")
            paragraph.clear()

    def end_list() -> None:
        nonlocal kind
        if items:
            opening = f'<ol start="{start}">' if kind == "ol" and start != 1 else f"<{kind}>"
            body = "".join(f"<li>{_inline(item)}</li>" for item in items)
            parts.append(f"{opening}{body}</{kind}>")
            items.clear()
        kind = ""

    for line in block.split("\n"):
        item = _list_item(line)
        if item:
            end_paragraph()
            if item[0] != kind:
                end_list()
                kind, start = item[0], item[1]
            items.append([item[2]])
        elif items and line[:1] in (" ", "\t") and line.strip():
            items[-1].append(line)  # an indented line goes on with the item above it
        elif line.strip():
            end_list()
            paragraph.append(line)
    end_paragraph()
    end_list()
    return "".join(parts)


def plain_text_html(text: str) -> str:
    """Plain text as HTML: paragraphs, line breaks, lists and links; everything else escaped."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text).strip("\n")
    return "".join(_block_html(block) for block in _BLANK_LINES.split(text) if block.strip())


def rich_text_html(text: str) -> SafeString:
    """The text as safe HTML: HTML sanitised, plain text shaped (see the module's docstring)."""
    text = text or ""
    return sanitised(text if is_html(text) else plain_text_html(text))


def rich_text_plain(text: str) -> str:
    """The words of the text without markup (for search and the downloads)."""
    text = text or ""
    if not is_html(text):
        return text.strip()
    blocks = re.sub(r"(?i)<(?:br\s*/?|/p|/li)>", "\n", text)
    return html.unescape(nh3.clean(blocks, tags=set())).strip()
