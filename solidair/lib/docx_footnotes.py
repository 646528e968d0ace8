"""Real Word footnotes for python-docx documents (python-docx has no footnote API).

A footnote in WordprocessingML lives in two places:

- in the text, a run holding `<w:footnoteReference w:id="N"/>` (Word shows the
  footnote's number there and numbers footnotes itself, in document order);
- in the `word/footnotes.xml` part, a `<w:footnote w:id="N">` with the note's
  paragraphs, starting with a run holding `<w:footnoteRef/>` (the number again).

The footnotes part also holds two special footnotes that Word requires: the
separator line above the notes (id -1) and the one used when notes continue on
the next page (id 0), which `settings.xml` lists in its `w:footnotePr`. The part
is related from the main document part and, like any part, has its content type
in `[Content_Types].xml` (python-docx writes that from the part when saving).

Usage::

    document = docx.Document()
    paragraph = document.add_paragraph("Some text")
    add_footnote(paragraph, "The note's text.")
"""

import re
from typing import cast

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import PartFactory, XmlPart
from docx.oxml.ns import nsdecls, qn
from docx.oxml.parser import OxmlElement, parse_xml
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.parts.document import DocumentPart
from docx.text.paragraph import Paragraph

SEPARATOR_ID = -1
CONTINUATION_SEPARATOR_ID = 0

FOOTNOTE_TEXT_STYLE = "FootnoteText"
FOOTNOTE_REFERENCE_STYLE = "FootnoteReference"

# Characters that XML 1.0 does not allow (most C0 controls, lone surrogates,
# U+FFFE/U+FFFF); lxml refuses them, so they are dropped from any text.
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """`text` without the characters that cannot appear in an XML document."""
    return _XML_INVALID.sub("", text)


class FootnotesPart(XmlPart):
    """The `word/footnotes.xml` part, kept as XML so that notes can be added."""


# Documents opened from now on get their footnotes part parsed as XML.
PartFactory.part_type_for[CT.WML_FOOTNOTES] = FootnotesPart

_SPECIAL_FOOTNOTES = f"""\
<w:footnotes {nsdecls("w", "r")}>
  <w:footnote w:type="separator" w:id="{SEPARATOR_ID}">
    <w:p>
      <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:separator/></w:r>
    </w:p>
  </w:footnote>
  <w:footnote w:type="continuationSeparator" w:id="{CONTINUATION_SEPARATOR_ID}">
    <w:p>
      <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
      <w:r><w:continuationSeparator/></w:r>
    </w:p>
  </w:footnote>
</w:footnotes>
"""

# Word's built-in definitions (the lowercase names mark them as built-in styles).
_STYLES = {
    FOOTNOTE_TEXT_STYLE: f"""\
<w:style {nsdecls("w")} w:type="paragraph" w:styleId="{FOOTNOTE_TEXT_STYLE}">
  <w:name w:val="footnote text"/>
  <w:basedOn w:val="Normal"/>
  <w:uiPriority w:val="99"/>
  <w:semiHidden/>
  <w:unhideWhenUsed/>
  <w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>
  <w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr>
</w:style>
""",
    FOOTNOTE_REFERENCE_STYLE: f"""\
<w:style {nsdecls("w")} w:type="character" w:styleId="{FOOTNOTE_REFERENCE_STYLE}">
  <w:name w:val="footnote reference"/>
  <w:basedOn w:val="DefaultParagraphFont"/>
  <w:uiPriority w:val="99"/>
  <w:semiHidden/>
  <w:unhideWhenUsed/>
  <w:rPr><w:vertAlign w:val="superscript"/></w:rPr>
</w:style>
""",
}

