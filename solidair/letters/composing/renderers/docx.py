"""The letter as a Word document (DOCX) that residents can edit, print or send.

Built with python-docx on its default template, using Word's built-in styles so
that the document stays easy to edit: `Heading 2` for headings, `List Bullet`
(numbering through the style) for lists, and real Word footnotes. All content is
inserted as text, never read as markup.
"""

import datetime
import io

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from solidair.letters.composing.content import (
    BulletList,
    FootnoteRef,
    Heading,
    Inline,
    Letter,
    Paragraph,
)
from solidair.lib.docx_footnotes import add_footnote, ensure_footnotes, xml_safe

FONT = "Arial"  # LibreOffice substitutes the metric-compatible Liberation Sans
LANGUAGE = "nl-BE"
HEADING_STYLE = "Heading 2"
BULLET_STYLE = "List Bullet"  # numbered through the w:numPr in the style

# The lengths that Word's core properties (docProps/core.xml) accept.
_PROPERTY_MAX = 255


def render_docx(letter: Letter) -> bytes:
    document = docx.Document()
    _set_up_page(document)
    _set_up_styles(document)
    _set_properties(document, letter)
    _add_page_number(document)
    notes = {note.number: note.text for note in letter.footnotes}

    for line in letter.recipient:
        _add_text(document, line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    _add_text(document, letter.place_date).paragraph_format.space_before = Pt(12)
    _add_text(document, letter.salutation).paragraph_format.space_before = Pt(6)
    _add_blocks(document, letter.blocks, notes)
    closing = _add_text(document, letter.closing)
    closing.paragraph_format.space_before = Pt(6)
    closing.paragraph_format.keep_with_next = True
    # Room for a handwritten signature above the name.
    _add_text(document, letter.signature).paragraph_format.space_before = Pt(24)
    if letter.appendix:
        document.add_page_break()
        _add_blocks(document, letter.appendix, notes)

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_blocks(document: Document, blocks: tuple, notes: dict[int, str]) -> None:
    for block in blocks:
        if isinstance(block, Heading):
            _add_text(document, block.text, HEADING_STYLE)
        elif isinstance(block, Paragraph):
            _add_inline(document.add_paragraph(), block.parts, notes)
        elif isinstance(block, BulletList):
            for item in block.items:
                _add_inline(document.add_paragraph(style=BULLET_STYLE), item, notes)


def _add_text(document: Document, text: str, style: str | None = None) -> DocxParagraph:
    paragraph = document.add_paragraph(style=style)
    paragraph.add_run(xml_safe(text))
    return paragraph


def _add_inline(paragraph: DocxParagraph, parts: Inline, notes: dict[int, str]) -> None:
    for part in parts:
        if isinstance(part, FootnoteRef):
            if part.number not in notes:
                raise ValueError(f"The letter has no footnote {part.number}.")
            add_footnote(paragraph, notes[part.number])
        elif part:
            paragraph.add_run(xml_safe(part))


def _set_up_page(document: Document) -> None:
    for section in document.sections:
        section.page_width = Cm(21)
        section.page_height = Cm(29.7)
        section.top_margin = section.bottom_margin = Cm(2.5)
        section.left_margin = section.right_margin = Cm(2.5)
        section.header_distance = section.footer_distance = Cm(1.25)


def _set_up_styles(document: Document) -> None:
    styles = document.styles
    # Defaults for every style: the font instead of the theme's, and the language.
    defaults = styles.element.find(qn("w:docDefaults"))
    default_rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_font(default_rpr, FONT)
    _set_language(default_rpr, LANGUAGE)

    normal = styles["Normal"]
    _set_size(normal, 11)
    _set_font(normal.element.get_or_add_rPr(), FONT)
    _set_language(normal.element.get_or_add_rPr(), LANGUAGE)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(8)
    normal.paragraph_format.line_spacing = 1.15

    heading = styles[HEADING_STYLE]  # outline level 2 (w:outlineLvl 1) in the template
    _set_font(heading.element.get_or_add_rPr(), FONT)
    _set_size(heading, 12)
    heading.font.bold = True
    heading.font.color.rgb = RGBColor(0x1F, 0x1F, 0x1F)
    heading.paragraph_format.space_before = Pt(14)
    heading.paragraph_format.space_after = Pt(6)
    heading.paragraph_format.keep_with_next = True

    # `List Bullet` stays as the template defines it: bullets from the w:numPr in
    # the style, and contextual spacing (Normal's space only after the whole list).

    ensure_footnotes(document)
    footnote_text = styles["footnote text"]
    _set_size(footnote_text, 9)
    footnote_text.paragraph_format.space_after = Pt(2)
    footnote_text.paragraph_format.line_spacing = 1.0

    # The language Word uses for the theme fonts and for proofing new text.
    settings = document.settings.element
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), LANGUAGE)


def _set_font(rpr: BaseOxmlElement, name: str) -> None:
    """Use font `name` for all scripts; theme fonts would take precedence over it."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _set_size(style, points: int) -> None:
    """The size of the style's text, for complex scripts (such as Arabic) too."""
    style.font.size = Pt(points)
    rpr = style.element.get_or_add_rPr()
    size_cs = rpr.find(qn("w:szCs"))
    if size_cs is None:
        size_cs = OxmlElement("w:szCs")
        rpr.find(qn("w:sz")).addnext(size_cs)
    size_cs.set(qn("w:val"), str(points * 2))


def _set_language(rpr: BaseOxmlElement, language: str) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), language)


def _set_properties(document: Document, letter: Letter) -> None:
    def clip(text: str) -> str:
        return xml_safe(text)[:_PROPERTY_MAX]

    now = datetime.datetime.now(datetime.UTC).replace(microsecond=0, tzinfo=None)
    properties = document.core_properties
    properties.title = clip(letter.title)
    properties.subject = "Solidaire Steden en Gemeenten"
    properties.author = clip(letter.signature)
    properties.last_modified_by = clip(letter.signature)
    properties.language = LANGUAGE
    properties.category = "Brief"
    properties.keywords = f"brief {letter.kind}; sjabloon v{letter.template_version}"
    properties.comments = (
        f"Brief van een inwoner ({letter.kind}), sjabloon v{letter.template_version}"
    )
    properties.created = properties.modified = now
    properties.revision = 1
    # The template's preview picture shows another document: leave it out.
    package_rels = document.part.package.rels
    for r_id in [r_id for r_id, rel in package_rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package_rels[r_id]


def _add_page_number(document: Document) -> None:
    """Page numbers, centred in the footer, as a field that Word updates."""
    footer = document.sections[0].footer
    paragraph = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple", {qn("w:instr"): " PAGE "})
    run = OxmlElement("w:r")
    run.get_or_add_rPr().sz_val = Pt(9)
    run.add_t("1")  # shown until the field is updated
    field.append(run)
    paragraph._p.append(field)
