"""solidair.lib.richtext: plain text keeps its paragraphs, lists and links; nothing unsafe
survives, whatever is typed."""

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solidair.lib.richtext import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    is_html,
    rich_text_html,
    rich_text_plain,
)

HYPOTHESIS = settings(max_examples=300)


class Parsed(HTMLParser):
    """The tags, attributes and text of a piece of HTML."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def assert_safe(markup: str) -> None:
    for tag, attrs in Parsed(markup).tags:
        assert tag in ALLOWED_TAGS, tag
        allowed = ALLOWED_ATTRIBUTES.get(tag, set()) | ({"rel"} if tag == "a" else set())
        assert set(attrs) <= allowed, (tag, attrs)
        if "href" in attrs:
            assert re.match(r"(https?|mailto):", attrs["href"]), attrs["href"]


def test_paragraphs_line_breaks_lists_and_links():
    text = (
        "Ons taalcafé is open.\nElke dinsdag.\n\n"
        "We bieden:\n- taalles\n- een buddy\n  die je helpt\n* sport\n\n"
        "1. inschrijven\n2. komen\r\n\r\n"
        "Meer op https://www.gent.be/taal?a=1&b=2. Mail info@gent.be of www.leuven.be"
    )
    assert str(rich_text_html(text)) == (
        "<p>Ons taalcafé is open.<br>Elke dinsdag.</p>"
        "<p>We bieden:</p><ul><li>taalles</li><li>een buddy<br>die je helpt</li>"
        "<li>sport</li></ul>"
        "<ol><li>inschrijven</li><li>komen</li></ol>"
        '<p>Meer op <a href="https://www.gent.be/taal?a=1&amp;b=2" rel="noopener noreferrer">'
        "https://www.gent.be/taal?a=1&amp;b=2</a>. Mail "
        '<a href="mailto:info@gent.be" rel="noopener noreferrer">info@gent.be</a> of '
        '<a href="http://www.leuven.be" rel="noopener noreferrer">www.leuven.be</a></p>'
    )


def test_a_numbered_list_may_start_further_and_a_list_may_follow_a_line():
    assert str(rich_text_html("Stappen:\n3) bellen\n4) langskomen")) == (
        '<p>Stappen:</p><ol start="3"><li>bellen</li><li>langskomen</li></ol>'
    )


def test_a_line_that_only_looks_like_a_list_stays_a_paragraph():
    assert str(rich_text_html("-5 graden en 2025. was een goed jaar")) == (
        "<p>-5 graden en 2025. was een goed jaar</p>"
    )


def test_html_is_sanitised_as_before():
    html = '<p>Tekst met <a href="https://stad.gent">link</a>.</p><script>alert(1)</script>'
    assert str(rich_text_html(html)) == (
        '<p>Tekst met <a href="https://stad.gent" rel="noopener noreferrer">link</a>.</p>'
    )


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "Tekst\n\n<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        "javascript:alert(1)",
        'https://gent.be/"onmouseover="alert(1)',
        "https://gent.be/<script>alert(1)</script>",
        "- <b onclick=alert(1)>lijst</b>\n- twee",
        "&lt;script&gt;alert(1)&lt;/script&gt;",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        'www.gent.be/"><svg onload=alert(1)>',
        'info@gent.be"><script>alert(1)</script>',
        "<!-- <script>alert(1)</script> -->",
        "<style>body{display:none}</style>Tekst",
        "\x00<scr\x00ipt>alert(1)</script>",
        "1. <iframe src=https://evil.example></iframe>",
    ],
)
def test_hostile_input_is_shown_harmless(hostile):
    markup = str(rich_text_html(hostile))
    assert_safe(markup)
    assert "<script" not in markup and "onerror" not in markup.replace("onerror=", "x")
    assert "javascript:" not in "".join(str(a) for _t, a in Parsed(markup).tags)


def test_escaped_markup_in_plain_text_stays_text():
    markup = str(rich_text_html("Schrijf <b> niet, maar 1 < 2 & 3 > 2"))
    # "<b>" makes it HTML: the tag is kept (allowed), the rest escaped.
    assert_safe(markup)
    assert "1 &lt; 2 &amp; 3 &gt; 2" in markup
    plain = str(rich_text_html("1 < 2 & 3 > 2; <info@gent.be>"))
    assert plain.startswith('<p>1 &lt; 2 &amp; 3 &gt; 2; &lt;<a href="mailto:info@gent.be"')


def test_plain_text_for_search_and_downloads():
    assert rich_text_plain("<p>a &amp; b</p><ul><li>x</li><li>y</li></ul>") == "a & b\nx\ny"
    assert rich_text_plain("  1 < 2 & a\n\nb  ") == "1 < 2 & a\n\nb"
    assert rich_text_plain("<p>x</p><script>alert(1)</script>") == "x"


def test_what_is_html():
    assert is_html("<p>x</p>") and is_html("a<br>b") and is_html("<!-- x -->")
    assert not is_html("1 < 2 > 0") and not is_html("<info@gent.be>")
    assert not is_html("<https://gent.be>") and not is_html("x <3 y")


# Plain text as people type it, with list markers, links and stray markup characters.
PIECES = st.sampled_from(
    [
        "\n",
        "\n\n",
        "- ",
        "* ",
        "1. ",
        "  ",
        "https://gent.be/a?b=1&c=2",
        "www.leuven.be",
        "info@gent.be",
        "<",
        ">",
        "&",
        '"',
        "'",
        "javascript:",
        "<b>",
        "<script>",
        "\r\n",
    ]
)
TYPED = st.lists(st.one_of(PIECES, st.text(max_size=12)), max_size=30).map("".join)


@HYPOTHESIS
@given(TYPED)
def test_any_text_gives_only_allowed_markup(text):
    assert_safe(str(rich_text_html(text)))


@HYPOTHESIS
@given(TYPED.filter(lambda text: not is_html(text)))
def test_plain_text_loses_no_word(text):
    shown = " ".join(Parsed(str(rich_text_html(text))).text)
    words = re.findall(r"[^\W\d_]+", text)  # list numbers are drawn by the list, not written
    assert re.findall(r"[^\W\d_]+", shown) == words
