"""What a journey reads: mails, links in them, the PDF a council receives, QR codes, the
reference data the councils' addresses come from."""

import csv
import io
import re
from email.message import EmailMessage
from pathlib import Path

import segno
from pypdf import PdfReader

CONTACTS = (
    Path(__file__).resolve().parents[3]
    / "solidair"
    / "municipalities"
    / "data"
    / "municipal-contacts-2025.csv"
)
# The coordinators' address of the installation the journeys use.
COORDINATOR = "coordinatie@journeys.example"
LINK = re.compile(r"https?://[^\s<>\"']+")
IMAGE_LOADED = "img => img.complete && img.naturalWidth > 0"


def council_email(refnis: str) -> str:
    """The council's address in the reference data (the Organisatieportaal's general e-mail)."""
    with CONTACTS.open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if row[0] == refnis:
                return row[2]
    raise LookupError(refnis)


def words(text: str) -> str:
    return " ".join(text.split())


def body_text(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("plain",))
    return part.get_content() if part is not None else ""


def links(message: EmailMessage) -> list[str]:
    return LINK.findall(body_text(message))


def link_in(message: EmailMessage, fragment: str) -> str:
    return next(link for link in links(message) if fragment in link)


def pdf_text(message: EmailMessage) -> str:
    [pdf] = [
        part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"
    ]
    pages = PdfReader(io.BytesIO(pdf.get_content())).pages
    return words(" ".join(page.extract_text() for page in pages))


def qr_modules(svg: bytes) -> str:
    return re.search(rb'<path[^>]* d="([^"]+)"', svg).group(1).decode()


def qr_of(url: str) -> str:
    """The QR code of ``url`` as the site draws it: the same modules decode to ``url``."""
    out = io.BytesIO()
    segno.make(url, error="m").save(out, kind="svg", scale=10, border=4, xmldecl=False)
    return qr_modules(out.getvalue())
