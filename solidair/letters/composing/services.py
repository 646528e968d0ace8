"""The residents' letter: one service builds it as structured content from live data."""

import datetime
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import formats, timezone, translation

from solidair.letters.composing import templating
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
from solidair.letters.models import LetterCount, LetterKind, LetterTemplate
from solidair.lib.i18n import in_dutch
from solidair.membership.models import Activity, Membership
from solidair.membership.selectors import current_membership
from solidair.municipalities.models import Municipality

RECIPIENT = "Aan het college van burgemeester en schepenen"

T = TypeVar("T")
# The network's data read by ``letter_build``, kept for the letters of one dispatch batch.
_kept: ContextVar[dict | None] = ContextVar("letters_live_data_kept", default=None)


@contextmanager
def live_data_kept() -> Iterator[None]:
    """Within this block, ``letter_build`` reads each piece of the network's data (members,
    a municipality's membership, templates, activities) once and reuses it: for the letters of
    one dispatch batch, built in one transaction, which would all read the same."""
    token = _kept.set({})
    try:
        yield
    finally:
        _kept.reset(token)


def kept(key: tuple, read: Callable[[], T]) -> T:
    """``read()``, or what it gave for ``key`` earlier in the ``live_data_kept`` block."""
    memo = _kept.get()
    if memo is None:
        return read()
    if key not in memo:
        memo[key] = read()
    return memo[key]


@dataclass(frozen=True)
class ResidentInput:
    name: str
    email: str
    phone: str = ""
    # None: from the municipality's title; True/False: the resident's correction.
    is_city: bool | None = None
    personal_paragraph: str = ""
    preferences: tuple[str, ...] = ()  # activity codes, in the order chosen
    # Replaces "op <e-mail> of via <phone>" where the letter must not show an address
    # (a collective letter: the council answers by replying to its mail).
    contact: str = ""


def dutch_date(day: datetime.date) -> str:
    with translation.override("nl-be"):
        return formats.date_format(day, "j F Y")


def join_names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " en " + names[-1]


def _active_members() -> list[tuple[int, str]]:
    """(municipality ID, name) of every active member, by name."""
    return list(
        Membership.objects.active()
        .order_by("municipality__name_nl")
        .values_list("municipality_id", "municipality__name_nl")
    )


def members_sentence(*, excluding: Municipality) -> str:
    members = kept(("members",), _active_members)
    names = [name for place, name in members if place != excluding.pk]
    network = "het netwerk van Solidaire Steden en Gemeenten"
    if not names:
        return f"Nog geen enkele andere stad of gemeente trad toe tot {network}."
    if len(names) == 1:
        return f"{names[0]} trad al toe tot {network}."
    return f"{join_names(names)} traden al toe tot {network}."


class _Builder:
    """Resolves a parsed template into blocks, numbering footnotes as they appear."""

    def __init__(self, values: dict[str, str], block_values: dict[str, tuple[Block, ...]]):
        self.values = values
        self.block_values = block_values
        self.footnotes: list[Footnote] = []

    def inline(self, tokens) -> Inline:
        parts: list[str | FootnoteRef] = []
        for token in tokens:
            if isinstance(token, str):
                parts.append(token)
            elif isinstance(token, templating.Field):
                parts.append(self.values[token.name])
            else:
                number = len(self.footnotes) + 1
                text = "".join(
                    p if isinstance(p, str) else self.values[p.name] for p in token.parts
                )
                self.footnotes.append(Footnote(number, " ".join(text.split())))
                parts.append(FootnoteRef(number))
        return templating.merge_text(parts)

    def text(self, source: str) -> str:
        blocks = templating.parse(source, allow_blocks=False)
        return " ".join(
            "".join(p if isinstance(p, str) else "" for p in self.inline(block.lines[0]))
            for block in blocks
        )

    def blocks(self, source: str) -> tuple[Block, ...]:
        result: list[Block] = []
        for block in templating.parse(source):
            if block.kind == "field":
                result.extend(self.block_values[block.field])
            elif block.kind == "heading":
                result.append(Heading("".join(_strings(self.inline(block.lines[0])))))
            elif block.kind == "paragraph":
                result.append(Paragraph(self.inline(block.lines[0])))
            else:
                result.append(BulletList(tuple(self.inline(item) for item in block.lines)))
        return tuple(result)


def _strings(parts: Inline) -> list[str]:
    return [p for p in parts if isinstance(p, str)]


def _personal_blocks(text: str) -> tuple[Block, ...]:
    paragraphs = [" ".join(chunk.split()) for chunk in text.replace("\r\n", "\n").split("\n\n")]
    return tuple(Paragraph((p,)) for p in paragraphs if p)


def _preference_blocks(codes: tuple[str, ...], place: str) -> tuple[Block, ...]:
    if not codes:
        return ()
    by_code = kept(("activities",), lambda: {a.code: a for a in Activity.objects.all()})
    chosen = [by_code[code] for code in codes if code in by_code]
    if not chosen:
        return ()
    intro = (
        f"Zelf hoop ik vooral dat {place} werk maakt van dit engagement:"
        if len(chosen) == 1
        else f"Zelf hoop ik vooral dat {place} werk maakt van deze engagementen, in deze volgorde:"
    )
    items = tuple((f"{a.label_nl}: {a.description_nl}",) for a in chosen)
    return (Paragraph((intro,)), BulletList(items))


