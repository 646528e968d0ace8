"""The PDF letter, read back with pypdf: text, footnotes, A4, fonts, metadata, tags."""

import datetime
import io
import itertools
import logging
import re

import pytest
from pypdf import PdfReader
from pypdf.generic import IndirectObject

from solidair.letters.composing.content import (
    BulletList,
    Footnote,
    FootnoteRef,
    Heading,
    Letter,
    Paragraph,
)
from solidair.letters.composing.renderers.pdf import render_pdf
from solidair.letters.composing.services import ResidentInput, letter_build
from solidair.lib import typst as typst_lib
from tests.factories import make_member, municipality

TODAY = datetime.date(2026, 11, 23)
CARITAS = (
    "https://www.caritasinternational.be/nl/projects/asiel-migratie/"
    "community-sponsorship-voor-hervestigde-vluchtelingen/"
)
# What a resident might type, and must get back character for character.
HOSTILE = [
    "#set page(width: 1cm)",
    "*vet* _schuin_ `raw`",
    "$x^2$",
    "<script>alert(1)</script>",
    "] ) } [",
    "back\\slash \\u{41} \\",
    "@label <label>",
    "// geen commentaar /* ook niet */",
    "\"aanhalingstekens\" en 'enkele'",
    "-- en --- en ... en ~",
    "= geen titel",
    "- geen lijst",
    "+ 1. geen nummering",
    "/ term: geen definitie",
    '#{ panic() } #(1 + 1) #read("/etc/passwd")',
]
UNICODE = "Zoë Çelik-Ñúñez, élève ÀÉÎÕÜ ß œ ‘quote’ „Gänsefüßchen“ € —"
ARABIC = "مرحبا"


def read(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(pdf))


def text_of(reader: PdfReader) -> str:
    """The extracted text with runs of whitespace made single spaces.

    Hyphenation is off, so a line that ends in "-" or "/" without a space was
    broken inside a word or an address: those lines are joined back.
    """
    text = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(re.sub(r"(?<=[-/])\n", "", text).split())


def resident(**changes) -> ResidentInput:
    values = {
        "name": "Anouk De Smet",
        "email": "anouk@example.be",
        "phone": "09 123 45 67",
        "personal_paragraph": "Ik woon hier al twintig jaar.",
        "preferences": ("housing", "reception"),
    }
    return ResidentInput(**{**values, **changes})


@pytest.fixture
def network(db):
    """Two members, so that the members footnote names them."""
    make_member("Gent")
    make_member("Leuven")


@pytest.fixture
def join_letter(network) -> Letter:
    return letter_build(
        municipality=municipality("Merelbeke-Melle"), resident=resident(), today=TODAY
    )


@pytest.fixture
def join_pdf(join_letter) -> PdfReader:
    return read(render_pdf(join_letter))


def _fonts(resources) -> list:
    """Font dictionaries of a resources dictionary, also in form XObjects."""
    resources = resources.get_object() if resources else {}
    fonts = [font.get_object() for font in (resources.get("/Font") or {}).values()]
    for xobject in (resources.get("/XObject") or {}).values():
        xobject = xobject.get_object()
        if xobject.get("/Subtype") == "/Form":
            fonts += _fonts(xobject.get("/Resources"))
    return fonts


def _descriptor(font):
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    return font["/FontDescriptor"].get_object()


def _structure_types(node, found: set[str]) -> set[str]:
    node = node.get_object() if isinstance(node, IndirectObject) else node
    if isinstance(node, list):
        for child in node:
            _structure_types(child, found)
    elif isinstance(node, dict):
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            _structure_types(node["/K"], found)
    return found


# The letter's content


@pytest.mark.django_db
def test_join_letter_has_the_letters_text(join_letter, join_pdf):
    text = text_of(join_pdf)
    assert join_letter.kind == "join"
    assert "Aan het college van burgemeester en schepenen Gemeente Merelbeke-Melle" in text
    assert "Merelbeke-Melle, 23 november 2026" in text
    assert "als inwoners van Merelbeke-Melle" in text
    assert "Geachte" in text
    assert "Ik woon hier al twintig jaar." in text
    assert "Onze gemeente, een Solidaire Gemeente!" in text  # a heading
    assert "Huisvesting:" in text  # the resident's preferences, a list
    assert text.index("Met vriendelijke groeten") < text.rindex("Anouk De Smet")


