"""A letter as structured content: what every renderer (HTML, DOCX, PDF, text) consumes.

The letter service (`services.letter_build`) produces one `Letter`; renderers
only lay it out and never re-derive content. Text in these structures is plain
text (never markup): renderers escape it for their format.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to footnote `number` (1-based) at this place in the text."""

    number: int


# A run of inline content: plain strings and footnote references.
Inline = tuple[str | FootnoteRef, ...]


@dataclass(frozen=True)
class Heading:
    text: str


@dataclass(frozen=True)
class Paragraph:
    parts: Inline


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]


Block = Heading | Paragraph | BulletList


@dataclass(frozen=True)
class Footnote:
    number: int
    text: str


@dataclass(frozen=True)
class Letter:
    kind: str  # "join" (ask to join) or "member" (thank a member, ask for more)
    template_version: int
    title: str  # document title, e.g. for PDF/DOCX metadata
    recipient: tuple[str, ...]  # address block lines
    place_date: str  # "Merelbeke-Melle, 23 november 2026"
    salutation: str
    blocks: tuple[Block, ...]
    closing: str
    signature: str
    footnotes: tuple[Footnote, ...]
    # After the letter, on a page of its own: e.g. the signatories of a collective letter.
    appendix: tuple[Block, ...] = ()

    def plain(self, inline: Inline) -> str:
        """Inline content as text, with footnote references as [n]."""
        return "".join(p if isinstance(p, str) else f"[{p.number}]" for p in inline)