def _commitment_line(commitment) -> str:
    """The title and the rung reached, as the member page shows them (claimed or proven)."""
    status = commitment.get_rung_display()
    reached = commitment.reached
    if reached and reached.date:
        status += f" sinds {dutch_date(reached.date)}"
    return f"{commitment.display_title} ({status})"


def _member_blocks(membership: Membership | None, place: str) -> dict[str, tuple[Block, ...]]:
    if membership is None or not membership.is_active:
        return {"engagementen": (), "nog_te_realiseren": ()}
    with translation.override("nl-be"):
        # A stopped commitment is no longer one the municipality stands for.
        commitments = [c for c in membership.commitments.all() if c.is_active]
        open_ones = [c for c in commitments if not c.is_realised]
        listed: tuple[Block, ...] = ()
        if commitments:
            listed = (
                Paragraph((f"{place} engageerde zich voor:",)),
                BulletList(tuple((_commitment_line(c),) for c in commitments)),
            )
        add_one = "minstens één nieuw engagement toe te voegen"
        if open_ones:
            todo: tuple[Block, ...] = (
                Paragraph(("Nog niet gerealiseerd zijn:",)),
                BulletList(tuple((c.display_title,) for c in open_ones)),
                Paragraph((f"Ik vraag u om deze engagementen waar te maken en om er {add_one}.",)),
            )
        elif commitments:
            todo = (
                Paragraph(
                    (
                        "Volgens de gegevens van het netwerk zijn al deze engagementen "
                        f"gerealiseerd. Ik vraag u om er {add_one}.",
                    )
                ),
            )
        else:
            todo = (Paragraph((f"Ik vraag u om uw engagementen te bevestigen en er {add_one}.",)),)
    return {"engagementen": listed, "nog_te_realiseren": todo}


def letter_build(
    *,
    municipality: Municipality,
    resident: ResidentInput,
    template: LetterTemplate | None = None,
    today: datetime.date | None = None,
    signature: str = "",
    appendix: tuple[Block, ...] = (),
) -> Letter:
    """The letter a resident sends to their council, from the data as it is now.

    Always in Dutch, the language of Flemish councils, whatever the language of the page:
    the commitments' titles and anything translatable come out in Dutch."""
    with in_dutch():
        return _letter_build(
            municipality=municipality,
            resident=resident,
            template=template,
            today=today,
            signature=signature,
            appendix=appendix,
        )


def _letter_build(
    *,
    municipality: Municipality,
    resident: ResidentInput,
    template: LetterTemplate | None,
    today: datetime.date | None,
    signature: str,
    appendix: tuple[Block, ...],
) -> Letter:
    membership = kept(("membership", municipality.pk), lambda: current_membership(municipality))
    kind = LetterKind.MEMBER if membership and membership.is_active else LetterKind.JOIN
    template = template or kept(("template", kind), lambda: LetterTemplate.objects.current(kind))
    today = today or timezone.localdate()
    is_city = municipality.is_city if resident.is_city is None else resident.is_city
    place = municipality.name_nl
    contact = resident.contact or f"op {resident.email}"
    if resident.phone and not resident.contact:
        contact += f" of via {resident.phone}"
    values = {
        "gemeente": place,
        "bestuur": "Stad" if is_city else "Gemeente",
        "bestuur_klein": "stad" if is_city else "gemeente",
        "naam": resident.name,
        "contact": contact,
        "ledenlijst": members_sentence(excluding=municipality),
        "aantal_leden": str(len(kept(("members",), _active_members))),
    }
    block_values = {
        "persoonlijke_alinea": _personal_blocks(resident.personal_paragraph),
        "voorkeuren": _preference_blocks(resident.preferences, place),
        **_member_blocks(membership, place),
    }
    builder = _Builder(values, block_values)
    salutation = builder.text(template.salutation)
    blocks = builder.blocks(template.body)
    closing = builder.text(template.closing)
    return Letter(
        kind=kind,
        template_version=template.version,
        title=f"Brief aan het college van burgemeester en schepenen van {place}",
        recipient=(RECIPIENT, f"{values['bestuur']} {place}"),
        place_date=f"{place}, {dutch_date(today)}",
        salutation=salutation,
        blocks=blocks,
        closing=closing,
        signature=signature or resident.name,
        footnotes=tuple(builder.footnotes),
        appendix=appendix,
    )


def letter_count_record(*, municipality: Municipality, letter: Letter) -> None:
    """Count a composed letter, anonymously, for the campaign figures.

    Every preview counts, so this is on the busiest path: one UPDATE statement, which holds
    the database's write lock (SQLite) only while it runs, and no transaction around a read
    and a write. Only the day's first letter of its kind inserts the row; two first letters
    at once: the second one's insert fails on the unique constraint and it updates instead.
    """
    counter = LetterCount.objects.filter(
        municipality=municipality,
        day=timezone.localdate(),
        kind=letter.kind,
        template_version=letter.template_version,
    )
    if counter.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            LetterCount.objects.create(
                municipality=municipality,
                day=timezone.localdate(),
                kind=letter.kind,
                template_version=letter.template_version,
                count=1,
            )
    except IntegrityError:
        counter.update(count=F("count") + 1)
