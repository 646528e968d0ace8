"""The letter templates that coordinators edit: plain text with named fields.

Syntax, line by line:
- a blank line separates blocks; consecutive lines form one paragraph;
- `## Title` is a heading; lines starting with `- ` form a bulleted list;
- `{field}` inserts a value (see FIELDS); `{{` and `}}` are literal braces;
- `^[...]` is a footnote at that place (it may contain fields, not footnotes);
- a line holding only a block field (`{persoonlijke_alinea}`) inserts whole
  paragraphs or a list there, or nothing when there is nothing to insert.

Values are inserted as text after parsing, so what a resident types is never
read as template syntax (nor as HTML, Word or Typst code by the renderers).
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

INLINE_FIELDS = {
    "gemeente": "de naam van de gemeente, bv. Merelbeke-Melle",
    "bestuur": "'Gemeente' of 'Stad' (met hoofdletter)",
    "bestuur_klein": "'gemeente' of 'stad'",
    "naam": "de naam van de inwoner",
    "contact": "'op e-mailadres' of 'op e-mailadres of via telefoonnummer'",
    "ledenlijst": "de zin met de huidige leden van het netwerk",
    "aantal_leden": "het aantal leden van het netwerk",
}
BLOCK_FIELDS = {
    "persoonlijke_alinea": "de eigen tekst van de inwoner (of niets)",
    "voorkeuren": "de engagementen die de inwoner het liefst ziet, in volgorde (of niets)",
    "engagementen": "de engagementen van de gemeente, met hun status (voor leden)",
    "nog_te_realiseren": "wat de gemeente nog niet realiseerde (voor leden)",
}
FIELDS = {**INLINE_FIELDS, **BLOCK_FIELDS}

_TOKEN = re.compile(r"\{\{|\}\}|\{([^{}]*)\}|\^\[|\]|[{}]")


class TemplateError(ValueError):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class Field:
    name: str


@dataclass(frozen=True)
class Note:
    parts: tuple["str | Field", ...]


Token = str | Field | Note


@dataclass(frozen=True)
class ParsedBlock:
    kind: str  # "heading", "paragraph", "list" or "field"
    lines: tuple[tuple[Token, ...], ...] = ()
    field: str = ""


def _parse_inline(text: str, line_number: int, errors: list[str]) -> tuple[Token, ...]:
    tokens: list[Token] = []
    note: list[str | Field] | None = None
    position = 0

    def emit(item: "str | Field") -> None:
        target = note if note is not None else tokens
        if isinstance(item, str) and target and isinstance(target[-1], str):
            target[-1] += item
        elif item != "":
            target.append(item)

    for match in _TOKEN.finditer(text):
        emit(text[position : match.start()])
        position = match.end()
        mark = match.group(0)
        if mark == "{{":
            emit("{")
        elif mark == "}}":
            emit("}")
        elif mark == "^[":
            if note is not None:
                errors.append(
                    _("Regel %(line)d: een voetnoot kan geen voetnoot bevatten.")
                    % {"line": line_number}
                )
            else:
                note = []
        elif mark == "]":
            if note is None:
                emit("]")
            else:
                tokens.append(Note(tuple(note)))
                note = None
        elif match.group(1) is not None:
            name = match.group(1).strip()
            if name in BLOCK_FIELDS:
                errors.append(
                    _("Regel %(line)d: {%(name)s} moet alleen op een regel staan.")
                    % {"line": line_number, "name": name}
                )
            elif name not in INLINE_FIELDS:
                errors.append(
                    _("Regel %(line)d: onbekend veld {%(name)s}. Mogelijke velden: %(known)s.")
                    % {
                        "line": line_number,
                        "name": name,
                        "known": ", ".join(f"{{{n}}}" for n in FIELDS),
                    }
                )
            else:
                emit(Field(name))
        else:
            errors.append(
                _(
                    "Regel %(line)d: een losse accolade “%(brace)s”. Schrijf {{ of }} "
                    "voor een accolade in de tekst."
                )
                % {"line": line_number, "brace": mark}
            )
    emit(text[position:])
    if note is not None:
        errors.append(
            _("Regel %(line)d: de voetnoot ^[ wordt niet gesloten met ].") % {"line": line_number}
        )
    return tuple(tokens)


def parse(source: str, *, allow_blocks: bool = True) -> list[ParsedBlock]:
    """Parse a template; raise TemplateError with every problem, in Dutch."""
    errors: list[str] = []
    blocks: list[ParsedBlock] = []
    paragraph: list[tuple[Token, ...]] = []
    items: list[tuple[Token, ...]] = []

    def flush() -> None:
        if paragraph:
            joined: list[Token] = []
            for index, line in enumerate(paragraph):
                if index:
                    joined.append(" ")
                joined.extend(line)
            blocks.append(ParsedBlock("paragraph", (merge_text(joined),)))
            paragraph.clear()
        if items:
            blocks.append(ParsedBlock("list", tuple(items)))
            items.clear()

    for number, raw in enumerate(source.splitlines(), start=1):
        line = " ".join(raw.split())
        if not line:
            flush()
            continue
        block_field = re.fullmatch(r"\{\s*([a-z_]+)\s*\}", line)
        if block_field and block_field.group(1) in BLOCK_FIELDS:
            flush()
            if not allow_blocks:
                errors.append(
                    _("Regel %(line)d: {%(name)s} kan hier niet gebruikt worden.")
                    % {"line": number, "name": block_field.group(1)}
                )
            blocks.append(ParsedBlock("field", field=block_field.group(1)))
        elif line.startswith("## "):
            flush()
            tokens = _parse_inline(line[3:], number, errors)
            if any(isinstance(token, Note) for token in tokens):
                errors.append(
                    _("Regel %(line)d: een tussentitel kan geen voetnoot hebben.")
                    % {"line": number}
                )
            blocks.append(ParsedBlock("heading", (tokens,)))
        elif line.startswith("- "):
            if paragraph:
                flush()
            items.append(_parse_inline(line[2:], number, errors))
        else:
            if items:
                flush()
            paragraph.append(_parse_inline(line, number, errors))
    flush()
    if not allow_blocks and any(
        isinstance(token, Note) for block in blocks for line in block.lines for token in line
    ):
        errors.append(_("Een voetnoot kan hier niet gebruikt worden."))
    if errors:
        raise TemplateError(errors)
    return blocks


def merge_text(tokens: list) -> tuple:
    """Join neighbouring strings and drop empty ones; other tokens stay as they are."""
    merged: list = []
    for token in tokens:
        if isinstance(token, str) and merged and isinstance(merged[-1], str):
            merged[-1] += token
        elif token != "":
            merged.append(token)
    return tuple(merged)


def validate(source: str, *, allow_blocks: bool = True) -> None:
    parse(source, allow_blocks=allow_blocks)
