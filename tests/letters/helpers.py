"""Plain helpers for the letter tests: a resident's letter through the form (fixtures:
conftest.py; collective letters: collective_helpers.py; letters by mail: letters_by_mail.py)."""

import io
import re
from urllib.parse import urlsplit

from pypdf import PdfReader

DETAILS = {
    "naam": "An Peeters",
    "email": "an@example.be",
    "telefoon": "0470 12 34 56",
    "bestuur": "gemeente",
    "persoonlijke_alinea": "Ik woon al twintig jaar in Hove en help graag mee.",
    "keuze_1": "housing",
    "keuze_2": "",
    "keuze_3": "",
}
CONFIRM_LINK = re.compile(r"https?://\S+/brief/bevestig/[\w:-]+/")
MY_DATA_LINK = re.compile(r"https?://\S+/brief/mijn-gegevens/[\w:-]+/")


def send(client, slug: str = "hove", **changes):
    from solidair.letters.forms.common import form_started_value

    data = {**DETAILS, "kopie": "on", "website": "", "begonnen": form_started_value(), **changes}
    return client.post(f"/brief/{slug}/verstuur/", {k: v for k, v in data.items() if v is not None})


def plain(message) -> str:
    return message.get_body(("plain",)).get_content()


def confirm_path(message) -> str:
    return urlsplit(CONFIRM_LINK.search(plain(message)).group(0)).path


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())