# What follows `w:footnotePr` in CT_Settings (ECMA-376 Part 1, 17.15.1.78).
_SETTINGS_AFTER_FOOTNOTE_PR = (
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "sl:schemaLibrary",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def ensure_footnotes(document: Document | DocumentPart) -> BaseOxmlElement:
    """Make `document` ready for footnotes; returns its `w:footnotes` element.

    Adds what is missing, and only that: the footnotes part and its relationship,
    the separator footnotes, the footnote styles and `w:footnotePr` in the
    settings. Safe to call any number of times.
    """
    part = document.part if isinstance(document, Document) else document
    footnotes = _footnotes_part(part).element
    present = {el.get(qn("w:type")) for el in footnotes.iterchildren(qn("w:footnote"))}
    defaults = list(parse_xml(_SPECIAL_FOOTNOTES).iterchildren(qn("w:footnote")))
    for position, note in enumerate(defaults):
        if note.get(qn("w:type")) not in present:
            footnotes.insert(position, note)
    special_ids = [
        el.get(qn("w:id"))
        for el in footnotes.iterchildren(qn("w:footnote"))
        if el.get(qn("w:type")) in ("separator", "continuationSeparator")
    ]
    _ensure_styles(part)
    _ensure_settings(part, special_ids)
    return footnotes


def add_footnote(paragraph: Paragraph, text: str) -> int:
    """Add a footnote with `text`, referenced at the current end of `paragraph`.

    Returns the footnote's id; Word shows its own number, counting the notes in
    document order. `text` is plain text (never markup); characters that XML
    does not allow are dropped.
    """
    part = cast(DocumentPart, paragraph.part.package.main_document_part)
    footnotes = ensure_footnotes(part)
    ids = [int(el.get(qn("w:id"))) for el in footnotes.iterchildren(qn("w:footnote"))]
    footnote_id = max([0, *ids]) + 1

    _reference_run(paragraph._p.add_r(), "w:footnoteReference", footnote_id)

    note = OxmlElement("w:footnote", {qn("w:id"): str(footnote_id)})
    p = OxmlElement("w:p")
    note.append(p)
    footnotes.append(note)
    p.get_or_add_pPr().style = FOOTNOTE_TEXT_STYLE
    _reference_run(p.add_r(), "w:footnoteRef")
    note_paragraph = Paragraph(p, paragraph._parent)
    note_paragraph.add_run(" ")
    note_paragraph.add_run(xml_safe(text))
    return footnote_id


def _reference_run(run: BaseOxmlElement, tag: str, footnote_id: int | None = None) -> None:
    r_pr = run.get_or_add_rPr()
    r_pr.style = FOOTNOTE_REFERENCE_STYLE
    # Also as direct formatting, for consumers that ignore the character style.
    r_pr.superscript = True
    attributes = {} if footnote_id is None else {qn("w:id"): str(footnote_id)}
    run.append(OxmlElement(tag, attributes))


def _footnotes_part(document_part: DocumentPart) -> XmlPart:
    for rel in document_part.rels.values():
        if rel.reltype != RT.FOOTNOTES or rel.is_external:
            continue
        part = rel.target_part
        if not isinstance(part, XmlPart):
            # Loaded as an opaque part (the document was opened before this
            # module registered FootnotesPart): use a parsed copy instead.
            parsed = FootnotesPart(
                part.partname, part.content_type, parse_xml(part.blob), part.package
            )
            parsed._rels = part.rels
            rel._target = parsed
            part = parsed
        return part
    package = document_part.package
    taken = {str(p.partname) for p in package.iter_parts()}
    partname = (
        PackURI("/word/footnotes.xml")
        if "/word/footnotes.xml" not in taken
        else package.next_partname("/word/footnotes%d.xml")
    )
    part = FootnotesPart(partname, CT.WML_FOOTNOTES, parse_xml(_SPECIAL_FOOTNOTES), package)
    document_part.relate_to(part, RT.FOOTNOTES)
    return part


def _ensure_styles(document_part: DocumentPart) -> None:
    styles = document_part.styles.element
    for style_id, xml in _STYLES.items():
        if styles.get_by_id(style_id) is None:
            styles.append(parse_xml(xml))


def _ensure_settings(document_part: DocumentPart, special_ids: list[str]) -> None:
    settings = document_part._settings_part.element
    footnote_pr = settings.find(qn("w:footnotePr"))
    if footnote_pr is None:
        footnote_pr = OxmlElement("w:footnotePr")
        settings.insert_element_before(footnote_pr, *_SETTINGS_AFTER_FOOTNOTE_PR)
    listed = {el.get(qn("w:id")) for el in footnote_pr.iterchildren(qn("w:footnote"))}
    # The w:footnote entries come last in w:footnotePr (after w:pos, w:numFmt...).
    for special_id in special_ids:
        if special_id not in listed:
            footnote_pr.append(OxmlElement("w:footnote", {qn("w:id"): special_id}))
