"""Plain text to paste into an e-mail; footnotes become numbered notes at the end."""

import textwrap

from solidair.letters.composing.content import Block, BulletList, Heading, Letter, Paragraph

WIDTH = 76


def _wrap(text: str, indent: str = "", first: str = "") -> str:
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=first or indent,
        subsequent_indent=indent,
        break_long_words=False,
        break_on_hyphens=False,
    )


def _block_lines(letter: Letter, blocks: tuple[Block, ...]) -> list[str]:
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            lines += [block.text, ""]
        elif isinstance(block, Paragraph):
            lines += [_wrap(letter.plain(block.parts)), ""]
        elif isinstance(block, BulletList):
            lines += [_wrap(letter.plain(item), indent="  ", first="- ") for item in block.items]
            lines.append("")
    return lines


def render_text(letter: Letter) -> str:
    lines: list[str] = [*letter.recipient, "", letter.place_date, "", letter.salutation, ""]
    lines += _block_lines(letter, letter.blocks)
    lines += [letter.closing, letter.signature]
    if letter.appendix:
        lines += ["", "", *_block_lines(letter, letter.appendix)]
    if letter.footnotes:
        lines += ["", "Noten"]
        for note in letter.footnotes:
            text = f"[{note.number}] {note.text}"
            # A long address stays whole on its line, so that it can be clicked.
            long_word = any(len(word) > WIDTH // 2 for word in note.text.split())
            lines.append(text if long_word else _wrap(text, indent="    "))
    return "\n".join(lines).rstrip() + "\n"
