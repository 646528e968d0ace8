"""Import of the network's legacy content: the old web page "Wat doen solidaire
gemeenten?" and the member list in the footnote of the network's letter.

Parsing is generic and free of database access (`parse_page`,
`parse_letter_members`); `legacy_content_import` places what was parsed on the
municipalities of the registry and creates memberships, commitments,
initiatives and contact persons. The import only adds: whatever already exists
(a membership, the municipality's highlighted initiative, a contact with the
same address) is left alone, so running it again changes nothing and never
overwrites a coordinator's later edits.

It lives with the initiatives, most of what the old page holds: initiatives already builds on
membership and the network (an initiative's commitments and partners), and membership builds on
neither.
"""

from __future__ import annotations

import datetime
import html
import re
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q

from solidair.initiatives.models import Initiative, SubProject
from solidair.initiatives.services import initiative_search_refresh
from solidair.lib.text import fold
from solidair.membership.ladder import RungClaim, commitment_ladder_set
from solidair.membership.models import (
    Activity,
    Commitment,
    ContactPerson,
    Membership,
    MembershipStatus,
    Rung,
)
from solidair.municipalities.models import FormerMunicipality, Municipality
from solidair.network.models import NetworkRole, PartnerOrganisation

# --------------------------------------------------------------------------
# Editorial table
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Editorial:
    """What a coordinator adds to an entry of the old page, which had no titles.

    `commitments` are only the activities the text plainly shows; they are
    recorded as realised. `themes` may be broader. `to_judge` explains why an
    entry needs a coordinator's look before commitments are recorded.
    """

    title: str
    summary: str
    themes: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    to_judge: str = ""


