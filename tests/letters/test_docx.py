"""The DOCX letter, read back: with python-docx, from the raw XML, and through LibreOffice."""

import datetime
import io
import os
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Pt
from lxml import etree

from solidair.letters.composing.renderers.docx import render_docx
from solidair.letters.composing.services import ResidentInput, letter_build
from solidair.letters.composing.templating import FIELDS
from solidair.lib.docx_footnotes import add_footnote, ensure_footnotes
from tests.factories import make_member, municipality

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
CARITAS = (
    "https://www.caritasinternational.be/nl/projects/asiel-migratie/"
    "community-sponsorship-voor-hervestigde-vluchtelingen/"
)
NAME = "Zoë Çelik-Dubois مرحبا 🙂 <script>alert(1)</script> & co"
PERSONAL = (
    "Ik woon hier graag, met é, ë en ç. مرحبا 🙂 "
    "<script>alert('x')</script> #set page(width: 1cm) {gemeente} & <b>vet</b>"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass
class ReadBack:
    document: docx.document.Document
    parts: dict[str, bytes]
    paragraphs: list[str]  # the body's paragraphs, as text
    footnotes: dict[int, str]  # real footnotes by id, as text

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    @property
    def reference_ids(self) -> list[int]:
        body = self.xml("word/document.xml")
        return [int(el.get(qn("w:id"))) for el in body.iter(qn("w:footnoteReference"))]

    @property
    def all_text(self) -> str:
        return "\n".join([*self.paragraphs, *self.footnotes.values()])

    @property
    def flat(self) -> str:
        return " ".join(self.all_text.split())


def read(data: bytes) -> ReadBack:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        parts = {name: archive.read(name) for name in archive.namelist()}
    document = docx.Document(io.BytesIO(data))
    footnotes = {}
    if "word/footnotes.xml" in parts:
        for note in etree.fromstring(parts["word/footnotes.xml"]).iter(qn("w:footnote")):
            if note.get(qn("w:type"), "normal") == "normal":
                text = "".join(t.text or "" for t in note.iter(qn("w:t")))
                footnotes[int(note.get(qn("w:id")))] = text.strip()
    paragraphs = [p.text for p in document.paragraphs]
    return ReadBack(document, parts, paragraphs, footnotes)


def build(place="Merelbeke-Melle", **resident):
    values = {"name": "An Peeters", "email": "an@example.be", **resident}
    return letter_build(
        municipality=municipality(place), resident=ResidentInput(**values), today=TODAY
    )


@pytest.fixture
def members():
    for name in ("Gent", "Leuven", "Bornem"):
        make_member(name)


@pytest.fixture
def join_letter(members):
    return build(phone="0470 12 34 56", preferences=("reception", "housing"))


@pytest.fixture
def join(join_letter):
    return read(render_docx(join_letter))


def test_the_letter_opens_and_reads_in_order(join):
    assert join.paragraphs[:5] == [
        "Aan het college van burgemeester en schepenen",
        "Gemeente Merelbeke-Melle",
        "",
        "Merelbeke-Melle, 23 november 2026",
        "Geachte burgemeester, geachte schepenen,",
    ]
    assert join.paragraphs[-2:] == ["Met vriendelijke groeten,", "An Peeters"]
    assert "als inwoners van Merelbeke-Melle, vragen om als Gemeente mee" in join.flat
    assert "contacteer me gerust op an@example.be of via 0470 12 34 56." in join.flat


def test_nothing_is_left_of_the_template_syntax(join):
    text = join.all_text
    for artefact in ("[bookmark", "[footnote", "XXX", "[Naam]", "^[", "##", "•", "  "):
        assert artefact not in text
    for field in FIELDS:
        assert "{" + field + "}" not in text
    assert not any(p.startswith("- ") for p in join.paragraphs)


def test_a_city_and_the_phone_part(members):
    aalst = read(render_docx(build("Aalst", email="x@y.be")))
    assert aalst.paragraphs[1] == "Stad Aalst"
    assert "als Stad mee verantwoordelijkheid" in aalst.flat
    assert "contacteer me gerust op x@y.be." in aalst.flat
    assert " of via" not in aalst.flat


def test_footnotes_are_real_word_footnotes(join, join_letter):
    assert len(join_letter.footnotes) == 2
    assert list(join.footnotes) == [1, 2]
    assert join.reference_ids == [1, 2]
    caritas, network = join.footnotes.values()
    assert caritas == CARITAS
    assert network == (
        "Bornem, Gent en Leuven traden al toe tot het netwerk van Solidaire Steden en Gemeenten."
    )
    assert "Merelbeke-Melle" not in network
    # The references sit where the template puts them, not as typed text.
    assert "[1]" not in join.all_text
    body = join.xml("word/document.xml")
    first = next(body.iter(qn("w:footnoteReference"))).getparent().getparent()
    assert "".join(first.itertext()).endswith("via hervestiging naar België komen;")
    notes = join.xml("word/footnotes.xml")
    separators = [n.get(qn("w:type")) for n in notes if n.get(qn("w:type"))]
    assert separators == ["separator", "continuationSeparator"]


def test_the_footnotes_part_is_wired_into_the_package(join):
    types = join.parts["[Content_Types].xml"].decode()
    assert (
        'PartName="/word/footnotes.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"'
        in types
    )
    rels = join.parts["word/_rels/document.xml.rels"].decode()
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    settings = join.xml("word/settings.xml")
    listed = [el.get(qn("w:id")) for el in settings.find(qn("w:footnotePr"))]
    assert listed == ["-1", "0"]
    styles = join.document.styles
    assert styles["footnote text"].type == 1  # paragraph
    reference = styles["footnote reference"].element
    assert reference.find(f"{W}rPr/{W}vertAlign").get(qn("w:val")) == "superscript"
    for run in join.xml("word/document.xml").iter(qn("w:r")):
        if run.find(qn("w:footnoteReference")) is not None:
            assert run.find(f"{W}rPr/{W}rStyle").get(qn("w:val")) == "FootnoteReference"


def test_headings_and_lists_use_word_styles(join, join_letter):
    by_style: dict[str, list[str]] = {}
    for paragraph in join.document.paragraphs:
        by_style.setdefault(paragraph.style.name, []).append(paragraph.text)
    assert by_style["Heading 2"][0] == "Onze gemeente, een Solidaire Gemeente!"
    assert "Wat biedt het Netwerk?" in by_style["Heading 2"]
    bullets = by_style["List Bullet"]
    assert len(bullets) == 10 + 2 + 3  # the activities, the resident's choices, the advice
    assert bullets[0].startswith("De gemeente voorziet in zoveel mogelijk opvangplaatsen")
    assert set(by_style) == {"Normal", "Heading 2", "List Bullet"}

    heading = join.document.styles["Heading 2"].element
    assert heading.find(f"{W}pPr/{W}outlineLvl").get(qn("w:val")) == "1"
    # The bullets come from the style's numbering, which numbering.xml defines as bullets.
    num_id = join.document.styles["List Bullet"].element.find(f"{W}pPr/{W}numPr/{W}numId")
    numbering = join.xml("word/numbering.xml")
    num = next(
        n for n in numbering.iter(qn("w:num")) if n.get(qn("w:numId")) == num_id.get(qn("w:val"))
    )
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = next(
        a
        for a in numbering.iter(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == abstract_id
    )
    assert abstract.find(f"{W}lvl/{W}numFmt").get(qn("w:val")) == "bullet"


def test_page_font_language_and_properties(join, join_letter):
    section = join.document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0
    assert round(section.page_height.cm, 1) == 29.7
    for margin in ("top", "bottom", "left", "right"):
        assert round(getattr(section, f"{margin}_margin").cm, 2) == 2.5
    normal = join.document.styles["Normal"]
    assert normal.font.name == "Arial"
    assert normal.font.size == Pt(11)
    assert normal.paragraph_format.space_after == Pt(8)
    styles = join.xml("word/styles.xml")
    defaults = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "nl-BE"
    assert defaults.find(qn("w:rFonts")).get(qn("w:asciiTheme")) is None
    assert normal.element.find(f"{W}rPr/{W}lang").get(qn("w:val")) == "nl-BE"

    properties = join.document.core_properties
    assert properties.title == (
        "Brief aan het college van burgemeester en schepenen van Merelbeke-Melle"
    )
    assert properties.author == "An Peeters"
    assert properties.language == "nl-BE"
    assert f"sjabloon v{join_letter.template_version}" in properties.keywords
    assert "join" in properties.comments
    assert "python-docx" not in properties.comments


def test_a_member_is_thanked_and_the_footnote_lists_the_others(members):
    make_member("Merelbeke-Melle", ("reception", "housing", "network"))
    letter = build(email="x@y.be")
    assert letter.kind == "member"
    member = read(render_docx(letter))
    assert "Als inwoner van Merelbeke-Melle ben ik blij" in member.flat
    assert "contacteer me gerust op x@y.be." in member.flat
    assert member.paragraphs[-1] == "An Peeters"
    assert list(member.footnotes.values()) == [
        "Bornem, Gent en Leuven traden al toe tot het netwerk van Solidaire Steden en Gemeenten."
    ]
    assert member.reference_ids == list(member.footnotes)
    bullets = [p.text for p in member.document.paragraphs if p.style.name == "List Bullet"]
    assert len(bullets) == 3 + 3  # the commitments, then the ones still to realise
    for artefact in ("[bookmark", "[footnote", "XXX", "[Naam]", "•", "  "):
        assert artefact not in member.all_text


def test_what_residents_type_comes_back_verbatim(members):
    letter = build(name=NAME, personal_paragraph=PERSONAL)
    result = read(render_docx(letter))
    assert result.paragraphs[-1] == NAME
    assert PERSONAL in result.paragraphs
    assert result.document.core_properties.author == NAME
    body = result.parts["word/document.xml"].decode()
    assert "&lt;script&gt;" in body
    assert "<script" not in body
    assert "<b>" not in body


def test_characters_that_xml_forbids_are_dropped():
    letter = build(name="An\x00 Peeters\x0b", personal_paragraph="Tekst\x01 met\ufffe controle.")
    result = read(render_docx(letter))
    assert result.paragraphs[-1] == "An Peeters"
    assert "Tekst met controle." in result.paragraphs


def test_docx_footnotes_on_a_bare_document():
    document = docx.Document()
    paragraph = document.add_paragraph("Een zin")
    assert add_footnote(paragraph, "Eerste <noot> & \x07 [1]") == 1
    paragraph.add_run(" en nog een.")
    assert add_footnote(paragraph, "Tweede noot.") == 2
    ensure_footnotes(document)  # again: nothing is added twice
    out = io.BytesIO()
    document.save(out)

    result = read(out.getvalue())
    assert result.footnotes == {1: "Eerste <noot> &  [1]", 2: "Tweede noot."}
    assert result.reference_ids == [1, 2]
    assert result.paragraphs == ["Een zin en nog een."]
    notes = result.xml("word/footnotes.xml")
    assert [n.get(qn("w:id")) for n in notes] == ["-1", "0", "1", "2"]
    first = notes[2].find(qn("w:p"))
    assert first.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) == "FootnoteText"
    runs = first.findall(qn("w:r"))
    assert runs[0].find(qn("w:footnoteRef")) is not None
    assert [r.findtext(qn("w:t")) for r in runs[1:]] == [" ", "Eerste <noot> &  [1]"]
    styles = result.xml("word/styles.xml")
    ids = [s.get(qn("w:styleId")) for s in styles.iter(qn("w:style"))]
    assert ids.count("FootnoteText") == ids.count("FootnoteReference") == 1

    # A saved document takes more notes, numbered on.
    reopened = docx.Document(io.BytesIO(out.getvalue()))
    assert add_footnote(reopened.add_paragraph("Meer"), "Derde") == 3
    again = io.BytesIO()
    reopened.save(again)
    assert read(again.getvalue()).footnotes[3] == "Derde"
    settings = read(again.getvalue()).xml("word/settings.xml")
    assert len(settings.findall(qn("w:footnotePr"))) == 1
    assert len(settings.find(qn("w:footnotePr"))) == 2


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None,
    reason="LibreOffice is not installed (apt-get install libreoffice-writer-nogui)",
)
def test_libreoffice_lays_out_the_letter_with_footnotes(join_letter, tmp_path):
    from pypdf import PdfReader

    source = tmp_path / "brief.docx"
    source.write_bytes(render_docx(join_letter))
    home = tmp_path / "home"
    home.mkdir()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=60,
        env={**os.environ, "HOME": str(home)},
    )
    pdf = Path(tmp_path / "brief.pdf")
    assert pdf.exists()
    pages = [" ".join((page.extract_text() or "").split()) for page in PdfReader(pdf).pages]
    text = " ".join(pages)
    assert "An Peeters" in text
    assert "Bornem, Gent en Leuven traden al toe" in text
    # Each footnote is laid out on the page of its reference.
    anchor = next(p for p in pages if "hervestiging naar België komen;" in p)
    assert "caritasinternational.be" in anchor
    anchor = next(p for p in pages if "sluit zich aan bij het netwerk" in p)
    assert "traden al toe tot het netwerk" in anchor
