"""Small helpers for producing PDFs with Typst (the `typst` Python package).

Text that comes from people (a resident's name, their own paragraph) must never
be read as Typst markup or code. Two ways to get text into a document safely:

- `escape(text)` turns text into a Typst string expression (`#"...";`) that can
  be pasted anywhere in markup: the string is inserted as text, so `#set`,
  `*bold*`, `$x$`, `<label>`, `@ref`, `//`, `]`, `\\` all stay literal.
- Better, keep the Typst source static and pass the text as data:
  `compile_pdf(source, inputs={"letter": json.dumps(data)})`, read in Typst with
  `json(bytes(sys.inputs.letter))`. Strings from JSON are never parsed at all.

Fonts: only the fonts built into the typst package are used (Libertinus Serif,
New Computer Modern (+ Math) and DejaVu Sans Mono), never the system's, so a
PDF looks the same on every machine and every font is embedded (subsetted).
Those fonts have no emoji and no CJK glyphs; see `compile_pdf` for what happens then.
"""

import functools
import logging
import re
import threading
import unicodedata
from pathlib import Path

import typst

logger = logging.getLogger(__name__)

# Standards to claim when the document qualifies. PDF/UA-1 implies a tagged PDF,
# a document title and a language, and that every character has a glyph.
PDF_STANDARDS = ["ua-1"]

# Quoted parts of Typst's messages may hold a resident's text: not for the logs.
_QUOTED = re.compile(r"`[^`]*`")

_WHITESPACE_CONTROLS = {"\t", "\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"}


def clean_text(text: str) -> str:
    """Text without control characters: whitespace controls (newlines, tabs)
    become spaces, other control characters and lone surrogates are dropped."""
    return "".join(
        " " if char in _WHITESPACE_CONTROLS else char
        for char in text
        if char in _WHITESPACE_CONTROLS or unicodedata.category(char) not in {"Cc", "Cs"}
    )


def string_literal(text: str) -> str:
    """A Typst string literal (for code) holding exactly `text` (cleaned)."""
    return '"' + clean_text(text).replace("\\", "\\\\").replace('"', '\\"') + '"'


def escape(text: str) -> str:
    """Text as Typst markup that shows exactly these characters.

    The text becomes a string expression `#"...";`: in a string literal only `\\`
    and `"` are special, and the `;` ends the expression, so what follows in the
    markup (`.field`, `[...]`, `(...)`) is not taken as part of it. Strings are
    inserted as plain text: no smart quotes, no `--` dashes, no auto-links.
    Control characters are dropped, newlines and tabs become spaces.
    """
    if not text:
        return ""
    return "#" + string_literal(text) + ";"


def compile_pdf(
    source: str, *, inputs: dict[str, str] | None = None, root: Path | None = None
) -> bytes:
    """Compile a Typst document to a tagged PDF, claiming PDF/UA-1 if it qualifies.

    `inputs` are available in the document as `sys.inputs` (strings only).
    The source must set a document title and a text language (PDF/UA-1 needs both).

    PDF/UA-1 is refused by Typst when the document breaks one of its rules; for
    content we do not control the likely one is a character that no built-in
    font can show (an emoji, Chinese). Then the PDF is made again without the
    claim: still tagged, with title and language, the character shown as a box.
    Errors in the source itself are raised as `typst.TypstError`.

    `root` is the folder the document may read files from (images we copied there);
    the letter reads none, so it passes none.
    """
    if root is not None:
        # Documents that read files (a brochure's images) get a compiler of their own, rooted
        # in the folder that holds them.
        options = {
            "format": "pdf",
            "ignore_system_fonts": True,
            "font_paths": [],
            "sys_inputs": inputs or {},
            "pdf_tags": True,
            "root": str(root),
        }
        try:
            return typst.compile(source.encode(), pdf_standards=PDF_STANDARDS, **options)
        except typst.TypstError as error:
            if not error.message.startswith("PDF/UA-1 error"):
                raise
            logger.warning("PDF made without PDF/UA-1: %s", _QUOTED.sub("`…`", error.message))
        return typst.compile(source.encode(), pdf_standards=[], **options)
    options = {"format": "pdf", "sys_inputs": inputs or {}, "pdf_tags": True}
    with _compiler_lock:
        try:
            return _compiler().compile(
                input=source.encode(), pdf_standards=PDF_STANDARDS, **options
            )
        except typst.TypstError as error:
            if not error.message.startswith("PDF/UA-1 error"):
                raise
            logger.warning("PDF made without PDF/UA-1: %s", _QUOTED.sub("`…`", error.message))
        return _compiler().compile(input=source.encode(), pdf_standards=[], **options)


# One compiler per process, kept: it parses the built-in fonts once and keeps Typst's caches
# between documents, which makes a letter's PDF about four times cheaper than a fresh
# ``typst.compile`` (bench/send.py). It is not made for concurrent use: one compile at a time.
_compiler_lock = threading.Lock()


@functools.cache
def _compiler() -> typst.Compiler:
    fonts = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[])
    return typst.Compiler(font_paths=fonts, ignore_system_fonts=True)
