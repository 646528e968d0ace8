"""The letter as a PDF to print or attach: A4, tagged (PDF/UA-1 when it qualifies).

The Typst source below is fixed; the letter goes in as JSON data through
`sys.inputs`, so nothing a resident types is ever parsed as Typst markup or code.
Footnotes are Typst footnotes at the places of the references, numbered as in
the letter, at the bottom of the page. Section headings are level-1 headings:
they are the letter's top level (PDF/UA-1 wants the first heading at level 1).
"""

import json
import re

from solidair.letters.composing.content import (
    Block,
    BulletList,
    Footnote,
    FootnoteRef,
    Heading,
    Inline,
    Letter,
    Paragraph,
)
from solidair.lib.typst import PdfLater, clean_text, compile_pdf, compile_pdf_later

# Web addresses in footnotes become clickable links, showing the same text.
_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]'’”]")

SOURCE = r"""
#let letter = json(bytes(sys.inputs.letter))

#set document(
  title: letter.title,
  author: letter.author,
  keywords: letter.keywords,
)
#set page(
  paper: "a4",
  margin: 2.5cm,
  footer: context {
    let pages = counter(page).final().first()
    if pages > 1 {
      set align(right)
      set text(size: 9pt)
      counter(page).display("1 / 1", both: true)
    }
  },
)
#set text(font: "Libertinus Serif", size: 11pt, lang: "nl", region: "BE")
#set par(justify: false, leading: 0.62em, spacing: 1.05em)
#set list(indent: 0.4em, body-indent: 0.6em, spacing: 0.75em)
#show heading: set text(size: 11pt, weight: "bold")
#show heading: set block(above: 1.6em, below: 0.9em)
#show link: underline.with(stroke: 0.4pt, offset: 1.5pt)
#set footnote.entry(gap: 0.5em, clearance: 1.2em)

#let segments(items) = {
  for item in items {
    if "link" in item { link(item.link) } else { item.text }
  }
}

#let inline(parts) = {
  for part in parts {
    if "note" in part {
      // Number the footnote as the letter does.
      counter(footnote).update(part.note - 1)
      footnote(segments(part.body))
    } else {
      segments((part,))
    }
  }
}

#align(right, block(align(left, letter.recipient.join(linebreak()))))

#v(1.5em)
#letter.place_date

#v(0.8em)
#letter.salutation
#v(0.2em)

#let render-blocks(blocks) = {
  for b in blocks {
    if b.kind == "heading" {
      heading(level: 1, b.text)
    } else if b.kind == "paragraph" {
      par(inline(b.parts))
    } else {
      list(..b.items.map(inline))
    }
  }
}

#render-blocks(letter.blocks)

#v(0.6em)
#block(breakable: false, {
  letter.closing
  v(2.2em)
  letter.signature
})

#if letter.appendix.len() > 0 {
  pagebreak()
  render-blocks(letter.appendix)
}
"""


def _segments(text: str) -> list[dict[str, str]]:
    """Text as runs of plain text and web addresses."""
    result: list[dict[str, str]] = []
    position = 0
    for match in _URL.finditer(text):
        if match.start() > position:
            result.append({"text": text[position : match.start()]})
        result.append({"link": match.group()})
        position = match.end()
    if position < len(text):
        result.append({"text": text[position:]})
    return result


def _inline(parts: Inline, notes: dict[int, str]) -> list[dict]:
    result: list[dict] = []
    for part in parts:
        if isinstance(part, FootnoteRef):
            body = _segments(clean_text(notes.get(part.number, "")))
            result.append({"note": part.number, "body": body})
        else:
            result.append({"text": clean_text(part)})
    return result


def _blocks(source: tuple[Block, ...], notes: dict[int, str]) -> list[dict]:
    blocks: list[dict] = []
    for block in source:
        if isinstance(block, Heading):
            blocks.append({"kind": "heading", "text": clean_text(block.text)})
        elif isinstance(block, Paragraph):
            blocks.append({"kind": "paragraph", "parts": _inline(block.parts, notes)})
        elif isinstance(block, BulletList):
            items = [_inline(item, notes) for item in block.items]
            blocks.append({"kind": "list", "items": items})
    return blocks


def letter_data(letter: Letter) -> dict:
    """The letter as the JSON data that the Typst source lays out."""
    notes = {note.number: note.text for note in letter.footnotes}
    return {
        "title": clean_text(letter.title),
        "author": clean_text(letter.signature),
        "keywords": [
            "Solidaire Steden en Gemeenten",
            f"sjabloon v{letter.template_version}",
            f"brief {letter.kind}",
        ],
        "recipient": [clean_text(line) for line in letter.recipient],
        "place_date": clean_text(letter.place_date),
        "salutation": clean_text(letter.salutation),
        "blocks": _blocks(letter.blocks, notes),
        "appendix": _blocks(letter.appendix, notes),
        "closing": clean_text(letter.closing),
        "signature": clean_text(letter.signature),
    }


def render_pdf(letter: Letter) -> bytes:
    return compile_pdf(SOURCE, inputs={"letter": json.dumps(letter_data(letter))})


def render_pdf_later(letter: Letter) -> PdfLater:
    """``render_pdf``, in the worker's render processes when it has them
    (solidair.lib.typst.render_processes); ``.result()`` is the PDF."""
    return compile_pdf_later(SOURCE, inputs={"letter": json.dumps(letter_data(letter))})


# A letter with every kind of block, laid out once when a web worker starts (warm_up).
_SAMPLE = Letter(
    kind="join",
    template_version=0,
    title="Proefbrief",
    recipient=("Aan het college van burgemeester en schepenen", "Markt 1", "9000 Gent"),
    place_date="Gent, 1 januari 2026",
    salutation="Geacht college,",
    blocks=(
        Heading("Onze vraag"),
        Paragraph(("Wij vragen onze gemeente om aan te sluiten", FootnoteRef(1), ".")),
        BulletList((("een eerste engagement",), ("een tweede engagement",))),
    ),
    closing="Met vriendelijke groeten,",
    signature="Een inwoner",
    footnotes=(Footnote(1, "Zie https://www.vluchtelingenwerk.be/."),),
    appendix=(Paragraph(("Bijlage",)),),
)


def warm_up() -> None:
    """Lay out a sample letter, so that a process's first resident does not wait for Typst's
    first document: loading the fonts and filling its layout caches makes that one about four
    times slower than the next. Each web worker calls it before its first request
    (solidair/operations/warmup.py)."""
    render_pdf(_SAMPLE)