# Keyed by the municipality's current REFNIS code (Statbel, 2025).
EDITORIAL: dict[str, Editorial] = {
    "31005": Editorial(  # Brugge
        title="Vluchtelingen in het verenigingsleven en de vrije tijd",
        summary=(
            "Brugge betrekt vluchtelingen bij het verenigingsleven en bij "
            "vrijetijdsactiviteiten, met een buddyproject, vrijwilligerswerk en sport."
        ),
        themes=("participation",),
        commitments=("participation",),
        partners=("Refu Interim",),
    ),
    "44083": Editorial(  # Deinze
        title="Buddywerking",
        summary=("Buddy's helpen psychisch kwetsbare mensen hun sociaal isolement te doorbreken."),
        themes=("volunteering",),
        to_judge=(
            "the buddy scheme is for psychologically vulnerable people in general, not "
            "specifically for people who flee: imported as written, no commitment recorded"
        ),
    ),
    "71016": Editorial(  # Genk
        title="Samenwerking met het Genks Comité voor Vluchtelingen",
        summary=(
            "Het Genks Comité voor Vluchtelingen ondersteunt vluchtelingen en asielzoekers "
            "op maat: informatie, huisvesting, opleiding en werk."
        ),
        themes=("access", "housing"),
        commitments=("access",),
        partners=("Genks Comité voor Vluchtelingen",),
    ),
    "44021": Editorial(  # Gent
        title="Betaalbare woningen voor vluchtelingen met vzw Thope",
        summary="Vzw Thope huurt woningen en verhuurt ze tegen dezelfde prijs aan vluchtelingen.",
        themes=("housing",),
        commitments=("housing",),
        partners=("Vzw Thope",),
    ),
    "23027": Editorial(  # Halle
        title="Doorgangswoning",
        summary=(
            "Het OCMW verhuurt een doorgangswoning voor korte tijd aan mensen in een noodsituatie."
        ),
        themes=("housing",),
        to_judge=(
            "the transit house is for people in an emergency in general; the text does not "
            "mention refugees: imported as written, no commitment recorded"
        ),
    ),
    "11021": Editorial(  # Hove
        title="Lokaal opvanginitiatief",
        summary="Het OCMW vangt tien alleenstaande mannen en één gezin op in een LOI.",
        themes=("reception",),
        commitments=("reception",),
    ),
    "24062": Editorial(  # Leuven
        title="De Nomade",
        summary=(
            "Een open huis voor anderstalige nieuwkomers van 18 tot 35 jaar: vragen, "
            "ontmoeting, activiteiten en trajecten naar opleiding en werk."
        ),
        themes=("participation",),
        commitments=("participation",),
    ),
    "36011": Editorial(  # Lichtervelde
        title="Lokaal opvanginitiatief",
        summary=(
            "Het OCMW vangt in twee woningen vier alleenstaande mannen en een gezin van vier "
            "personen op."
        ),
        themes=("reception",),
        commitments=("reception",),
    ),
    "44088": Editorial(  # Merelbeke-Melle (the page says Merelbeke)
        title="Lokale opvanginitiatieven",
        summary=(
            "Het OCMW biedt gemeubelde woningen aan verzoekers om internationale bescherming, "
            "met sociale en medische begeleiding."
        ),
        themes=("reception",),
        commitments=("reception",),
    ),
    "12041": Editorial(  # Puurs-Sint-Amands
        title="Lokaal opvanginitiatief",
        summary=(
            "Het LOI van het OCMW vangt erkende en subsidiair beschermde vluchtelingen en "
            "asielzoekers op."
        ),
        themes=("reception",),
        commitments=("reception",),
    ),
    "71071": Editorial(  # Tessenderlo-Ham (the page says Tessenderlo)
        title="Lokaal opvanginitiatief",
        summary="Het LOI vangt kandidaat-vluchtelingen op binnen de gemeente.",
        themes=("reception",),
        commitments=("reception",),
    ),
    "38025": Editorial(  # Veurne
        title="Lokaal opvanginitiatief",
        summary=(
            "Zeven studio's en twee gezinswoningen voor verzoekers om internationale "
            "bescherming, met medische en sociale begeleiding."
        ),
        themes=("reception",),
        commitments=("reception",),
    ),
    "23088": Editorial(  # Vilvoorde
        title="Inburgeringsprogramma op maat voor jonge vluchtelingen",
        summary=(
            "Vilvoorde biedt jonge vluchtelingen een inburgeringsprogramma op maat, met het "
            "Agentschap Integratie en Inburgering."
        ),
        themes=("access",),
        commitments=("access",),
        partners=("Agentschap Integratie en Inburgering",),
    ),
    "46030": Editorial(  # Beveren-Kruibeke-Zwijndrecht (the page says Zwijndrecht)
        title="Vrijwilligers en buddy’s voor nieuwkomers",
        summary=(
            "Vrijwilligers en buddy's helpen nieuwkomers met dagelijkse zaken, Nederlands, "
            "vrije tijd en werk."
        ),
        themes=("volunteering",),
        commitments=("volunteering",),
    ),
}

CONTACT_ROLE = "Contactpersoon Solidaire Gemeente"
DEFAULT_PAGE_TITLE = "Wat doen solidaire gemeenten?"
MONTHS_NL = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)

# --------------------------------------------------------------------------
# Parsing (no database access)
# --------------------------------------------------------------------------