@pytest.mark.django_db
def test_footnotes_have_their_numbers_and_texts(join_letter, join_pdf):
    text = text_of(join_pdf)
    notes = {note.number: note.text for note in join_letter.footnotes}
    assert notes[1] == CARITAS
    assert (
        notes[2]
        == "Gent en Leuven traden al toe tot het netwerk van Solidaire Steden en Gemeenten."
    )
    for number, note in notes.items():  # the note, after its number, at the page bottom
        assert f"{number}{note}" in text
    references = 0
    for block in join_letter.blocks:
        runs = [block.parts] if isinstance(block, Paragraph) else []
        runs += list(block.items) if isinstance(block, BulletList) else []
        for run in runs:
            for before, part in itertools.pairwise(run):
                if isinstance(part, FootnoteRef):  # the number right after the word
                    assert f"{before.split()[-1]}{part.number}" in text
                    references += 1
    assert references == 2


@pytest.mark.django_db
def test_member_letter(network):
    letter = letter_build(municipality=municipality("Gent"), resident=resident(), today=TODAY)
    reader = read(render_pdf(letter))
    text = text_of(reader)
    assert letter.kind == "member"
    assert "Gent, 23 november 2026" in text
    assert "Als inwoner van Gent ben ik blij" in text
    assert "Gent engageerde zich voor:" in text
    assert "1Leuven trad al toe tot het netwerk van Solidaire Steden en Gemeenten." in text
    assert "Anouk De Smet" in reader.metadata.author
    assert "sjabloon v1" in reader.metadata["/Keywords"]


# The PDF as a file


@pytest.mark.django_db
def test_pages_are_a4(join_pdf):
    assert len(join_pdf.pages) >= 2  # the join letter is long: footnotes still on their page
    for page in join_pdf.pages:
        assert float(page.mediabox.width) == pytest.approx(595.28, abs=1)
        assert float(page.mediabox.height) == pytest.approx(841.89, abs=1)


@pytest.mark.django_db
def test_fonts_are_embedded(join_pdf):
    fonts = [font for page in join_pdf.pages for font in _fonts(page.get("/Resources"))]
    assert fonts
    for font in fonts:
        descriptor = _descriptor(font)
        assert {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor), font["/BaseFont"]


@pytest.mark.django_db
def test_metadata(join_letter, join_pdf):
    metadata = join_pdf.metadata
    assert metadata.title == (
        "Brief aan het college van burgemeester en schepenen van Merelbeke-Melle"
    )
    assert metadata.author == "Anouk De Smet"
    assert "sjabloon v1" in metadata["/Keywords"]
    assert join_letter.template_version == 1


@pytest.mark.django_db
def test_is_tagged_and_claims_pdf_ua_1(join_pdf):
    catalog = join_pdf.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nl-BE"
    assert catalog["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    xmp = join_pdf.xmp_metadata.stream.get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    types = _structure_types(catalog["/StructTreeRoot"], set())
    # Headings, lists and footnotes are real structure, not just looks.
    assert {"/H1", "/P", "/L", "/LI", "/LBody", "/Note", "/Link"} <= types


# Whatever a resident types comes out as typed


@pytest.mark.django_db
def test_markup_and_unicode_from_the_resident_come_back_verbatim(network):
    name = f"{UNICODE} *Jan* #Peeters $x$"
    # pypdf puts the space after a right-to-left word that starts a line before it.
    paragraph = f"Ik zei {ARABIC} tegen hen. " + " ".join(HOSTILE)
    letter = letter_build(
        municipality=municipality("Merelbeke-Melle"),
        resident=resident(name=name, personal_paragraph=paragraph),
        today=TODAY,
    )
    reader = read(render_pdf(letter))
    text = text_of(reader)
    assert name in text
    assert reader.metadata.author == name
    for piece in HOSTILE:
        assert piece in text
    assert f"Ik zei {ARABIC} tegen hen." in text
    assert "<pdfuaid:part>1</pdfuaid:part>" in reader.xmp_metadata.stream.get_data().decode()


def test_every_field_of_a_letter_is_text():
    """Also what templates and the network's data put in: titles, headings, lists, notes."""
    hostile = " ".join(HOSTILE)
    letter = Letter(
        kind="join",
        template_version=7,
        title=f"Titel {HOSTILE[0]}",
        recipient=(f"Aan {HOSTILE[1]}", f"Gemeente {HOSTILE[3]}"),
        place_date=f"{HOSTILE[4]}, 1 januari 2027",
        salutation=f"Beste {HOSTILE[5]},",
        blocks=(
            Heading(f"Kop {HOSTILE[8]}"),
            Paragraph((f"Alinea {hostile}", FootnoteRef(1), " verder.")),
            BulletList(((f"Punt {HOSTILE[9]}",), ("Punt", FootnoteRef(2)))),
        ),
        closing=f"Groeten {HOSTILE[10]}",
        signature=f"{HOSTILE[11]} {UNICODE}",
        footnotes=(Footnote(1, f"Noot {HOSTILE[12]}"), Footnote(2, f"Noot {HOSTILE[13]}")),
    )
    reader = read(render_pdf(letter))
    text = text_of(reader)
    assert len(reader.pages) == 1
    assert reader.metadata.title == f"Titel {HOSTILE[0]}"
    assert "sjabloon v7" in reader.metadata["/Keywords"]
    for piece in (
        *letter.recipient,
        letter.place_date,
        letter.salutation,
        f"Kop {HOSTILE[8]}",
        f"Alinea {hostile}1 verder.",
        f"Punt {HOSTILE[9]}",
        "Punt2",
        letter.closing,
        letter.signature,
        f"1Noot {HOSTILE[12]}",
        f"2Noot {HOSTILE[13]}",
    ):
        assert piece in text


def test_control_characters_are_dropped():
    letter = Letter(
        kind="join",
        template_version=1,
        title="Titel",
        recipient=("Aan\x00 het\x1b college",),
        place_date="Gent,\t1 januari 2027",
        salutation="Beste\r\nschepenen,",
        blocks=(Paragraph(("Een\x07 alinea\u2028met regels.",)),),
        closing="Groeten",
        signature="Jan\x7f",
        footnotes=(),
    )
    text = text_of(read(render_pdf(letter)))
    assert "Aan het college Gent, 1 januari 2027 Beste schepenen, Een alinea met regels." in text


def test_emoji_have_no_glyph_so_the_pdf_is_tagged_but_not_pdf_ua(caplog):
    """The built-in fonts have no emoji. Typst refuses PDF/UA-1 with a character it
    cannot show, so the PDF is made again without the claim; the emoji shows as a box."""
    letter = Letter(
        kind="join",
        template_version=1,
        title="Titel",
        recipient=("Aan het college",),
        place_date="Gent, 1 januari 2027",
        salutation="Beste,",
        blocks=(Paragraph(("Solidair 🤝 ok 😀 é",)),),
        closing="Groeten",
        signature="Jan 🌍",
        footnotes=(),
    )
    with caplog.at_level(logging.WARNING, logger="solidair.lib.typst"):
        reader = read(render_pdf(letter))
    assert "without PDF/UA-1" in caplog.text
    assert "🤝" not in caplog.text  # a resident's text stays out of the logs
    catalog = reader.trailer["/Root"]
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in catalog
    assert catalog["/Lang"] == "nl-BE"
    assert "pdfuaid" not in reader.xmp_metadata.stream.get_data().decode()
    text = text_of(reader)
    assert "Solidair" in text
    assert "ok" in text
    assert "é" in text


# The shared helpers


@pytest.mark.parametrize("piece", [*HOSTILE, UNICODE, ARABIC, "", "x\ny\tz\x00"])
def test_escape_makes_any_text_markup(piece):
    source = (
        '#set document(title: "t")\n#set text(lang: "nl")\n'
        f"Voor{typst_lib.escape(piece)}.na [{typst_lib.escape(piece)}] ok"
    )
    text = text_of(read(typst_lib.compile_pdf(source)))
    shown = " ".join(typst_lib.clean_text(piece).split())
    assert text == " ".join(f"Voor{shown}.na [{shown}] ok".split())


def test_compile_errors_in_the_source_are_raised():
    with pytest.raises(typst_lib.typst.TypstError):
        typst_lib.compile_pdf('#set document(title: "t")\n#panic("kapot")')