BULLETS = "•·●▪◦"
DASHES = "-–—"
# Any whitespace (no-break spaces included) and zero-width characters.
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
_CONTACT = re.compile(r"^contact(?:persoon|personen)?\s*:\s*(?P<rest>.*)$", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
# Sentences that pointed to a link that the copy of the page lost:
# "Klik hier voor meer info.", "Lees er hier meer over!", "Meer info vind je
# hier.", "Andere initiatieven van de Stad Gent kan je hier terugvinden."
_LOST_LINK = re.compile(
    r"\b(?:klik|lees|vind|kan|kun|bekijk|surf)\b[^.!?]*\bhier\b"
    r"|\bhier\b[^.!?]*\b(?:terugvinden|vinden|lezen|bekijken)\b",
    re.IGNORECASE,
)
_LOST_LINK_MAX_WORDS = 15
_FOOTNOTE = re.compile(r"\[(?P<number>\d+):\s*(?P<body>[^\]]*)\]")
_MEMBER_LIST = re.compile(
    r"^(?P<names>.+?)\s+(?:traden|treden|zijn)\s+(?:al\s+|reeds\s+)?(?:toe|toegetreden)\b",
    re.DOTALL,
)
_NAME_MAX_WORDS = 5
_NAME_MAX_CHARS = 60


def normalise(text: str) -> str:
    """One ordinary space between words; no-break and zero-width spaces removed."""
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


Block = Paragraph | BulletList


@dataclass(frozen=True)
class ContactLine:
    raw: str
    name: str
    email: str
    ignored: str = ""


@dataclass
class PageEntry:
    """One top-level bullet of the old page."""

    header: str
    name: str | None
    blocks: list[Block] = field(default_factory=list)
    sub_projects: list[str] = field(default_factory=list)
    contacts: list[ContactLine] = field(default_factory=list)
    contacts_without_email: list[str] = field(default_factory=list)
    lost_links: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        """The name as written on the page, or the start of the entry."""
        if self.name:
            return self.name
        words = self.header.split()
        return " ".join(words[:6]) + (" …" if len(words) > 6 else "")

    def html(self) -> str:
        parts = []
        for block in self.blocks:
            if isinstance(block, Paragraph):
                parts.append(f"<p>{html.escape(block.text, quote=False)}</p>")
            else:
                items = "".join(
                    f"<li>{html.escape(item, quote=False)}</li>" for item in block.items
                )
                parts.append(f"<ul>{items}</ul>")
        return "\n".join(parts)

    def first_sentence(self) -> str:
        for block in self.blocks:
            if isinstance(block, Paragraph):
                return _SENTENCE_END.split(block.text, maxsplit=1)[0]
        return ""


@dataclass
class ParsedPage:
    title: str
    entries: list[PageEntry]


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _is_bullet(stripped: str) -> bool:
    return bool(stripped) and stripped[0] in BULLETS


def _is_dash(stripped: str) -> bool:
    return len(stripped) > 1 and stripped[0] in DASHES and stripped[1].isspace()


def split_name(header: str, known_names: list[str]) -> tuple[str | None, str]:
    """Split an entry's first line into the municipality's name and the text.

    "Brugge: De gemeente..." gives ("Brugge", "De gemeente..."). When the copy
    ran the name into the text ("GenkStad Genk werkt..."), the longest known
    name that prefixes the line is taken, provided it is not followed by a
    lower-case letter (so "As" does not match "Asse" or "Aster"). Returns
    (None, header) when neither applies.
    """
    head, colon, rest = header.partition(":")
    head = head.strip()
    looks_like_a_name = (
        len(head) <= _NAME_MAX_CHARS
        and len(head.split()) <= _NAME_MAX_WORDS
        and not re.search(r"[.!?]", head)
    )
    if colon and head and looks_like_a_name:
        return head, normalise(rest)
    folded = header.casefold()
    for name in known_names:  # longest first
        if folded.startswith(name.casefold()):
            following = header[len(name) : len(name) + 1]
            if not (following.isalpha() and following.islower()):
                return header[: len(name)], normalise(header[len(name) :].lstrip(" :"))
    return None, header


def remove_lost_links(text: str) -> tuple[str, list[str]]:
    """Drop the sentences that pointed to a link lost in the copy."""
    kept, lost = [], []
    for sentence in _SENTENCE_END.split(text):
        if _LOST_LINK.search(sentence) and len(sentence.split()) <= _LOST_LINK_MAX_WORDS:
            lost.append(sentence)
        else:
            kept.append(sentence)
    return " ".join(kept).strip(), lost


def parse_contact(raw: str) -> ContactLine | None:
    """ "Contactpersoon: Tiebe De Bruycker sociale.dienst@veurne.be" → name and address."""
    match = _CONTACT.match(raw)
    rest = match.group("rest") if match else raw
    email = _EMAIL.search(rest)
    if not email:
        return None
    name = rest[: email.start()].strip(" ,;:-–()<>")
    ignored = rest[email.end() :].strip(" .,;:()<>")
    return ContactLine(raw=raw, name=name, email=email.group(), ignored=ignored)


def parse_page(page_text: str, *, known_names: list[str]) -> ParsedPage:
    """Entries are the least indented bullets; their indented lines belong to them.

    Inside an entry: "Contactpersoon: ..." lines are contacts, "- ..." lines are
    sub-projects, deeper bullets form a list in the text, other lines are
    paragraphs (a blank line ends a paragraph). A line that is not a bullet and
    is not indented more than the entries ends the entry (page footer).
    """
    known_names = sorted(known_names, key=len, reverse=True)
    lines = page_text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title = next((normalise(line) for line in lines if normalise(line)), "")
    bullet_indents = [_indent(line) for line in lines if _is_bullet(line.strip())]
    if not bullet_indents:
        return ParsedPage(title=title, entries=[])
    top = min(bullet_indents)

    entries: list[PageEntry] = []
    entry: PageEntry | None = None
    paragraph: list[str] = []
    items: list[str] = []

    def flush() -> None:
        if entry is None:
            paragraph.clear()
            items.clear()
            return
        if paragraph:
            text, lost = remove_lost_links(normalise(" ".join(paragraph)))
            entry.lost_links.extend(lost)
            if text:
                entry.blocks.append(Paragraph(text))
            paragraph.clear()
        if items:
            kept = []
            for item in items:
                text, lost = remove_lost_links(normalise(item))
                entry.lost_links.extend(lost)
                if text:
                    kept.append(text)
            if kept:
                entry.blocks.append(BulletList(tuple(kept)))
            items.clear()

    for line in lines:
        stripped = normalise(line)
        if not stripped:
            flush()
            continue
        indent = _indent(line)
        if _is_bullet(stripped) and indent <= top:
            flush()
            header = normalise(stripped[1:])
            name, rest = split_name(header, known_names)
            entry = PageEntry(header=header, name=name)
            entries.append(entry)
            paragraph.append(rest)
            continue
        if entry is None:
            continue  # the page's introduction
        if indent <= top:
            flush()
            entry = None  # a footer after the entries
            continue
        if _CONTACT.match(stripped):
            flush()
            contact = parse_contact(stripped)
            if contact:
                entry.contacts.append(contact)
            else:
                entry.contacts_without_email.append(stripped)
        elif _is_dash(stripped):
            flush()
            entry.sub_projects.append(normalise(stripped[1:]))
        elif _is_bullet(stripped):
            if paragraph:
                flush()
            items.append(stripped[1:])
        else:
            if items:
                flush()
            paragraph.append(stripped)
    flush()
    return ParsedPage(title=title, entries=entries)


def parse_letter_members(letter_text: str) -> list[str] | None:
    """The names in the footnote "[2: Gent, Leuven, ... en Puurs-Sint-Amands traden al
    toe tot het netwerk ...]", in order; None when the letter has no such footnote."""
    for footnote in _FOOTNOTE.finditer(letter_text):
        match = _MEMBER_LIST.match(normalise(footnote.group("body")))
        if match:
            names = re.split(r"\s*,\s*|\s+en\s+", match.group("names"))
            return [normalise(name) for name in names if normalise(name)]
    return None


# --------------------------------------------------------------------------
# Placing names on municipalities
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Placement:
    municipality: Municipality
    former: FormerMunicipality | None = None


class MunicipalityIndex:
    """Current Dutch names and names of former municipalities, compared folded."""

    def __init__(self) -> None:
        self._by_name: dict[str, Placement] = {}
        for former in FormerMunicipality.objects.select_related("merged_into"):
            self._by_name[fold(former.name)] = Placement(former.merged_into, former)
        self._names = [former.name for former in FormerMunicipality.objects.all()]
        for municipality in Municipality.objects.all():
            # A current name wins over a former one (Tielt, Hasselt, Lokeren...).
            self._by_name[fold(municipality.name_nl)] = Placement(municipality)
            self._names.append(municipality.name_nl)

    @property
    def names(self) -> list[str]:
        return list(self._names)

    def place(self, name: str) -> Placement | None:
        placement = self._by_name.get(fold(name))
        if placement and placement.former and placement.former.kept_its_name:
            return Placement(placement.municipality)
        return placement


# --------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------

KINDS = (
    ("membership", "membership", "memberships"),
    ("commitment", "commitment", "commitments"),
    ("initiative", "initiative", "initiatives"),
    ("sub_project", "sub-project", "sub-projects"),
    ("contact", "contact person", "contact persons"),
    ("partner", "partner organisation", "partner organisations"),
)


def _count(kind: str, number: int) -> str:
    singular, plural = next((s, p) for k, s, p in KINDS if k == kind)
    return f"{number} {singular if number == 1 else plural}"


@dataclass
class ImportReport:
    page_title: str = ""
    page_entries: int = 0
    letter_members: int = 0
    created: Counter[str] = field(default_factory=Counter)
    existing: dict[str, list[str]] = field(default_factory=dict)
    not_placed: list[str] = field(default_factory=list)
    lost_links: list[tuple[str, str]] = field(default_factory=list)
    to_judge: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0

    def add_existing(self, kind: str, label: str) -> None:
        self.existing.setdefault(kind, []).append(label)

    def lines(self) -> list[str]:
        out = [
            f"Legacy import: {self.page_entries} entries on the page '{self.page_title}', "
            f"{self.letter_members} members in the letter's footnote."
        ]
        if self.not_placed:
            out.append("Could not place (nothing imported for these):")
            out.extend(f"  - {line}" for line in self.not_placed)
        else:
            out.append("Could not place: nothing, every entry and name was placed.")
        if self.lost_links:
            out.append("Link lost in the source, to be added by a coordinator:")
            out.extend(f'  - {name}: "{sentence}"' for name, sentence in self.lost_links)
        if self.to_judge:
            out.append("To be judged by coordinators:")
            out.extend(f"  - {name}: {reason}" for name, reason in self.to_judge)
        if self.notes:
            out.append("Notes:")
            out.extend(f"  - {note}" for note in self.notes)
        if self.changed:
            created = [_count(kind, self.created[kind]) for kind, _, _ in KINDS]
            out.append("Created: " + ", ".join(created) + ".")
        else:
            out.append("Nothing changed: nothing created, nothing updated.")
        if self.existing:
            out.append("Already there, left alone:")
            for kind, _, _ in KINDS:
                if kind in self.existing:
                    labels = self.existing[kind]
                    out.append(f"  - {_count(kind, len(labels))}: {', '.join(labels)}")
        else:
            out.append("Already there, left alone: nothing.")
        return out

    def render(self) -> str:
        return "\n".join(self.lines())


# --------------------------------------------------------------------------
# The import
# --------------------------------------------------------------------------


def _date_nl(value: datetime.date) -> str:
    return f"{value.day} {MONTHS_NL[value.month - 1]} {value.year}"


def _date_en(value: datetime.date) -> str:
    return f"{value.day} {value:%B} {value.year}"


def _merger_note(label: str, placement: Placement) -> str:
    former = placement.former
    assert former is not None
    return (
        f"vermeld als '{label}', sinds {_date_nl(former.merged_on)} "
        f"opgegaan in {placement.municipality.name_nl}"
    )


def _derived_title(entry: PageEntry) -> str:
    sentence = entry.first_sentence().rstrip(".!?") or entry.label
    if len(sentence) <= 80:
        return sentence
    return sentence[:80].rsplit(" ", 1)[0] + " …"


@dataclass
class _Member:
    placement: Placement
    page_label: str | None = None
    letter_label: str | None = None
    entry: PageEntry | None = None

    @property
    def labels(self) -> list[str]:
        return list(dict.fromkeys(x for x in (self.page_label, self.letter_label) if x))


def legacy_content_import(*, page_text: str, letter_text: str) -> ImportReport:
    """Import the old page and the letter's member list; see the module docstring."""
    index = MunicipalityIndex()
    page = parse_page(page_text, known_names=index.names)
    letter_names = parse_letter_members(letter_text)
    page_title = page.title or DEFAULT_PAGE_TITLE
    report = ImportReport(
        page_title=page_title,
        page_entries=len(page.entries),
        letter_members=len(letter_names or []),
    )
    if not page.entries:
        report.not_placed.append("the page has no entries (no top-level bullets)")
    if letter_names is None:
        report.not_placed.append("the letter has no footnote listing the members")

    members: dict[str, _Member] = {}
    for entry in page.entries:
        placement = index.place(entry.name) if entry.name else None
        if placement is None:
            reason = (
                f"no municipality is called '{entry.name}'"
                if entry.name
                else "no municipality name found at its start"
            )
            extra = f" (with {len(entry.contacts)} contact line(s))" if entry.contacts else ""
            report.not_placed.append(f"page entry '{entry.label}': {reason}{extra}")
            continue
        refnis = placement.municipality.refnis
        if refnis in members:
            report.not_placed.append(
                f"page entry '{entry.label}': a second entry for "
                f"{placement.municipality.name_nl}, only the first one is imported"
            )
            continue
        members[refnis] = _Member(placement=placement, page_label=entry.name, entry=entry)

    for name in letter_names or []:
        placement = index.place(name)
        if placement is None:
            report.not_placed.append(f"letter's footnote: '{name}' is not a municipality")
            continue
        member = members.setdefault(placement.municipality.refnis, _Member(placement=placement))
        member.letter_label = name

    activities = {activity.code: activity for activity in Activity.objects.all()}
    with transaction.atomic():
        for member in members.values():
            _import_member(member, report, page_title=page_title, activities=activities)
    return report


def _import_member(
    member: _Member, report: ImportReport, *, page_title: str, activities: dict[str, Activity]
) -> None:
    evidence = f"Vorige netwerkpagina '{page_title}'"
    municipality = member.placement.municipality
    name = municipality.name_nl
    entry = member.entry
    editorial = EDITORIAL.get(municipality.refnis)

    if member.placement.former:
        labels = " and ".join(f"'{label}'" for label in member.labels)
        report.notes.append(
            f"{labels} ({member.placement.former.refnis}) merged into {name} "
            f"({municipality.refnis}) on {_date_en(member.placement.former.merged_on)}: "
            f"imported under {name}, the text keeps the original name."
        )
    if entry is None:
        report.notes.append(
            f"{name}: in the letter's member list but not on the page: "
            "member without initiative or contact."
        )
    elif member.letter_label is None:
        report.notes.append(f"{name}: on the page but not in the letter's member list.")

    membership, membership_created = _import_membership(member, report, page_title=page_title)
    if entry is None:
        return

    if editorial is None:
        report.notes.append(
            f"{name}: no editorial row, title derived from the text; themes, partners and "
            "commitments to be set by a coordinator."
        )
    _import_initiative(member, entry, editorial, report, evidence=evidence, activities=activities)
    _import_contacts(entry, municipality, report)

    if membership_created and editorial:
        for code in editorial.commitments:
            commitment = Commitment(membership=membership, activity=activities[code])
            commitment.full_clean()
            commitment.save()
            # The former page said "realised", with no date: a claim until the municipality
            # confirms it in the portal.
            commitment_ladder_set(
                commitment=commitment,
                claims={Rung.VISIBLE: RungClaim(date=None, evidence_note=evidence[:300])},
            )
            report.created["commitment"] += 1


def _import_membership(
    member: _Member, report: ImportReport, *, page_title: str
) -> tuple[Membership | None, bool]:
    municipality = member.placement.municipality
    current = Membership.objects.current().filter(municipality=municipality).first()
    if current:
        report.add_existing("membership", f"{municipality.name_nl} ({current.status})")
        return current, False
    if Membership.objects.filter(municipality=municipality).exists():
        report.notes.append(
            f"{municipality.name_nl}: has left the network according to the platform; "
            "no new membership created."
        )
        return None, False

    sources = []
    if member.entry:
        sources.append(f"de vorige netwerkpagina '{page_title}'")
    if member.letter_label:
        sources.append("de ledenlijst in de voetnoot van de brief van het netwerk")
    notes = (
        f"Geïmporteerd uit {' en '.join(sources)}. Welke engagementen de gemeente koos, "
        "stond daar niet: nog te bevestigen."
    )
    if member.placement.former:
        notes += f" Daar {_merger_note(' en '.join(member.labels), member.placement)}."
    membership = Membership(
        municipality=municipality,
        status=MembershipStatus.MEMBER,
        member_since=None,
        commitments_to_confirm=True,
        notes=notes,
    )
    membership.full_clean()
    membership.save()
    report.created["membership"] += 1
    return membership, True


def _import_initiative(
    member: _Member,
    entry: PageEntry,
    editorial: Editorial | None,
    report: ImportReport,
    *,
    evidence: str,
    activities: dict[str, Activity],
) -> None:
    municipality = member.placement.municipality
    title = editorial.title if editorial else _derived_title(entry)
    existing = (
        Initiative.objects.filter(municipality=municipality)
        .filter(Q(title=title) | Q(is_highlighted=True))
        .first()
    )
    if existing:
        report.add_existing("initiative", f"{municipality.name_nl} ('{existing.title}')")
        return

    source_note = evidence
    if member.placement.former and entry.name:
        source_note += f"; {_merger_note(entry.name, member.placement)}"
    initiative = Initiative(
        municipality=municipality,
        title=title[:200],
        summary=(editorial.summary if editorial else "")[:400],
        text=entry.html(),
        is_highlighted=True,
        published=True,
        source_note=source_note[:300],
    )
    initiative.full_clean()
    initiative.save()
    report.created["initiative"] += 1

    if editorial:
        initiative.themes.set([activities[code] for code in editorial.themes])
        partners = []
        for partner_name in editorial.partners:
            partner, created = PartnerOrganisation.objects.get_or_create(
                name=partner_name, defaults={"network_role": NetworkRole.NONE}
            )
            report.created["partner"] += created
            partners.append(partner)
        initiative.partners.set(partners)
        if editorial.to_judge:
            report.to_judge.append((municipality.name_nl, editorial.to_judge))

    for position, sub_title in enumerate(entry.sub_projects, start=1):
        sub_project = SubProject(initiative=initiative, title=sub_title[:300], position=position)
        sub_project.full_clean()
        sub_project.save()
        report.created["sub_project"] += 1
    initiative_search_refresh(initiative=initiative)

    for sentence in entry.lost_links:
        report.lost_links.append((municipality.name_nl, sentence))


def _import_contacts(entry: PageEntry, municipality: Municipality, report: ImportReport) -> None:
    name = municipality.name_nl
    for raw in entry.contacts_without_email:
        report.not_placed.append(f"{name}: contact line without e-mail address: '{raw}'")
    if not entry.contacts and not entry.contacts_without_email:
        report.notes.append(f"{name}: no contact line on the page, no contact person.")
    for line in entry.contacts:
        if line.ignored:
            report.notes.append(
                f"{name}: text after the address of {line.email} ignored: '{line.ignored}'"
            )
        existing = ContactPerson.objects.filter(
            municipality=municipality, email__iexact=line.email
        ).first()
        if existing:
            report.add_existing("contact", f"{name} ({existing.email})")
            continue
        contact = ContactPerson(
            municipality=municipality,
            name=line.name,
            email=line.email,
            role=CONTACT_ROLE,
            is_public=True,
        )
        contact.full_clean()
        contact.save()
        report.created["contact"] += 1
